import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAUSE_IDS, type CauseId } from '#shared/model/index.ts';
import { type BinEvent, binEvents, chooseBucketMs } from '#shared/report/binEvents.ts';

const T0 = Date.UTC(2026, 10, 22, 2, 15, 0);
const ev = (
  instance: string,
  offsetMs: number,
  cause: CauseId = 'upstream_refused',
  status: number | null = 502,
  count?: number,
): BinEvent => ({
  instance,
  timestamp: T0 + offsetMs,
  cause,
  status,
  ...(count === undefined ? {} : { count }),
});

describe('chooseBucketMs', () => {
  it.each([
    ['one instant', 0, 1000],
    ['25 seconds (the rolling deploy)', 25_000, 1000],
    ['8 minutes fits 480 one-second buckets', 479_000, 1000],
    ['just over 8 minutes needs 2 s', 480_000, 2000],
    ['an hour', 3_600_000, 10_000],
    ['a day', 86_400_000 - 1, 300_000],
    ['a week', 7 * 86_400_000 - 1, 30 * 60_000],
  ])('%s', (_name, span, expected) => {
    expect(chooseBucketMs(T0, T0 + span)).toBe(expected);
  });

  it('never makes more buckets than asked, for any span', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4e12 }),
        fc.integer({ min: 0, max: 4e11 }),
        fc.integer({ min: 1, max: 2000 }),
        (start, span, max) => {
          const width = chooseBucketMs(start, start + span, max);
          const count = Math.floor((start + span) / width) - Math.floor(start / width) + 1;
          expect(count).toBeLessThanOrEqual(Math.max(max, 2));
        },
      ),
    );
  });
});

describe('binEvents', () => {
  it('puts an event on a bucket boundary into the bucket that starts there', () => {
    const t = binEvents([ev('i-1', 0), ev('i-1', 999), ev('i-1', 1000), ev('i-1', 1999), ev('i-1', 5000)], {
      maxBuckets: 480,
    });
    expect(t.bucketMs).toBe(1000);
    expect(t.start).toBe(T0);
    expect(t.bucketCount).toBe(6);
    expect(t.end).toBe(T0 + 6000);
    expect(t.rows[0]?.buckets.map((b) => [b.index, b.total])).toEqual([
      [0, 2],
      [1, 2],
      [5, 1],
    ]);
  });

  it('aligns the grid on multiples of the bucket width, before the first event', () => {
    const t = binEvents([ev('i-1', 1500), ev('i-1', 3_600_000)]);
    expect(t.bucketMs).toBe(10_000);
    expect(t.start % t.bucketMs).toBe(0);
    expect(t.start).toBeLessThanOrEqual(T0 + 1500);
    expect(t.start + t.bucketMs).toBeGreaterThan(T0 + 1500);
  });

  it('counts per cause and per status, and weighs pre-aggregated events by their count', () => {
    const t = binEvents([
      ev('i-1', 0, 'upstream_refused', 502, 40),
      ev('i-1', 200, 'upstream_timeout', 504),
      ev('i-1', 300, 'client_closed', null, 2),
    ]);
    expect(t.rows[0]?.buckets).toEqual([
      {
        index: 0,
        total: 43,
        byCause: { upstream_refused: 40, upstream_timeout: 1, client_closed: 2 },
        byStatus: { '502': 40, '504': 1, none: 2 },
      },
    ]);
    expect(t.rows[0]?.byStatus).toEqual({ '502': 40, '504': 1, none: 2 });
  });

  it('keeps one row per instance in the order given, then the others by name, empty instances included', () => {
    const t = binEvents([ev('i-b', 0), ev('i-z', 0), ev('i-a', 0)], { instances: ['i-z', 'i-quiet'] });
    expect(t.rows.map((r) => r.instance)).toEqual(['i-z', 'i-quiet', 'i-a', 'i-b']);
    expect(t.rows[1]).toMatchObject({ total: 0, buckets: [] });
  });

  it('widens a requested range to hold every event and covers the whole range', () => {
    const t = binEvents([ev('i-1', 10_000)], { start: T0 + 20_000, end: T0 + 30_000 });
    expect(t.start).toBeLessThanOrEqual(T0 + 10_000);
    expect(t.end).toBeGreaterThan(T0 + 30_000);
    expect(t.rows[0]?.total).toBe(1);
  });

  it('returns an empty grid for no events', () => {
    const t = binEvents([]);
    expect(t.rows).toEqual([]);
    expect(t.bucketCount).toBe(1);
  });

  it('makes at most ~300-600 buckets for a day of events, about 288 at 5 min', () => {
    const day: BinEvent[] = [];
    for (let s = 0; s < 86_400; s += 7) day.push(ev(`i-${s % 3}`, s * 1000));
    const t = binEvents(day);
    expect(t.bucketMs).toBe(300_000);
    expect(t.bucketCount).toBeLessThanOrEqual(289);
    for (const row of t.rows) expect(row.buckets.length).toBeLessThanOrEqual(t.bucketCount);
  });

  it('conserves counts: per instance and cause, the buckets add up to the events (any input)', () => {
    const arbEvent = fc.record({
      instance: fc.constantFrom('i-1', 'i-2', 'i-3'),
      timestamp: fc.integer({ min: T0 - 86_400_000, max: T0 + 3 * 86_400_000 }),
      cause: fc.constantFrom(...CAUSE_IDS),
      status: fc.constantFrom(502, 504, 499, null),
      count: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(arbEvent, { maxLength: 300 }),
        fc.integer({ min: 1, max: 600 }),
        (events, maxBuckets) => {
          const clean: BinEvent[] = events.map(({ count, ...e }) =>
            count === undefined ? e : { ...e, count },
          );
          const t = binEvents(clean, { maxBuckets });
          const expected = new Map<string, number>();
          for (const e of clean)
            expected.set(
              `${e.instance} ${e.cause}`,
              (expected.get(`${e.instance} ${e.cause}`) ?? 0) + (e.count ?? 1),
            );
          const got = new Map<string, number>();
          for (const row of t.rows) {
            let rowSum = 0;
            for (const b of row.buckets) {
              expect(b.index).toBeGreaterThanOrEqual(0);
              expect(b.index).toBeLessThan(t.bucketCount);
              rowSum += b.total;
              const statusSum = Object.values(b.byStatus).reduce((s, n) => s + n, 0);
              expect(statusSum).toBe(b.total);
              for (const [cause, n] of Object.entries(b.byCause))
                got.set(`${row.instance} ${cause}`, (got.get(`${row.instance} ${cause}`) ?? 0) + n);
            }
            expect(rowSum).toBe(row.total);
          }
          expect(got).toEqual(expected);
          expect(t.bucketCount).toBeLessThanOrEqual(Math.max(maxBuckets, 2));
          // Every event's bucket really contains its time.
          for (const e of clean) {
            const index = Math.floor((e.timestamp - t.start) / t.bucketMs);
            expect(index).toBeGreaterThanOrEqual(0);
            expect(index).toBeLessThan(t.bucketCount);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
