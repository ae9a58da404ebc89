import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '#functions/adapters/DynamoStateStore.ts';
import { createHandler } from '#functions/deploy-events/createHandler.ts';
import { DeployEventError } from '#functions/errors.ts';
import { DEFAULT_ENGINE_SETTINGS, engineSettings } from '#shared/engine/config/index.ts';
import {
  beanstalkHealth,
  beanstalkStatus,
  codeDeployDeployment,
  codeDeployInstance,
  customDeploy,
  launchSuccessful,
  terminateSuccessful,
} from '../deploy/deployEventFixtures.ts';
import { type Dynalite, startDynalite } from './support/dynalite.ts';

let dynalite: Dynalite;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => dynalite?.stop());

async function setup(engine = DEFAULT_ENGINE_SETTINGS) {
  const store = new DynamoStateStore(dynalite.doc, await dynalite.createTable());
  const logs: Record<string, unknown>[] = [];
  const handler = createHandler({ store, engine, log: (r) => logs.push({ ...r }) });
  return { store, logs, handler };
}

const ms = (iso: string) => Date.parse(iso);

describe('deploy-events handler on dynalite', () => {
  it('records a CodeDeploy deployment as one window, whatever the instance events in between', async () => {
    const { store, handler, logs } = await setup();
    await handler(codeDeployDeployment('START', '2026-03-14T10:00:00Z'));
    await handler(codeDeployInstance('START', '2026-03-14T10:00:04Z'));
    await handler(codeDeployInstance('SUCCESS', '2026-03-14T10:01:30Z', 'i-0fedcba9876543210'));
    expect(await handler(codeDeployDeployment('SUCCESS', '2026-03-14T10:04:00Z'))).toEqual({
      status: 'recorded',
      window: 'd-7HT4L2XQB',
    });
    // Redelivery of the start changes nothing.
    await handler(codeDeployDeployment('START', '2026-03-14T10:00:00Z'));
    const windows = await store.listDeployWindows(ms('2026-03-14T09:00:00Z'), ms('2026-03-14T11:00:00Z'));
    expect(windows).toEqual([
      {
        id: 'd-7HT4L2XQB',
        source: 'marker',
        start: ms('2026-03-14T10:00:00Z'),
        end: ms('2026-03-14T10:04:00Z'),
        // The instance events name the instances the deployment touched: the window covers them only.
        instances: ['i-0a1b2c3d4e5f60718', 'i-0fedcba9876543210'],
        scope: 'codedeploy:shop/shop-prod',
        label: 'CodeDeploy shop/shop-prod',
        expiresAt: Math.floor(ms('2026-03-14T10:04:00Z') / 1000) + DEFAULT_ENGINE_SETTINGS.retentionMs / 1000,
        // Five events, five conditional writes.
        version: 5,
      },
    ]);
    expect(logs.at(-1)).toMatchObject({ type: 'deploy_window', id: 'd-7HT4L2XQB' });
  });

  it('scopes windows to the log groups their source deploys to', async () => {
    const { store, handler } = await setup(
      engineSettings({ deployScopes: { 'codedeploy:shop/shop-prod': ['/prod/nginx/error'] } }),
    );
    await handler(codeDeployDeployment('START', '2026-03-14T10:00:00Z'));
    await handler(
      beanstalkStatus(
        'Environment update started',
        '2026-03-14T11:00:00Z',
        ms('2026-03-14T11:00:00Z'),
        'Environment update is starting.',
      ),
    );
    await handler(
      customDeploy('Deployment Started', '2026-03-14T12:00:00Z', { id: 'gh-1', logGroups: ['/a', '/b'] }),
    );
    const windows = await store.listDeployWindows(ms('2026-03-14T09:00:00Z'), ms('2026-03-14T13:00:00Z'));
    const scopes = Object.fromEntries(windows.map((w) => [w.id.replace(/@.*/, ''), w.logGroups]));
    expect(scopes).toEqual({
      'd-7HT4L2XQB': ['/prod/nginx/error'],
      'eb:shop-prod': ['/aws/elasticbeanstalk/shop-prod/var/log/nginx/error.log'],
      'gh-1': ['/a', '/b'],
    });
  });

  it("counts Auto Scaling launches and terminations in the fleet of the group's log groups", async () => {
    const { store, handler, logs } = await setup(
      engineSettings({ deployScopes: { 'asg:shop-web-asg': ['/prod/a', '/prod/b'] } }),
    );
    await handler(launchSuccessful('i-new', '2026-03-14T10:00:00Z', '2026-03-14T10:01:00Z'));
    // Redelivered: still one member per log group.
    await handler(launchSuccessful('i-new', '2026-03-14T10:00:00Z', '2026-03-14T10:01:00Z'));
    await handler(launchSuccessful('i-gone', '2026-03-14T10:00:00Z', '2026-03-14T10:01:00Z'));
    await handler(terminateSuccessful('i-gone', '2026-03-14T10:05:00Z', '2026-03-14T10:06:00Z'));
    for (const group of ['/prod/a', '/prod/b']) {
      const members = await store.listMembers(group, ms('2026-03-14T09:00:00Z'));
      expect(members.map((m) => [m.instance, m.lastEvent])).toEqual([['i-new', ms('2026-03-14T10:01:00Z')]]);
    }
    // A group no scope names: no log group to count the instance in, and it says so.
    const other = await setup();
    await other.handler(launchSuccessful('i-x', '2026-03-14T10:00:00Z', '2026-03-14T10:01:00Z'));
    expect(other.logs).toContainEqual(
      expect.objectContaining({ type: 'fleet_change_unscoped', scope: 'asg:shop-web-asg', instance: 'i-x' }),
    );
    expect(logs.filter((l) => l.type === 'fleet_change')).toHaveLength(4);
  });

  it('keeps windows of different sources apart', async () => {
    const { store, handler } = await setup();
    await handler(
      customDeploy('Deployment Started', '2026-03-14T10:00:00Z', { id: 'gh-88', instances: ['i-1', 'i-2'] }),
    );
    await handler(launchSuccessful('i-3', '2026-03-14T10:00:30Z', '2026-03-14T10:02:00Z'));
    await handler(
      beanstalkStatus(
        'Environment update started',
        '2026-03-14T10:01:00Z',
        ms('2026-03-14T10:01:00Z'),
        'Environment update is starting.',
      ),
    );
    const windows = await store.listDeployWindows(ms('2026-03-14T09:00:00Z'), ms('2026-03-14T11:00:00Z'));
    expect(windows.map((w) => [w.id, w.instances ?? 'all', w.end ?? 'open']).sort()).toEqual([
      ['asg-launch-i-3', ['i-3'], ms('2026-03-14T10:02:00Z')],
      [`eb:shop-prod@${ms('2026-03-14T10:01:00Z')}`, 'all', 'open'],
      ['gh-88', ['i-1', 'i-2'], 'open'],
    ]);
  });

  it('ignores events that say nothing about deployments, writing nothing', async () => {
    const { store, handler, logs } = await setup();
    const result = await handler(beanstalkHealth('2026-03-14T10:00:00Z'));
    expect(result.status).toBe('ignored');
    expect(await store.listDeployWindows(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(logs[0]).toMatchObject({ type: 'deploy_event_ignored' });
  });

  it('fails on an event it cannot read, so it is retried and then kept', async () => {
    const { handler } = await setup();
    await expect(
      handler(customDeploy('Deployment Started', '2026-03-14T10:00:00Z', { instances: ['i-1'] })),
    ).rejects.toBeInstanceOf(DeployEventError);
    await expect(handler({ hello: 'world' })).rejects.toThrow(/no source/);
  });
});
