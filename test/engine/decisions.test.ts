import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import { at, config, type DecisionCase, Driver, event, marker, replayCase, run } from './support.ts';

const CASES: DecisionCase[] = [
  {
    name: 'config cause: page on first sight',
    events: () => [event('i-a', 0, 'permission')],
    expected: ['page:config-first-sight:i-a'],
    subject: 'nginx may not open the backend unix socket on i-a',
  },
  {
    name: 'config cause on three instances: one page for the fleet incident',
    events: () => [
      event('i-a', 0, 'permission'),
      event('i-b', 5, 'permission'),
      event('i-c', 12, 'permission'),
    ],
    expected: ['page:config-first-sight:i-a'],
  },
  {
    name: 'capacity cause below the rate: no alert',
    events: () => run('i-a', 0, 240, 'timeout', 30),
    sweeps: [600],
    expected: [],
  },
  {
    name: 'capacity cause at the rate (10 in 5 min): page',
    events: () => run('i-a', 0, 270, 'timeout', 30),
    expected: ['page:capacity-rate:i-a'],
  },
  {
    name: 'capacity threshold is configurable',
    events: () => run('i-a', 0, 120, 'timeout', 30),
    cfg: { capacityThreshold: 5 },
    expected: ['page:capacity-rate:i-a'],
  },
  {
    name: 'app cause: notify',
    events: () => [event('i-a', 0, 'fastcgi'), event('i-a', 1, 'fastcgi')],
    expected: ['notify:app-errors:i-a'],
  },
  {
    name: 'noise and lifecycle: counted, never alerted',
    events: () => [...run('i-a', 0, 100, 'clientClosed'), event('i-a', 50, 'reload')],
    sweeps: [200, 1000],
    expected: [],
  },
  {
    name: 'restart shorter than grace, no deploy known: no page',
    events: () => run('i-a', 0, 20, 'refused'),
    sweeps: [60, 120, 400],
    expected: [],
  },
  {
    name: 'restart lasting past grace: page naming the instance',
    events: () => run('i-a', 0, 120, 'refused'),
    expected: ['page:restart-persisting:i-a'],
    subject: 'i-a failing for',
  },
  {
    name: 'grace is configurable',
    events: () => run('i-a', 0, 40, 'refused'),
    cfg: { grace: 30 },
    expected: ['page:restart-persisting:i-a'],
  },
  {
    name: 'restart inside a deploy window plus grace: no page, a digest when the deploy ends',
    windows: [marker('d-1', 0, 300)],
    events: () => run('i-a', 100, 250, 'refused'),
    sweeps: [360, 400],
    expected: ['digest:deployment-digest:-'],
    subject: 'deployment d-1 on 1 instance: not zero-downtime',
  },
  {
    name: 'restart outlasting its deploy window plus grace: page naming the deployment',
    windows: [marker('d-1', 0, 60)],
    events: () => run('i-a', 30, 200, 'refused'),
    // Sweeps every minute: the deployment's digest comes due once its end plus grace passed.
    expected: ['page:restart-persisting:i-a', 'digest:deployment-digest:-'],
    subject: 'deployment d-1 left i-a failing',
  },
  {
    name: 'a window for other instances does not excuse this one',
    windows: [marker('d-1', 0, 600, ['i-b'])],
    events: () => run('i-a', 0, 120, 'refused'),
    expected: ['page:restart-persisting:i-a'],
  },
  {
    name: 'fleet outage: one fleet page, no page per instance',
    events: () => [
      ...run('i-a', 0, 150, 'refused'),
      ...run('i-b', 0, 150, 'refused'),
      ...run('i-c', 1, 150, 'refused'),
    ],
    expected: ['page:fleet-outage:fleet'],
    subject: 'fleet outage',
  },
  {
    // Issue 10.3: the overlap is the deploy (all at once): no page, the digest says it.
    name: 'instances failing together inside a deploy window: no page, the digest says so',
    windows: [marker('d-1', 0, 600)],
    events: () => [...run('i-a', 0, 30, 'refused'), ...run('i-b', 0, 30, 'refused')],
    sweeps: [700],
    expected: ['digest:deployment-digest:-'],
    subject: 'downtime on 2 of 2',
  },
  {
    name: 'instances failing together past their deploy window plus grace: one correlated page',
    windows: [marker('d-1', 0, 60)],
    events: () => [...run('i-a', 0, 300, 'refused', 2), ...run('i-b', 0, 300, 'refused', 2)],
    expected: ['page:fleet-outage:fleet', 'digest:deployment-digest:-'],
    subject: 'fleet outage: all 2 of 2 instances failing at once',
  },
  {
    name: 'fleet needs half the active instances: 2 of 5 failing is not a fleet outage',
    events: () => [
      ...['i-c', 'i-d', 'i-e'].map((i) => event(i, 0, 'clientClosed')),
      ...run('i-a', 10, 40, 'refused'),
      ...run('i-b', 10, 40, 'refused'),
    ],
    sweeps: [100],
    expected: [],
  },
  {
    name: 'rolling wave (short bursts one after another): inferred deployment, digest, no page',
    events: () => [
      ...run('i-a', 0, 5, 'refused'),
      ...run('i-b', 10, 15, 'refused'),
      ...run('i-c', 20, 25, 'refused'),
    ],
    sweeps: [60, 120, 180, 240, 300],
    expected: ['digest:deployment-digest:-'],
    subject: 'deployment inferred-2026-11-03T10:00:00Z on 3 instances',
  },
  {
    name: 'rolling wave whose last instance never comes back: page naming the inferred deployment',
    events: () => [
      ...run('i-a', 0, 5, 'refused'),
      ...run('i-b', 10, 15, 'refused'),
      ...run('i-c', 20, 200, 'refused', 2),
    ],
    sweeps: [60, 120, 180],
    expected: ['page:restart-persisting:i-c', 'digest:deployment-digest:-'],
    subject: 'deployment inferred-2026-11-03T10:00:00Z left i-c failing',
  },
  {
    name: 'a paged incident that goes quiet: resolved',
    events: () => [event('i-a', 0, 'permission')],
    sweeps: [100, 301],
    expected: ['page:config-first-sight:i-a', 'resolved:resolved:i-a'],
  },
  {
    name: 'cooldown per (scope, cause): a new incident soon after a page is held back, a later one pages',
    events: () => [
      event('i-a', 0, 'permission'),
      event('i-a', 400, 'permission'),
      event('i-a', 1000, 'permission'),
    ],
    sweeps: [301, 701],
    expected: ['page:config-first-sight:i-a', 'resolved:resolved:i-a', 'page:config-first-sight:i-a'],
  },
  {
    name: 'a fleet outage held back by the cooldown does not turn into one page per instance',
    cfg: { cooldown: 3600 },
    events: () => [
      ...['i-a', 'i-b'].flatMap((i) => [...run(i, 0, 100, 'refused'), ...run(i, 600, 800, 'refused')]),
    ],
    sweeps: [401, 900, 1200],
    expected: ['page:fleet-outage:fleet', 'resolved:resolved:fleet'],
  },
  {
    name: 'long restart in many batches: exactly one page, then resolved',
    events: () => run('i-a', 0, 600, 'refused'),
    sweeps: [300, 600, 901],
    expected: ['page:restart-persisting:i-a', 'resolved:resolved:i-a'],
  },
];

describe('alert decisions', () => {
  it.each(CASES)('$name', async (c) => {
    const driver = new Driver(new MemoryStateStore(), config(c.cfg));
    expect(await replayCase(c, driver)).toEqual(c.expected);
    if (c.subject) expect(driver.published[0]?.subject).toContain(c.subject);
  });
});

describe('nginx lifecycle windows', () => {
  it('an nginx reload opens a window on its instance that explains a restart right after it, without a digest', async () => {
    const store = new MemoryStateStore();
    const driver = new Driver(store, config({ grace: 30 }));
    // The restart outlasts grace (44 s > 30 s) but ends within the reloads' window plus grace (20 + 30 s).
    await driver.ingestAll([
      event('i-a', 0, 'reload'),
      ...run('i-a', 1, 45, 'refused'),
      event('i-a', 20, 'reload'),
    ]);
    await driver.sweepAt(400);
    const windows = await store.listDeployWindows(at(0), at(100));
    expect(windows.map((w) => [w.source, w.instances, w.start, w.end])).toEqual([
      ['lifecycle', ['i-a'], at(0), at(20)],
    ]);
    expect(driver.kinds()).toEqual([]);
  });

  it('the same restart without the reload pages', async () => {
    const driver = new Driver(new MemoryStateStore(), config({ grace: 30 }));
    await driver.ingestAll(run('i-a', 1, 45, 'refused'));
    // Restart decisions are the sweeper's (it has every instance's bursts).
    expect(driver.kinds()).toEqual([]);
    await driver.sweepAt(60);
    expect(driver.kinds()).toEqual(['page:restart-persisting:i-a']);
  });
});
