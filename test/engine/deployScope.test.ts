import { describe, expect, it } from 'vitest';
import { scopeSignal } from '#shared/deploy/scopeSignal.ts';
import { validateEngineConfig } from '#shared/engine/config/EngineConfig.ts';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import { windowApplies } from '#shared/engine/windows/deployWindows.ts';
import type { DeployWindow } from '#shared/model/index.ts';
import { at, config, Driver, LOG_GROUP, marker, replayCase, run as runEvents } from './support.ts';

const runOn = (instance: string, from: number, to: number) => runEvents(instance, from, to, 'refused');

const STAGING = '/ec2/staging/nginx/error';
const window = (
  w: {
    [K in keyof DeployWindow]?: DeployWindow[K] extends string[] | undefined
      ? readonly string[]
      : DeployWindow[K];
  },
): DeployWindow => ({
  id: 'd-1',
  source: 'marker',
  start: at(0),
  end: at(60),
  expiresAt: 0,
  ...(w as Partial<DeployWindow>),
});

describe('windowApplies: a deploy window holds pages only inside its scope', () => {
  it.each([
    ['scoped to the log group', { logGroups: [LOG_GROUP] }, 'all', true],
    ['scoped to another log group', { logGroups: [STAGING] }, 'all', false],
    ['scoped to several, this one among them', { logGroups: [STAGING, LOG_GROUP] }, 'none', true],
    ['unscoped, policy all', {}, 'all', true],
    ['unscoped, policy none', {}, 'none', false],
    ['names other instances', { logGroups: [LOG_GROUP], instances: ['i-b'] }, 'all', false],
    ['names this instance', { logGroups: [LOG_GROUP], instances: ['i-b', 'i-a'] }, 'all', true],
    [
      'inferred wave: the instance that never came back belongs to it',
      { source: 'inferred' as const, logGroups: [LOG_GROUP], instances: ['i-b'] },
      'none',
      true,
    ],
  ] as const)('%s', (_name, fields, policy, expected) => {
    expect(windowApplies(window(fields), LOG_GROUP, 'i-a', { unscopedDeployWindows: policy })).toBe(expected);
  });
});

describe('scopeSignal: deployment sources mapped to log groups', () => {
  const scopes = validateEngineConfig({
    deployScopes: { 'codedeploy:shop/shop-prod': ['/prod/b', '/prod/a'], 'asg:web-staging': [STAGING] },
  });
  const base = { key: 'd-1', recurring: false, seen: 0 };
  it.each([
    ['a mapped CodeDeploy group', { scope: 'codedeploy:shop/shop-prod' }, ['/prod/a', '/prod/b']],
    ['a mapped Auto Scaling group', { scope: 'asg:web-staging' }, [STAGING]],
    ['an unmapped CodeDeploy group stays unscoped', { scope: 'codedeploy:shop/other' }, undefined],
    [
      'a Beanstalk environment maps to its own error-log group',
      { scope: 'beanstalk:shop-prod' },
      ['/aws/elasticbeanstalk/shop-prod/var/log/nginx/error.log'],
    ],
    ['log groups the event names win', { scope: 'asg:web-staging', logGroups: ['/x'] }, ['/x']],
    ['no scope at all', {}, undefined],
  ])('%s', (_name, fields, expected) => {
    expect(scopeSignal({ ...base, ...fields }, scopes).logGroups).toEqual(expected);
  });

  it('refuses a malformed mapping, naming the key', () => {
    expect(() => validateEngineConfig({ deployScopes: { 'prod-app': ['/x'] } })).toThrow(
      /deployScopes.*prod-app/,
    );
    expect(() => validateEngineConfig({ deployScopes: { 'asg:x': [] } })).toThrow(/asg:x/);
    expect(() => validateEngineConfig({ unscopedDeployWindows: 'some' })).toThrow(/unscopedDeployWindows/);
  });
});

describe('a staging deploy during a prod outage', () => {
  const stagingDeploy = { ...marker('d-STAGING', 0, 600), logGroups: [STAGING] };

  it('does not hold the prod restart page', async () => {
    const driver = new Driver(new MemoryStateStore(), config());
    const kinds = await replayCase(
      {
        name: 'staging deploy, prod restart past grace',
        windows: [stagingDeploy],
        events: () => runOn('i-a', 30, 200),
        expected: [],
      },
      driver,
    );
    expect(kinds).toEqual(['page:restart-persisting:i-a']);
  });

  it('an unscoped marker holds it only where the config says unscoped markers apply everywhere', async () => {
    const unscoped = { id: 'd-ANY', source: 'marker' as const, start: at(0), end: at(600) };
    const run = async (policy: 'all' | 'none') =>
      replayCase(
        { name: policy, windows: [unscoped], events: () => runOn('i-a', 30, 200), expected: [] },
        new Driver(new MemoryStateStore(), config({ unscopedDeployWindows: policy })),
      );
    expect(await run('none')).toEqual(['page:restart-persisting:i-a']);
    expect(await run('all')).toEqual([]);
  });

  it('a prod deploy naming the failing instance holds it; one naming another instance does not', async () => {
    const run = async (instances: string[]) =>
      replayCase(
        {
          name: instances.join(),
          windows: [marker('d-PROD', 0, 600, instances)],
          events: () => runOn('i-a', 30, 200),
          expected: [],
        },
        new Driver(new MemoryStateStore(), config()),
      );
    expect(await run(['i-a'])).toEqual([]);
    expect(await run(['i-b'])).toEqual(['page:restart-persisting:i-a']);
  });
});
