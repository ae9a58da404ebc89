import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '#functions/adapters/DynamoStateStore.ts';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import type { StateStore } from '#shared/engine/store/StateStore.ts';
import type { Incident } from '#shared/model/index.ts';
import { activity, alertRecord, deployWindow, incident, T0 } from './support/builders.ts';
import { type Dynalite, startDynalite } from './support/dynalite.ts';

let dynalite: Dynalite;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => {
  await dynalite?.stop();
});

/*
 * The same behaviour is asserted of the in-memory store (the engine's reference) and the DynamoDB store
 * on dynalite, so the Lambda cannot drift from what the CLI and the engine tests rely on.
 */
describe.each([
  ['MemoryStateStore', async () => new MemoryStateStore() as StateStore],
  [
    'DynamoStateStore on dynalite',
    async () => new DynamoStateStore(dynalite.doc, await dynalite.createTable()),
  ],
])('%s', (_name, makeStore) => {
  let store: StateStore;
  beforeEach(async () => {
    store = await makeStore();
  });

  it('remembers how far a batch got, never going back from done', async () => {
    expect(await store.batchProgress('b-1')).toBe('new');
    await store.markBatchApplied('b-1', 2_000_000_000);
    await store.markBatchApplied('b-1', 2_000_000_000);
    expect(await store.batchProgress('b-1')).toBe('applied');
    await store.markBatchDone('b-1', 2_000_000_000);
    await store.markBatchDone('b-1', 2_000_000_000);
    expect(await store.batchProgress('b-1')).toBe('done');
    // A slow duplicate invocation finishing its deltas after another finished the batch.
    await store.markBatchApplied('b-1', 2_000_000_000);
    expect(await store.batchProgress('b-1')).toBe('done');
    await store.markBatchDone('b-2', 2_000_000_000);
    expect(await store.batchProgress('b-2')).toBe('done');
    expect(await store.batchProgress('b-3')).toBe('new');
  });

  it('creates an incident once and updates it only at the expected version', async () => {
    const first = incident();
    expect(await store.putIncident(first, 0)).toBe(true);
    expect(await store.putIncident({ ...first, count: 99 }, 0)).toBe(false);
    expect(await store.getIncident(first.slot)).toEqual(first);

    const second = { ...first, version: 2, count: 20, alerted: { page: T0 + 1 } };
    expect(await store.putIncident(second, 1)).toBe(true);
    expect(await store.putIncident({ ...first, version: 2, count: 13 }, 1)).toBe(false);
    expect(await store.getIncident(first.slot)).toEqual(second);
  });

  it('lists incidents without their merge guard (appliedDeltas), which only getIncident returns', async () => {
    const stored = incident({ appliedDeltas: ['b-1#0', 'b-2#0'] });
    await store.putIncident(stored, 0);
    expect(await store.listIncidents({ logGroup: stored.logGroup })).toEqual([
      { ...stored, appliedDeltas: [] },
    ]);
    expect(await store.listIncidents({ openOnly: true })).toEqual([{ ...stored, appliedDeltas: [] }]);
    expect((await store.getIncident(stored.slot))?.appliedDeltas).toEqual(['b-1#0', 'b-2#0']);
  });

  it('returns the newest incident of a slot (seq 10 after seq 9, not before)', async () => {
    for (const seq of [1, 9, 10, 2]) {
      expect(await store.putIncident(incident({ seq, state: seq === 10 ? 'open' : 'closed' }), 0)).toBe(true);
    }
    const newest = await store.getIncident(incident().slot);
    expect(newest?.seq).toBe(10);
    expect(await store.getIncident(incident({ cause: 'upstream_timeout' }).slot)).toBeUndefined();
  });

  it('keeps optional fields absent, null instances null and nested maps intact', async () => {
    const fleet = incident({
      instance: null,
      perInstance: { 'i-1': 3, 'i-2': 4 },
      alerted: { page: T0, resolved: undefined },
      deployment: undefined,
      closedAt: undefined,
    });
    await store.putIncident(fleet, 0);
    const read = (await store.getIncident(fleet.slot)) as Incident;
    expect(read.instance).toBeNull();
    expect(read.perInstance).toEqual({ 'i-1': 3, 'i-2': 4 });
    expect(read.alerted).toEqual({ page: T0 });
    expect(read.deployment).toBeUndefined();
  });

  it('keeps what was written, whatever happens later to the written object or to one read back', async () => {
    const written = {
      inc: incident(),
      act: activity(),
      win: deployWindow({ id: 'd-iso', instances: ['i-1'] }),
    };
    await store.putIncident(written.inc, 0);
    await store.putActivity(written.act);
    await store.putDeployWindow(written.win);
    // The writer changes its own objects afterwards (a database took a copy).
    written.inc.count = 999;
    written.inc.statusCounts['504'] = 1;
    written.inc.samples.push('changed');
    written.act.restartBursts[0]!.count = 999;
    written.win.instances!.push('i-2');
    // A reader changes what it read (the memory store hands out frozen records: the change throws).
    const attempt = (change: () => void) => {
      try {
        change();
      } catch {
        // frozen: nothing changed
      }
    };
    const range = [T0 - 1, T0 + 100_000] as const;
    for (const read of [
      await store.getIncident(written.inc.slot),
      ...(await store.listIncidents({ logGroup: written.inc.logGroup })),
    ]) {
      attempt(() => {
        read!.count = 1;
      });
      attempt(() => {
        read!.statusCounts['502'] = 1;
      });
      attempt(() => read!.upstreams.push('x'));
      attempt(() => {
        read!.alerted.page = T0;
      });
      attempt(() => read!.appliedDeltas.push('b-x#0'));
    }
    for (const read of await store.listActivity(written.act.logGroup, ...range)) {
      attempt(() => {
        read.restartBursts[0]!.end = 0;
      });
      attempt(() => {
        read.statusByMinute[String(Math.floor(T0 / 60_000))]!['502'] = 0;
      });
    }
    for (const read of [await store.getDeployWindow('d-iso'), ...(await store.listDeployWindows(...range))]) {
      attempt(() => read!.instances!.push('i-9'));
      attempt(() => {
        read!.digestSent = true;
      });
    }
    expect(await store.getIncident(written.inc.slot)).toEqual(incident());
    expect(await store.listIncidents({ logGroup: written.inc.logGroup })).toEqual([
      { ...incident(), appliedDeltas: [] },
    ]);
    expect(await store.listActivity(written.act.logGroup, ...range)).toEqual([activity()]);
    expect(await store.getDeployWindow('d-iso')).toEqual(
      deployWindow({ id: 'd-iso', instances: ['i-1'], version: 1 }),
    );
  });

  it('lists incidents by log group and time range, and every open incident', async () => {
    const a = incident({ instance: 'i-a', firstSeen: T0, lastSeen: T0 + 1_000 });
    const b = incident({ instance: 'i-b', firstSeen: T0 + 60_000, lastSeen: T0 + 90_000, state: 'closed' });
    const c = incident({ instance: 'i-c', logGroup: '/other/group', firstSeen: T0, lastSeen: T0 + 500 });
    const d = incident({ instance: 'i-d', firstSeen: T0 + 120_000, lastSeen: T0 + 130_000 });
    for (const i of [a, b, c, d]) await store.putIncident(i, 0);

    const ids = async (q: Parameters<StateStore['listIncidents']>[0]) =>
      (await store.listIncidents(q)).map((i) => i.instance).sort();
    expect(await ids({ logGroup: a.logGroup })).toEqual(['i-a', 'i-b', 'i-d']);
    expect(await ids({ logGroup: a.logGroup, from: T0 + 50_000 })).toEqual(['i-b', 'i-d']);
    expect(await ids({ logGroup: a.logGroup, to: T0 + 60_000 })).toEqual(['i-a', 'i-b']);
    expect(await ids({ logGroup: a.logGroup, from: T0 + 2_000, to: T0 + 100_000 })).toEqual(['i-b']);
    expect(await ids({ openOnly: true })).toEqual(['i-a', 'i-c', 'i-d']);
    expect(await ids({ openOnly: true, logGroup: '/other/group' })).toEqual(['i-c']);

    // A log group whose name extends another's is a different group; `#` is legal in names.
    const e = incident({ instance: 'i-e', logGroup: `${a.logGroup}2`, firstSeen: T0, lastSeen: T0 + 1_000 });
    const f = incident({
      instance: 'i-f',
      logGroup: '/shop#blue/nginx',
      firstSeen: T0,
      lastSeen: T0 + 1_000,
    });
    for (const i of [e, f]) await store.putIncident(i, 0);
    expect(await ids({ openOnly: true, logGroup: a.logGroup })).toEqual(['i-a', 'i-d']);
    expect(await ids({ openOnly: true, logGroup: '/shop#blue/nginx' })).toEqual(['i-f']);
    expect(await ids({ openOnly: true, logGroup: a.logGroup, from: T0 + 100_000 })).toEqual(['i-d']);

    // An update that moves lastSeen moves the incident into a later range.
    await store.putIncident({ ...a, lastSeen: T0 + 200_000, version: 2 }, 1);
    expect(await ids({ logGroup: a.logGroup, from: T0 + 150_000 })).toEqual(['i-a']);
    a.lastSeen = T0 + 200_000;
    a.version = 2;

    // Closing an incident takes it off the open list.
    await store.putIncident({ ...a, state: 'closed', closedAt: T0 + 500_000, version: 3 }, 2);
    expect(await ids({ openOnly: true })).toEqual(['i-c', 'i-d', 'i-e', 'i-f']);
  });

  it('lists activity overlapping a time range', async () => {
    await store.putActivity(
      activity({ instance: 'i-1', batchId: 'b1', firstSeen: T0, lastSeen: T0 + 10_000 }),
    );
    await store.putActivity(
      activity({ instance: 'i-2', batchId: 'b2', firstSeen: T0 + 60_000, lastSeen: T0 + 70_000 }),
    );
    await store.putActivity(activity({ instance: 'i-3', batchId: 'b3', logGroup: '/other' }));
    // A redelivered batch overwrites its record.
    await store.putActivity(
      activity({ instance: 'i-1', batchId: 'b1', firstSeen: T0, lastSeen: T0 + 10_000 }),
    );

    const list = async (from: number, to: number) =>
      (await store.listActivity('/ec2/nginx/error.log', from, to)).map((a) => a.instance).sort();
    expect(await list(T0, T0 + 100_000)).toEqual(['i-1', 'i-2']);
    expect(await list(T0 + 20_000, T0 + 100_000)).toEqual(['i-2']);
    expect(await list(T0, T0 + 30_000)).toEqual(['i-1']);
    expect((await store.listActivity('/ec2/nginx/error.log', T0, T0 + 30_000))[0]).toEqual(
      activity({ instance: 'i-1', batchId: 'b1', firstSeen: T0, lastSeen: T0 + 10_000 }),
    );
  });

  it('stores deploy windows and lists the ones overlapping a range (open windows overlap the future)', async () => {
    expect(await store.putDeployWindow(deployWindow({ id: 'd-open', start: T0 }))).toBe(true);
    await store.putDeployWindow(deployWindow({ id: 'd-done', start: T0 - 600_000, end: T0 - 300_000 }));
    await store.putDeployWindow(
      deployWindow({ id: 'eb-shop-prod', start: T0 + 1_000, end: T0 + 5_000, instances: ['i-1', 'i-2'] }),
    );
    const ids = async (from: number, to: number) =>
      (await store.listDeployWindows(from, to)).map((w) => w.id).sort();
    expect(await ids(T0 - 400_000, T0 - 350_000)).toEqual(['d-done']);
    expect(await ids(T0, T0 + 3_600_000)).toEqual(['d-open', 'eb-shop-prod']);
    expect(await ids(T0 + 10_000, T0 + 20_000)).toEqual(['d-open']);

    const read = await store.getDeployWindow('d-open');
    expect(read).toEqual(deployWindow({ id: 'd-open', start: T0, version: 1 }));
    expect(await store.putDeployWindow({ ...read!, end: T0 + 2_000, digestSent: true })).toBe(true);
    const closed = (await store.listDeployWindows(T0, T0 + 1)).find((w) => w.id === 'd-open');
    expect(closed).toEqual(
      deployWindow({ id: 'd-open', start: T0, end: T0 + 2_000, digestSent: true, version: 2 }),
    );
    expect(await store.getDeployWindow('d-none')).toBeUndefined();
  });

  it('writes a deploy window only at the version it was read at', async () => {
    const fresh = deployWindow({ id: 'gh-1', instances: ['i-1'] });
    expect(await store.putDeployWindow(fresh)).toBe(true);
    // A second creator of the same id lost the race: it must read and merge, not overwrite.
    expect(await store.putDeployWindow({ ...fresh, instances: ['i-2'] })).toBe(false);
    const v1 = (await store.getDeployWindow('gh-1'))!;
    expect(v1.version).toBe(1);
    expect(await store.putDeployWindow({ ...v1, instances: ['i-1', 'i-3'] })).toBe(true);
    // A writer still holding version 1 is refused.
    expect(await store.putDeployWindow({ ...v1, seenIn: ['/g'] })).toBe(false);
    expect(await store.getDeployWindow('gh-1')).toEqual({ ...v1, instances: ['i-1', 'i-3'], version: 2 });
    // Racing writers of the same version: exactly one wins.
    const v2 = (await store.getDeployWindow('gh-1'))!;
    const wins = await Promise.all(
      Array.from({ length: 6 }, (_, n) => store.putDeployWindow({ ...v2, label: `writer ${n}` })),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('lets exactly one caller claim an alert, and a released claim be claimed again', async () => {
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, n) => store.claimAlert(alertRecord({ claimedAt: T0 + n }), 300_000)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    await store.releaseAlert('page#slot#1');
    expect(await store.claimAlert(alertRecord(), 300_000)).toBe(true);
  });

  it('takes over a stale claim after its lease, never a confirmed (sent) alert', async () => {
    expect(await store.claimAlert(alertRecord({ claimedAt: T0 }), 60_000)).toBe(true);
    expect(await store.claimAlert(alertRecord({ claimedAt: T0 + 59_999 }), 60_000)).toBe(false);
    expect(await store.claimAlert(alertRecord({ claimedAt: T0 + 60_000 }), 60_000)).toBe(true);
    await store.confirmAlert('page#slot#1');
    expect(await store.claimAlert(alertRecord({ claimedAt: T0 + 10 * 60_000 }), 60_000)).toBe(false);
  });

  it('lets exactly one of several racing writers create an incident', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, n) => store.putIncident(incident({ count: n + 1 }), 0)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('DynamoStateStore specifics', () => {
  it('puts expiresAt (TTL, epoch seconds) on every item it writes', async () => {
    const table = await dynalite.createTable();
    const store = new DynamoStateStore(dynalite.doc, table);
    await store.markBatchDone('b', 1_900_000_000);
    await store.markBatchApplied('b2', 1_900_000_000);
    await store.putIncident(incident(), 0);
    await store.putActivity(activity());
    await store.putDeployWindow(deployWindow());
    await store.claimAlert(alertRecord(), 1);
    await store.confirmAlert(alertRecord().key);
    const scan = await dynalite.client.send(new ScanCommand({ TableName: table }));
    const items = (scan.Items ?? []).map((item) => unmarshall(item));
    expect(items).toHaveLength(6);
    for (const item of items) {
      expect(item.expiresAt, JSON.stringify(item)).toBeTypeOf('number');
      expect(item.expiresAt).toBeLessThan(10_000_000_000); // seconds, not milliseconds
    }
  });

  it('a released alert that was already confirmed stays sent', async () => {
    const store = new DynamoStateStore(dynalite.doc, await dynalite.createTable());
    await store.claimAlert(alertRecord(), 1);
    await store.confirmAlert(alertRecord().key);
    await store.releaseAlert(alertRecord().key);
    expect(await store.claimAlert(alertRecord({ claimedAt: T0 + 86_400_000 }), 1)).toBe(false);
  });

  it('pages through query results larger than one DynamoDB page (1 MB)', async () => {
    const store = new DynamoStateStore(dynalite.doc, await dynalite.createTable());
    const big = 'x'.repeat(4_000);
    const n = 70; // 70 x ~20 KB = ~1.4 MB
    for (let i = 0; i < n; i++) {
      await store.putIncident(
        incident({
          instance: `i-${String(i).padStart(3, '0')}`,
          samples: [1, 2, 3, 4, 5].map((k) => `${k}${big}`),
        }),
        0,
      );
    }
    expect(await store.listIncidents({ openOnly: true })).toHaveLength(n);
    expect(await store.listIncidents({ logGroup: '/ec2/nginx/error.log' })).toHaveLength(n);
  });

  it('refuses to scan: listIncidents without logGroup or openOnly is a StoreError', async () => {
    const store = new DynamoStateStore(dynalite.doc, await dynalite.createTable());
    await expect(store.listIncidents({})).rejects.toThrow(/needs a logGroup or openOnly/);
  });

  it('wraps service failures in StoreError with the cause', async () => {
    const store = new DynamoStateStore(dynalite.doc, 'no-such-table');
    await expect(store.batchProgress('b')).rejects.toMatchObject({
      name: 'StoreError',
      cause: { name: 'ResourceNotFoundException' },
    });
  });
});
