import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyIncident, shallowIncident } from '#shared/engine/store/copyIncident.ts';
import { freezeIncident } from '#shared/engine/store/freezeIncident.ts';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import type { IncidentQuery } from '#shared/engine/store/StateStore.ts';
import type { Incident, InstanceActivity } from '#shared/model/index.ts';
import { activity, alertRecord, deployWindow, EXPIRES, incident, T0 } from '../functions/support/builders.ts';

/*
 * The memory store answers from indexes (open incidents, activity by time) and hands out frozen
 * records. What it answers, and in which order (decisions and reports iterate listings), must be
 * what a scan of everything would answer: checked against a naive reference on random histories.
 */

/** The reference: every write kept, listings filter a scan in write order (the store's contract). */
class ScanReference {
  readonly slots = new Map<string, Map<number, Incident>>();
  readonly activity = new Map<string, Map<string, InstanceActivity>>();

  put(i: Incident): void {
    const bySeq = this.slots.get(i.slot) ?? new Map<number, Incident>();
    this.slots.set(i.slot, bySeq);
    bySeq.set(i.seq, i);
  }

  list(q: IncidentQuery): Incident[] {
    const out: Incident[] = [];
    for (const bySeq of this.slots.values())
      for (const i of bySeq.values()) {
        if (q.logGroup !== undefined && i.logGroup !== q.logGroup) continue;
        if (q.openOnly && i.state !== 'open') continue;
        if (q.from !== undefined && i.lastSeen < q.from) continue;
        if (q.to !== undefined && i.firstSeen > q.to) continue;
        out.push({ ...i, appliedDeltas: [] });
      }
    return out;
  }

  putActivity(a: InstanceActivity): void {
    const group = this.activity.get(a.logGroup) ?? new Map<string, InstanceActivity>();
    this.activity.set(a.logGroup, group);
    group.set(`${a.instance}\u0000${a.batchId}`, a);
  }

  listActivity(logGroup: string, from: number, to: number): InstanceActivity[] {
    return [...(this.activity.get(logGroup)?.values() ?? [])].filter(
      (a) => a.lastSeen >= from && a.firstSeen <= to,
    );
  }
}

const GROUPS = ['/g/a', '/g/b'] as const;
const INSTANCES = ['i-1', 'i-2', 'i-3'] as const;
const CAUSES = ['upstream_refused', 'upstream_timeout', 'upstream_reset'] as const;

const incidentWrite = fc.record({
  group: fc.constantFrom(...GROUPS),
  instance: fc.constantFrom(...INSTANCES, null),
  cause: fc.constantFrom(...CAUSES),
  seq: fc.integer({ min: 1, max: 4 }),
  open: fc.boolean(),
  first: fc.integer({ min: 0, max: 100 }),
  span: fc.integer({ min: 0, max: 30 }),
});

const query = fc.record(
  {
    logGroup: fc.constantFrom(...GROUPS),
    openOnly: fc.boolean(),
    from: fc.integer({ min: 0, max: 130 }).map((s) => T0 + s * 1000),
    to: fc.integer({ min: 0, max: 130 }).map((s) => T0 + s * 1000),
  },
  { requiredKeys: [] },
);

describe('MemoryStateStore listings', () => {
  it('list incidents exactly as a scan of every write would, in the same order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(incidentWrite, { maxLength: 60 }),
        fc.array(query, { minLength: 1, maxLength: 8 }),
        async (writes, queries) => {
          const store = new MemoryStateStore();
          const reference = new ScanReference();
          for (const w of writes) {
            const fields = {
              logGroup: w.group,
              instance: w.instance,
              cause: w.cause,
              seq: w.seq,
              state: w.open ? ('open' as const) : ('closed' as const),
              firstSeen: T0 + w.first * 1000,
              lastSeen: T0 + (w.first + w.span) * 1000,
            };
            const stored = reference.slots.get(incident(fields).slot)?.get(w.seq);
            const next = incident({ ...fields, version: (stored?.version ?? 0) + 1 });
            expect(await store.putIncident(next, stored?.version ?? 0)).toBe(true);
            reference.put(next);
          }
          for (const q of queries) expect(await store.listIncidents(q)).toEqual(reference.list(q));
          for (const [slot, bySeq] of reference.slots)
            expect((await store.getIncident(slot))?.seq).toBe(Math.max(...bySeq.keys()));
          expect(await store.listIncidents({})).toEqual(reference.list({}));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('list activity exactly as a scan would, with records out of time order and rewritten ones', async () => {
    const write = fc.record({
      group: fc.constantFrom(...GROUPS),
      instance: fc.constantFrom(...INSTANCES),
      batch: fc.integer({ min: 1, max: 25 }),
      first: fc.integer({ min: 0, max: 200 }),
      span: fc.integer({ min: 0, max: 20 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(write, { maxLength: 80 }),
        fc.array(fc.tuple(fc.integer({ min: -10, max: 230 }), fc.integer({ min: -10, max: 230 })), {
          minLength: 1,
          maxLength: 8,
        }),
        async (writes, ranges) => {
          const store = new MemoryStateStore();
          const reference = new ScanReference();
          for (const w of writes) {
            const a = activity({
              logGroup: w.group,
              instance: w.instance,
              batchId: `b${w.batch}`,
              firstSeen: T0 + w.first * 1000,
              lastSeen: T0 + (w.first + w.span) * 1000,
            });
            await store.putActivity(a);
            reference.putActivity(a);
          }
          for (const [from, to] of ranges)
            for (const g of GROUPS) {
              const range = [T0 + from * 1000, T0 + to * 1000] as const;
              expect(await store.listActivity(g, ...range)).toEqual(reference.listActivity(g, ...range));
            }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('MemoryStateStore records', () => {
  it('hands out frozen records: code that changes one without writing it back fails loudly', async () => {
    const store = new MemoryStateStore();
    await store.putIncident(incident(), 0);
    await store.putActivity(activity());
    await store.putDeployWindow(deployWindow({ instances: ['i-1'] }));
    const read = (await store.getIncident(incident().slot))!;
    const [listed] = await store.listIncidents({ openOnly: true });
    const [act] = await store.listActivity(activity().logGroup, T0, T0 + 1);
    const win = (await store.getDeployWindow(deployWindow().id))!;
    const changes: [string, () => void][] = [
      ['incident field', () => Object.assign(read, { count: 1 })],
      ['incident counts', () => Object.assign(read.statusCounts, { '504': 1 })],
      ['incident list', () => read.samples.push('x')],
      ['incident alerted', () => Object.assign(read.alerted, { page: T0 })],
      ['listed incident', () => Object.assign(listed!, { state: 'closed' })],
      ['listed guard', () => listed!.appliedDeltas.push('x')],
      ['activity burst', () => Object.assign(act!.restartBursts[0]!, { end: 0 })],
      ['activity causes', () => act!.restartBursts[0]!.causes.push('upstream_reset')],
      ['activity minute', () => Object.assign(Object.values(act!.statusByMinute)[0]!, { '502': 0 })],
      ['window', () => Object.assign(win, { digestSent: true })],
      ['window instances', () => win.instances!.push('i-2')],
    ];
    for (const [what, change] of changes) expect(change, what).toThrow(TypeError);
  });

  it('keeps an incident that is frozen throughout as it is, and copies any other', async () => {
    const store = new MemoryStateStore();
    const frozen = freezeIncident(incident({ instance: 'i-frozen' }));
    const loose = incident({ instance: 'i-loose' });
    await store.putIncident(frozen, 0);
    await store.putIncident(loose, 0);
    expect(await store.getIncident(frozen.slot)).toBe(frozen);
    const stored = await store.getIncident(loose.slot);
    expect(stored).not.toBe(loose);
    expect(stored).toEqual(loose);
    expect(Object.isFrozen(stored!.statusCounts)).toBe(true);
  });
});

describe('incident copies', () => {
  const full = incident({
    state: 'closed',
    closedAt: T0 + 305_000,
    previousAlertAt: T0 - 60_000,
    deployment: 'd-1',
    transient: true,
    fleetSize: 3,
    perInstanceCut: 1,
    announced: { members: 2, at: T0 },
    alerted: { page: T0 },
  });
  const sparse = incident({ closedAt: undefined });

  it('shallowIncident gives what a spread gives, of frozen incidents too, optional fields absent stay absent', () => {
    for (const source of [full, sparse, freezeIncident({ ...full }), freezeIncident({ ...sparse })]) {
      const copy = shallowIncident(source);
      const spread = { ...source };
      expect(copy).toStrictEqual(
        Object.fromEntries(Object.entries(spread).filter(([, v]) => v !== undefined)),
      );
      expect(Object.keys(copy).sort()).toEqual(
        Object.keys(source)
          .filter((k) => source[k as keyof Incident] !== undefined)
          .sort(),
      );
      expect(copy).not.toBe(source);
      expect(copy.statusCounts).toBe(source.statusCounts);
      expect(Object.isFrozen(copy)).toBe(false);
    }
  });

  it('copyIncident shares nothing with its source', () => {
    const copy = copyIncident(freezeIncident({ ...full }));
    expect(copy).toEqual(full);
    for (const key of [
      'statusCounts',
      'perInstance',
      'upstreams',
      'hosts',
      'samples',
      'buckets',
      'appliedDeltas',
      'alerted',
    ] as const)
      expect(copy[key]).not.toBe(full[key]);
  });
});

describe('MemoryStateStore.expire', () => {
  const day = 86_400;
  const setUp = async () => {
    const store = new MemoryStateStore();
    for (const [n, expiresAt] of [1, 2, 3].map((n) => [n, EXPIRES + n * day] as const)) {
      await store.markBatchDone(`b-${n}`, expiresAt);
      await store.claimAlert(alertRecord({ key: `page#${n}`, expiresAt }), 1);
      await store.putActivity(
        activity({ batchId: `b-${n}`, firstSeen: T0 + n * 60_000, lastSeen: T0 + n * 60_000, expiresAt }),
      );
      await store.putIncident(incident({ seq: n, state: 'closed', expiresAt }), 0);
    }
    await store.putDeployWindow(deployWindow({ expiresAt: EXPIRES }));
    return store;
  };
  const left = async (store: MemoryStateStore) => ({
    batches: await Promise.all([1, 2, 3].map((n) => store.batchProgress(`b-${n}`))),
    claims: store.alertRecords().map((r) => r.key),
    activity: (await store.listActivity(activity().logGroup, -Infinity, Infinity)).map((a) => a.batchId),
    incidents: (await store.listIncidents({})).length,
    windows: (await store.listDeployWindows(-Infinity, Infinity)).length,
  });

  it.each([
    {
      what: 'nothing before the first expiresAt',
      now: EXPIRES + day,
      settled: undefined,
      batches: ['done', 'done', 'done'],
      claims: ['page#1', 'page#2', 'page#3'],
      activity: ['b-1', 'b-2', 'b-3'],
    },
    {
      what: 'items whose expiresAt is before now (TTL)',
      now: EXPIRES + 2 * day + 1,
      settled: undefined,
      batches: ['new', 'new', 'done'],
      claims: ['page#3'],
      activity: ['b-3'],
    },
    {
      what: 'activity that ended before the horizon, nothing else',
      now: 0,
      settled: { activityBefore: T0 + 2 * 60_000, batchesExpiringBefore: 0 },
      batches: ['done', 'done', 'done'],
      claims: ['page#1', 'page#2', 'page#3'],
      activity: ['b-2', 'b-3'],
    },
    {
      what: 'batch records of batches settled (never delivered again), nothing else',
      now: 0,
      settled: { activityBefore: -Infinity, batchesExpiringBefore: EXPIRES + 2 * day + 1 },
      batches: ['new', 'new', 'done'],
      claims: ['page#1', 'page#2', 'page#3'],
      activity: ['b-1', 'b-2', 'b-3'],
    },
  ])(
    'deletes $what; incidents and deploy windows stay',
    async ({ what: _what, now, settled, ...expected }) => {
      const store = await setUp();
      await store.expire(now, settled);
      expect(await left(store)).toEqual({ ...expected, incidents: 3, windows: 1 });
    },
  );

  it('works from the oldest end: a record written out of order goes once those before it went', async () => {
    const store = new MemoryStateStore();
    for (const [batchId, minute] of [
      ['late', 5],
      ['early', 1],
      ['later', 6],
    ] as const)
      await store.putActivity(
        activity({ batchId, firstSeen: T0 + minute * 60_000, lastSeen: T0 + minute * 60_000 }),
      );
    const ids = async () =>
      (await store.listActivity(activity().logGroup, -Infinity, Infinity)).map((a) => a.batchId);
    await store.expire(0, { activityBefore: T0 + 3 * 60_000, batchesExpiringBefore: 0 });
    expect(await ids()).toEqual(['late', 'early', 'later']);
    await store.expire(0, { activityBefore: T0 + 5 * 60_000 + 1, batchesExpiringBefore: 0 });
    expect(await ids()).toEqual(['later']);
    // A rewrite after its record went starts a new record at the end.
    await store.putActivity(activity({ batchId: 'early', firstSeen: T0 + 60_000, lastSeen: T0 + 60_000 }));
    expect(await ids()).toEqual(['later', 'early']);
    expect(await store.listActivity(activity().logGroup, T0, T0 + 2 * 60_000)).toHaveLength(1);
  });
});
