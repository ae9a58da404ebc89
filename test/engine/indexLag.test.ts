import { describe, expect, it } from 'vitest';
import type { EngineSettings } from '#shared/engine/config/EngineSettings.ts';
import type { EngineEvent } from '#shared/engine/ingest/EngineEvent.ts';
import { ingestBatch } from '#shared/engine/ingest/ingestBatch.ts';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import { LaggingIndexStore } from './LaggingIndexStore.ts';
import {
  batchOf,
  config,
  type DecisionCase,
  Driver,
  event,
  LOG_GROUP,
  marker,
  replayCase,
  run,
} from './support.ts';

/**
 * On DynamoDB the open incidents of a log group are listed through a global secondary index, which is
 * eventually consistent: right after a batch writes its incidents, the listing may not show them (or
 * show an older version). The engine's decisions must not depend on the index having caught up.
 */

/** A driver whose index catches up between invocations (batches, sweeps), never during one. */
class LaggingDriver extends Driver {
  constructor(
    readonly lagging: LaggingIndexStore,
    cfg: EngineSettings,
  ) {
    super(lagging, cfg);
  }
  override async ingest(events: EngineEvent[]) {
    await this.lagging.catchUp();
    return super.ingest(events);
  }
  override async sweepAt(seconds: number) {
    await this.lagging.catchUp();
    return super.sweepAt(seconds);
  }
}

const CASES: DecisionCase[] = [
  {
    name: 'config cause: page on first sight, in its own batch',
    events: () => [event('i-a', 0, 'permission')],
    expected: ['page:config-first-sight:i-a'],
  },
  {
    name: 'config cause in the middle of a deployment: page',
    windows: [marker('d-1', 0, 300)],
    events: () => [...run('i-a', 0, 20, 'refused'), event('i-b', 40, 'permission')],
    sweeps: [400],
    expected: ['page:config-first-sight:i-b', 'resolved:resolved:i-b', 'digest:deployment-digest:-'],
  },
  {
    name: 'capacity cause at the rate: page',
    events: () => run('i-a', 0, 270, 'timeout', 30),
    expected: ['page:capacity-rate:i-a'],
  },
  {
    name: 'restart lasting past grace, in 10 s batches: page',
    events: () => run('i-a', 0, 120, 'refused'),
    expected: ['page:restart-persisting:i-a'],
  },
  {
    name: 'restart shorter than grace: no page',
    events: () => run('i-a', 0, 20, 'refused'),
    sweeps: [60, 120, 400],
    expected: [],
  },
  {
    name: 'fleet outage: one fleet page, none per instance',
    events: () => [
      ...run('i-a', 0, 150, 'refused'),
      ...run('i-b', 0, 150, 'refused'),
      ...run('i-c', 1, 150, 'refused'),
    ],
    expected: ['page:fleet-outage:fleet'],
  },
  {
    name: 'rolling wave: digest, no page',
    events: () => [
      ...run('i-a', 0, 5, 'refused'),
      ...run('i-b', 10, 15, 'refused'),
      ...run('i-c', 20, 25, 'refused'),
    ],
    sweeps: [60, 120, 180, 240, 300],
    expected: ['digest:deployment-digest:-'],
  },
  {
    name: 'rolling wave whose last instance never comes back: page naming it',
    events: () => [
      ...run('i-a', 0, 5, 'refused'),
      ...run('i-b', 10, 15, 'refused'),
      ...run('i-c', 20, 200, 'refused', 2),
    ],
    sweeps: [60, 120, 180],
    expected: ['page:restart-persisting:i-c', 'digest:deployment-digest:-'],
  },
  {
    name: 'long restart in many batches: exactly one page, then resolved',
    events: () => run('i-a', 0, 600, 'refused'),
    sweeps: [300, 600, 901],
    expected: ['page:restart-persisting:i-a', 'resolved:resolved:i-a'],
  },
];

describe('decisions do not depend on the incident index having caught up', () => {
  it.each(CASES)('$name', async (c) => {
    const consistent = await replayCase(c, new Driver(new MemoryStateStore(), config()));
    const lagging = await replayCase(c, new LaggingDriver(new LaggingIndexStore(), config()));
    expect(consistent).toEqual(c.expected);
    expect(lagging).toEqual(c.expected);
  });

  it('a batch decides on the versions it wrote, not the older ones the index still shows', async () => {
    const store = new LaggingIndexStore();
    const cfg = config();
    // The first batch opens a capacity incident (below the rate); the index catches up with it.
    await ingestBatch(batchOf(run('i-a', 0, 100, 'timeout', 25)), store, cfg);
    await store.catchUp();
    // The next batch takes it past the rate; the index still shows the older version.
    const second = await ingestBatch(batchOf(run('i-a', 125, 250, 'timeout', 25)), store, cfg);
    const fleet = (await store.inner.listIncidents({ logGroup: LOG_GROUP })).find((i) => i.instance === null);
    expect(second.alerts.map((a) => a.alert.key)).toEqual([`page#${fleet?.id}`]);
    expect(second.alerts[0]?.alert.count).toBe(11);
  });

  it('an incident the index still shows open after a newer one of its slot started is not decided on', async () => {
    const store = new LaggingIndexStore();
    const cfg = config();
    const driver = new LaggingDriver(store, cfg);
    await driver.ingest([event('i-a', 0, 'permission')]);
    await driver.sweepAt(301); // resolved: incident #1 (instance and fleet) closes
    expect(driver.kinds()).toEqual(['page:config-first-sight:i-a', 'resolved:resolved:i-a']);
    // The index has not seen the sweep's writes: it still lists #1 of both slots as open.
    const listed = await store.listIncidents({ logGroup: LOG_GROUP, openOnly: true });
    expect(listed.map((i) => [i.instance, i.seq])).toEqual([
      ['i-a', 1],
      [null, 1],
    ]);
    // A new incident of the same slot (seq 2) within the cooldown: held back, and only seq 2 is judged.
    const result = await ingestBatch(batchOf([event('i-a', 400, 'permission')]), store, cfg);
    expect(result.alerts).toEqual([]);
    expect(result.suppressed.map((s) => s.alert.key)).toEqual([expect.stringMatching(/#2$/)]);
    // Its key is known before it is rendered (a replay reports each held-back key once), and the
    // alert is rendered once, however often it is read.
    const held = result.suppressed[0]!;
    expect(held.key).toBe(held.alert.key);
    expect(held.alert).toBe(held.alert);
    expect(held.alert.kind).toBe('page');
  });
});
