import { describe, expect, it } from 'vitest';
import { applyDeploySignal } from '#shared/deploy/applyDeploySignal.ts';
import type { DeploySignal } from '#shared/deploy/DeploySignal.ts';
import { readDeployEvent } from '#shared/deploy/readDeployEvent.ts';
import type { DeployWindow } from '#shared/model/index.ts';
import {
  beanstalkHealth,
  beanstalkStatus,
  codeDeployDeployment,
  codeDeployInstance,
  customDeploy,
  instanceRefresh,
  launchSuccessful,
  terminateLifecycleAction,
} from './deployEventFixtures.ts';

const ms = (iso: string) => Date.parse(iso);
const T = '2026-03-14T10:00:00Z';
const T5 = '2026-03-14T10:05:00Z';

describe('readDeployEvent', () => {
  it.each<[string, unknown, Partial<DeploySignal>]>([
    [
      'CodeDeploy deployment START',
      codeDeployDeployment('START', T),
      { key: 'd-7HT4L2XQB', start: ms(T), label: 'CodeDeploy shop/shop-prod' },
    ],
    [
      'CodeDeploy deployment SUCCESS',
      codeDeployDeployment('SUCCESS', T5),
      { key: 'd-7HT4L2XQB', end: ms(T5) },
    ],
    [
      'CodeDeploy deployment FAILURE',
      codeDeployDeployment('FAILURE', T5),
      { key: 'd-7HT4L2XQB', end: ms(T5) },
    ],
    ['CodeDeploy deployment STOP', codeDeployDeployment('STOP', T5), { key: 'd-7HT4L2XQB', end: ms(T5) }],
    [
      'CodeDeploy deployment READY (blue/green wait)',
      codeDeployDeployment('READY', T5),
      { key: 'd-7HT4L2XQB', start: undefined, end: undefined, seen: ms(T5) },
    ],
    [
      'CodeDeploy instance START names its instance and scope, never opens or closes',
      codeDeployInstance('START', T),
      {
        key: 'd-7HT4L2XQB',
        start: undefined,
        end: undefined,
        instances: ['i-0a1b2c3d4e5f60718'],
        scope: 'codedeploy:shop/shop-prod',
        seen: ms(T),
      },
    ],
    [
      'refresh Started',
      instanceRefresh('Started', T),
      {
        key: 'asg-refresh-c613620e-07e2-4ed2-a9e2-ef8258911ade',
        start: ms(T),
        scope: 'asg:shop-web-asg',
        label: 'Auto Scaling instance refresh of shop-web-asg',
      },
    ],
    [
      'refresh Succeeded',
      instanceRefresh('Succeeded', T5),
      { key: 'asg-refresh-c613620e-07e2-4ed2-a9e2-ef8258911ade', end: ms(T5) },
    ],
    ['refresh Cancelled', instanceRefresh('Cancelled', T5), { end: ms(T5) }],
    [
      'refresh Checkpoint Reached',
      instanceRefresh('Checkpoint Reached', T5),
      { start: undefined, end: undefined, seen: ms(T5) },
    ],
    [
      'refresh Rollback Started',
      instanceRefresh('Rollback Started', T5),
      { key: 'asg-refresh-c613620e-07e2-4ed2-a9e2-ef8258911ade-rollback', start: ms(T5) },
    ],
    [
      'refresh Rollback Failed',
      instanceRefresh('Rollback Failed', T5),
      { key: 'asg-refresh-c613620e-07e2-4ed2-a9e2-ef8258911ade-rollback', end: ms(T5) },
    ],
    [
      'instance launch successful (StartTime..EndTime, that instance only)',
      launchSuccessful('i-0fedcba9876543210', '2026-03-14T10:00:10.120Z', '2026-03-14T10:01:42.800Z'),
      {
        key: 'asg-launch-i-0fedcba9876543210',
        start: ms('2026-03-14T10:00:10.120Z'),
        end: ms('2026-03-14T10:01:42.800Z'),
        instances: ['i-0fedcba9876543210'],
      },
    ],
    [
      'terminate lifecycle action (opens, no end yet)',
      terminateLifecycleAction('i-0a1b2c3d4e5f60718', T),
      {
        key: 'asg-terminate-i-0a1b2c3d4e5f60718',
        start: ms(T),
        end: undefined,
        instances: ['i-0a1b2c3d4e5f60718'],
      },
    ],
    [
      'Beanstalk update started (EventDate is more precise)',
      beanstalkStatus('Environment update started', T, ms(T) + 951, 'Environment update is starting.'),
      { key: 'eb:shop-prod', recurring: true, start: ms(T) + 951, label: 'Elastic Beanstalk shop/shop-prod' },
    ],
    [
      'Beanstalk update successful',
      beanstalkStatus(
        'Environment update successful',
        T5,
        ms(T5),
        'Environment update completed successfully.',
      ),
      { key: 'eb:shop-prod', recurring: true, end: ms(T5) },
    ],
    [
      'Beanstalk update failed',
      beanstalkStatus('Environment update failed', T5, ms(T5), 'Failed to deploy configuration.'),
      { key: 'eb:shop-prod', end: ms(T5) },
    ],
    [
      'custom Deployment Started with instances and log group',
      customDeploy('Deployment Started', T, {
        id: 'gh-run-4411',
        instances: ['i-1', 'i-2'],
        logGroup: '/ec2/nginx/error.log',
      }),
      {
        key: 'gh-run-4411',
        start: ms(T),
        instances: ['i-1', 'i-2'],
        logGroups: ['/ec2/nginx/error.log'],
        label: 'Deployment gh-run-4411',
      },
    ],
    [
      'custom Deployment Finished',
      customDeploy('Deployment Finished', T5, { id: 'gh-run-4411' }),
      { key: 'gh-run-4411', end: ms(T5), instances: undefined },
    ],
    [
      'custom label: control characters removed, bounded',
      customDeploy('Deployment Started', T, { id: 'x', label: `v1.2\r\nInjected: header${'!'.repeat(300)}` }),
      { label: `${`v1.2 Injected: header${'!'.repeat(300)}`.slice(0, 197)}...` },
    ],
  ])('%s', (_name, event, expected) => {
    const reading = readDeployEvent(event);
    expect(reading.kind).toBe('signal');
    if (reading.kind !== 'signal') return;
    for (const [key, value] of Object.entries(expected)) {
      expect(reading.signal[key as keyof DeploySignal], key).toEqual(value);
    }
  });

  it.each([
    ['a Beanstalk health change', beanstalkHealth(T)],
    [
      'a Beanstalk environment creation',
      beanstalkStatus('Environment creation started', T, ms(T), 'createEnvironment is starting.'),
    ],
    [
      'an EC2 state change',
      {
        source: 'aws.ec2',
        'detail-type': 'EC2 Instance State-change Notification',
        time: T,
        detail: { 'instance-id': 'i-1', state: 'running' },
      },
    ],
    ['an unknown custom detail-type', customDeploy('Deployment Paused', T, { id: 'x' })],
  ])('ignores %s', (_name, event) => {
    expect(readDeployEvent(event).kind).toBe('ignored');
  });

  it.each([
    ['not an object', 'CodeDeploy', 'not an object'],
    [
      'no detail',
      { source: 'aws.codedeploy', 'detail-type': 'CodeDeploy Deployment State-change Notification', time: T },
      'detail',
    ],
    ['a bad time', { ...codeDeployDeployment('START', T), time: 'yesterday' }, 'time'],
    [
      'CodeDeploy without deploymentId',
      { ...codeDeployDeployment('START', T), detail: { state: 'START' } },
      'deploymentId',
    ],
    [
      'refresh without id',
      { ...instanceRefresh('Started', T), detail: { AutoScalingGroupName: 'a' } },
      'InstanceRefreshId',
    ],
    [
      'launch without instance',
      { ...launchSuccessful('i-1', T, T5), detail: { StartTime: T } },
      'EC2InstanceId',
    ],
    [
      'Beanstalk without environment',
      {
        ...beanstalkStatus('Environment update started', T, 1, 'm'),
        detail: { Status: 'Environment update started' },
      },
      'EnvironmentName',
    ],
    ['custom without id', customDeploy('Deployment Started', T, {}), 'detail.id'],
    ['custom with a numeric id', customDeploy('Deployment Started', T, { id: 42 }), 'detail.id'],
    [
      'custom instances not an array',
      customDeploy('Deployment Started', T, { id: 'x', instances: 'i-1' }),
      'instances',
    ],
    [
      'custom instances with a number',
      customDeploy('Deployment Started', T, { id: 'x', instances: ['i-1', 7] }),
      'instances',
    ],
    ['custom empty log group', customDeploy('Deployment Started', T, { id: 'x', logGroup: '' }), 'logGroup'],
  ])('reports %s as invalid', (_name, event, fragment) => {
    const reading = readDeployEvent(event);
    expect(reading.kind).toBe('invalid');
    if (reading.kind === 'invalid') expect(reading.reason).toContain(fragment);
  });
});

describe('applyDeploySignal', () => {
  const ttl = (newest: number) => Math.floor(newest / 1000) + 86_400;
  const read = (event: unknown): DeploySignal => {
    const reading = readDeployEvent(event);
    if (reading.kind !== 'signal') throw new Error(`not a signal: ${JSON.stringify(reading)}`);
    return reading.signal;
  };
  /** Applies events in order against an in-memory list, as the handler does against the store. */
  const replay = (events: unknown[]): DeployWindow[] => {
    const windows = new Map<string, DeployWindow>();
    for (const event of events) {
      const next = applyDeploySignal([...windows.values()], read(event), ttl);
      windows.set(next.id, next);
    }
    return [...windows.values()].sort((a, b) => a.start - b.start);
  };

  it('opens and closes a CodeDeploy window; instance events name the instances deployed', () => {
    const windows = replay([
      codeDeployDeployment('START', T),
      codeDeployInstance('START', '2026-03-14T10:00:05Z'),
      codeDeployInstance('SUCCESS', '2026-03-14T10:02:00Z'),
      codeDeployInstance('START', '2026-03-14T10:02:05Z', 'i-0fedcba9876543210'),
      codeDeployDeployment('SUCCESS', T5),
    ]);
    expect(windows).toEqual([
      {
        id: 'd-7HT4L2XQB',
        source: 'marker',
        start: ms(T),
        end: ms(T5),
        instances: ['i-0a1b2c3d4e5f60718', 'i-0fedcba9876543210'],
        scope: 'codedeploy:shop/shop-prod',
        label: 'CodeDeploy shop/shop-prod',
        expiresAt: ttl(ms(T5)),
      },
    ]);
  });

  it('converges whatever the order and however often events are delivered', () => {
    const events = [
      customDeploy('Deployment Started', T, { id: 'r-1', instances: ['i-2'] }),
      customDeploy('Deployment Started', T, { id: 'r-1', instances: ['i-1'] }),
      customDeploy('Deployment Finished', T5, { id: 'r-1' }),
    ];
    const forward = replay(events);
    const backward = replay([...events].reverse());
    const twice = replay([...events, ...events]);
    expect(forward).toEqual(backward);
    expect(forward).toEqual(twice);
    expect(forward[0]).toMatchObject({ id: 'r-1', start: ms(T), end: ms(T5), instances: ['i-1', 'i-2'] });
  });

  it('gives each Beanstalk update its own window (no deployment id) and closes the newest one', () => {
    const t1 = ms(T);
    const t2 = ms(T5);
    const t3 = ms('2026-03-14T11:00:00Z');
    const t4 = ms('2026-03-14T11:04:00Z');
    const windows = replay([
      beanstalkStatus('Environment update started', T, t1, 'Environment update is starting.'),
      beanstalkStatus('Environment update successful', T5, t2, 'Environment update completed successfully.'),
      beanstalkStatus(
        'Environment update started',
        '2026-03-14T11:00:00Z',
        t3,
        'Environment update is starting.',
      ),
      beanstalkStatus(
        'Environment update successful',
        '2026-03-14T11:04:00Z',
        t4,
        'Environment update completed successfully.',
      ),
      // A redelivered end changes nothing.
      beanstalkStatus(
        'Environment update successful',
        '2026-03-14T11:04:00Z',
        t4,
        'Environment update completed successfully.',
      ),
    ]);
    expect(windows.map((w) => [w.id, w.start, w.end])).toEqual([
      [`eb:shop-prod@${t1}`, t1, t2],
      [`eb:shop-prod@${t3}`, t3, t4],
    ]);
  });

  it('keeps digestSent and the first label when a late event arrives', () => {
    const existing: DeployWindow = {
      id: 'd-7HT4L2XQB',
      source: 'marker',
      start: ms(T),
      end: ms(T5),
      label: 'CodeDeploy shop/shop-prod',
      digestSent: true,
      expiresAt: 1,
    };
    const next = applyDeploySignal(
      [existing],
      read(codeDeployInstance('SUCCESS', '2026-03-14T10:05:30Z')),
      ttl,
    );
    expect(next).toMatchObject({
      digestSent: true,
      start: ms(T),
      end: ms('2026-03-14T10:05:30Z'),
      label: 'CodeDeploy shop/shop-prod',
    });
  });
});
