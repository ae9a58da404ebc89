import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateBatch } from '#shared/engine/ingest/aggregateBatch.ts';
import { batchIdOf } from '#shared/engine/ingest/batchIdOf.ts';
import type { EngineEvent } from '#shared/engine/ingest/EngineEvent.ts';
import { addSample, MAX_SAMPLES } from '#shared/engine/store/boundedSets.ts';
import { deltaSamples } from '#shared/engine/store/deltaSamples.ts';
import { maskSample } from '#shared/engine/store/maskSample.ts';
import { mergeBursts } from '#shared/engine/windows/mergeBursts.ts';
import type { Burst, CauseId, InstanceActivity } from '#shared/model/index.ts';
import {
  addCounts,
  copyCounts,
  emptyCounts,
  minuteCountsOfRecord,
  minuteCountsToRecord,
  ownString,
} from '#shared/model/index.ts';
import { config, event, MESSAGES, type MessageKind, T0 } from './support.ts';

/** A deterministic shuffle (a failure must reproduce). */
function shuffle<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('batchIdOf', () => {
  const ids = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 60 }), { minLength: 1, maxLength: 60 });
  const batch = (logStream: string, eventIds: readonly string[]) => ({
    logGroup: '/g',
    logStream,
    events: eventIds.map((eventId) => ({ eventId }) as EngineEvent),
  });

  it('is the same in any order, and changes when an id, the count or the stream changes', () => {
    fc.assert(
      fc.property(ids, fc.integer({ min: 1, max: 1e6 }), fc.string({ minLength: 1 }), (list, seed, extra) => {
        const id = batchIdOf(batch('i-1', list));
        expect(id).toMatch(/^b-[0-9a-f]{16}-\d+$/);
        expect(batchIdOf(batch('i-1', shuffle(list, seed)))).toBe(id);
        expect(batchIdOf(batch('i-2', list))).not.toBe(id);
        if (list.length > 1) expect(batchIdOf(batch('i-1', list.slice(1)))).not.toBe(id);
        if (!list.includes(extra)) {
          expect(batchIdOf(batch('i-1', [...list, extra]))).not.toBe(id);
          expect(batchIdOf(batch('i-1', [extra, ...list.slice(1)]))).not.toBe(id);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('tells apart ten thousand batches of CloudWatch-like ids that differ in one digit', () => {
    const seen = new Set<string>();
    const base = '37000000000000000000000000000000000000000000000000000000';
    for (let n = 0; n < 10_000; n++) {
      const eventIds = [0, 1, 2].map((k) => `${base.slice(0, -8)}${String(n * 3 + k).padStart(8, '0')}`);
      seen.add(batchIdOf(batch('i-1', eventIds)));
    }
    expect(seen.size).toBe(10_000);
  });
});

describe('aggregateBatch', () => {
  const KINDS = Object.keys(MESSAGES) as MessageKind[];
  const batchEvents = fc.array(
    fc.record({
      instance: fc.constantFrom('i-a', 'i-b'),
      second: fc.integer({ min: 0, max: 900 }),
      kind: fc.constantFrom(...KINDS),
    }),
    { minLength: 1, maxLength: 40 },
  );
  const eventsOf = (list: { instance: string; second: number; kind: MessageKind }[]) =>
    list.map((e) => event(e.instance, e.second, e.kind));
  const view = (events: readonly EngineEvent[]) => {
    const a = aggregateBatch(events, 'b-1', config({ quiet: 120 }));
    return { ...a, deltas: a.deltas.map((d) => ({ ...d, samples: deltaSamples(d) })) };
  };

  it('aggregates unsorted input as its sorted form (the sort is skipped only when already sorted)', () => {
    fc.assert(
      fc.property(batchEvents, fc.integer({ min: 1, max: 1e6 }), (list, seed) => {
        const events = eventsOf(list);
        const sorted = [...events].sort(
          (x, y) =>
            x.timestamp - y.timestamp ||
            x.eventId.length - y.eventId.length ||
            (x.eventId < y.eventId ? -1 : 1),
        );
        expect(view(shuffle(events, seed))).toEqual(view(sorted));
      }),
      { numRuns: 200 },
    );
  });

  it('counts statuses, minutes and instances per delta as one count per event would', () => {
    fc.assert(
      fc.property(batchEvents, (list) => {
        const events = eventsOf(list);
        for (const d of aggregateBatch(events, 'b-1', config({ quiet: 120 })).deltas) {
          // A fleet delta is its instance delta again: the same events.
          const instance = d.instance ?? Object.keys(d.perInstance)[0];
          const mine = events.filter(
            (e) =>
              e.classified.cause === d.cause &&
              e.instance === instance &&
              e.timestamp >= d.firstSeen &&
              e.timestamp <= d.lastSeen,
          );
          const statuses: Record<string, number> = {};
          const minutes: Record<string, number> = {};
          const instances: Record<string, number> = {};
          for (const e of mine) {
            const s = e.classified.status === null ? 'none' : String(e.classified.status);
            statuses[s] = (statuses[s] ?? 0) + 1;
            const m = String(Math.floor(e.timestamp / 60_000));
            minutes[m] = (minutes[m] ?? 0) + 1;
            instances[e.instance] = (instances[e.instance] ?? 0) + 1;
          }
          expect(d.count).toBe(mine.length);
          expect(d.statusCounts).toEqual(statuses);
          expect(minuteCountsToRecord(d.buckets)).toEqual(minutes);
          expect(d.buckets).toEqual(minuteCountsOfRecord(minutes));
          expect(d.perInstance).toEqual(instances);
          expect(JSON.stringify(d.statusCounts)).toBe(JSON.stringify(statuses));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('masks sample candidates lazily into what eager masking gave: the first 5 distinct of 16 events', () => {
    const events = Array.from({ length: 40 }, (_, n) => event('i-a', n, n % 7 === 0 ? 'timeout' : 'refused'));
    for (const d of aggregateBatch(events, 'b-1', config()).deltas) {
      const eager: string[] = [];
      let tries = 0;
      for (const e of events.filter((x) => x.classified.cause === d.cause)) {
        if (eager.length < MAX_SAMPLES && tries++ < 16) addSample(eager, maskSample(e.classified.entry.raw));
      }
      expect(deltaSamples(d)).toEqual(eager);
      expect(eager.length).toBeGreaterThan(0);
    }
  });
});

/** mergeBursts as it was first written (copies everything, string keys): the reference. */
function mergeBurstsReference(activity: readonly InstanceActivity[], gapMs: number): Map<string, Burst[]> {
  const seen = new Set<string>();
  const raw = new Map<string, Burst[]>();
  for (const record of activity) {
    const key = `${record.instance}\u0000${record.batchId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = raw.get(record.instance) ?? [];
    for (const b of record.restartBursts) list.push({ ...b, causes: [...b.causes] });
    raw.set(record.instance, list);
  }
  const merged = new Map<string, Burst[]>();
  for (const [instance, list] of raw) {
    list.sort((a, b) => a.start - b.start);
    const out: Burst[] = [];
    for (const b of list) {
      const last = out.at(-1);
      if (last && b.start - last.end <= gapMs) {
        last.end = Math.max(last.end, b.end);
        last.count += b.count;
        for (const c of b.causes) if (!last.causes.includes(c)) last.causes.push(c);
      } else out.push(b);
    }
    if (out.length > 0) merged.set(instance, out);
  }
  return merged;
}

describe('mergeBursts', () => {
  const CAUSES: CauseId[] = ['upstream_refused', 'upstream_reset', 'upstream_closed'];
  const record = fc.record({
    instance: fc.constantFrom('i-1', 'i-2', 'i-3'),
    batch: fc.integer({ min: 1, max: 12 }),
    bursts: fc.array(
      fc.record({
        start: fc.integer({ min: 0, max: 600 }),
        length: fc.integer({ min: 0, max: 40 }),
        count: fc.integer({ min: 1, max: 9 }),
        causes: fc.subarray(CAUSES, { minLength: 1 }),
      }),
      { maxLength: 3 },
    ),
  });

  it('merges as the reference does, in any order, with redelivered records, leaving its input alone', () => {
    // A redelivered batch rewrites the same record: duplicates are copies of one record.
    const records = fc.uniqueArray(record, { selector: (r) => `${r.instance}#${r.batch}`, maxLength: 20 });
    fc.assert(
      fc.property(records, fc.array(fc.nat(), { maxLength: 40 }), (unique, picks) => {
        if (unique.length === 0) return;
        const activity: InstanceActivity[] = picks.map((n) => {
          const r = unique[n % unique.length]!;
          return {
            logGroup: '/g',
            instance: r.instance,
            batchId: `b${r.batch}`,
            firstSeen: T0,
            lastSeen: T0,
            events: 1,
            restartBursts: r.bursts.map((b) => ({
              start: T0 + b.start * 1000,
              end: T0 + (b.start + b.length) * 1000,
              count: b.count,
              causes: [...b.causes],
            })),
            statusByMinute: {},
            lifecycle: [],
            expiresAt: 0,
          };
        });
        const before = structuredClone(activity);
        expect(mergeBursts(activity, { burstGapMs: 30_000 })).toEqual(mergeBurstsReference(before, 30_000));
        expect(activity).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });
});

describe('count records and own strings', () => {
  const key = fc.oneof(fc.integer({ min: 0, max: 1e9 }).map(String), fc.constantFrom('none', 'i-1', 'web'));
  it('behave as plain objects: same keys, order, JSON and equality', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: 1, max: 99 })), { maxLength: 20 }), (pairs) => {
        const plain: Record<string, number> = {};
        const compact = emptyCounts();
        for (const [k, n] of pairs) {
          plain[k] = (plain[k] ?? 0) + n;
          addCounts(compact, { [k]: n });
        }
        expect(Object.keys(compact)).toEqual(Object.keys(plain));
        expect(JSON.stringify(compact)).toBe(JSON.stringify(plain));
        expect(copyCounts(compact)).toEqual(plain);
        expect(JSON.stringify(copyCounts(plain))).toBe(JSON.stringify(plain));
      }),
    );
  });

  it('ownString returns the same text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        expect(ownString(s)).toBe(s);
      }),
    );
    const chunk = 'x'.repeat(100_000);
    expect(ownString(chunk.slice(10, 60))).toBe('x'.repeat(50));
  });
});
