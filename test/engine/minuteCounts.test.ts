import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { peakRate } from '#shared/engine/alerting/alertFacts.ts';
import {
  addCounts,
  copyCounts,
  type MinuteCounts,
  mergeMinuteCounts,
  minuteCountsOfRecord,
  minuteCountsToRecord,
} from '#shared/model/index.ts';

/** Count records keyed by epoch minute, as incidents stored their buckets before `MinuteCounts`. */
const minuteRecord = fc
  .dictionary(
    fc.integer({ min: 29_000_000, max: 29_000_080 }).map(String),
    fc.integer({ min: 1, max: 500 }),
    { maxKeys: 40 },
  )
  .map((r) => copyCounts(r));

/** The record way: add, then delete the oldest keys past `keep` (integer keys enumerate ascending). */
function mergedRecord(a: Record<string, number>, b: Record<string, number>, keep: number) {
  const out = copyCounts(a);
  addCounts(out, b);
  const keys = Object.keys(out);
  for (const old of keys.slice(0, Math.max(0, keys.length - keep))) delete out[old];
  return out;
}

/** The peak rate over a record, as it was computed before `MinuteCounts`. */
function peakRateOfRecord(buckets: Record<string, number>, minutes: number): number {
  const keys = Object.keys(buckets)
    .map(Number)
    .sort((a, b) => a - b);
  let best = 0;
  for (const start of keys) {
    let sum = 0;
    for (const k of keys) if (k >= start && k < start + minutes) sum += buckets[String(k)] ?? 0;
    best = Math.max(best, sum);
  }
  return best;
}

describe('MinuteCounts', () => {
  it('round-trips through the stored record form', () => {
    fc.assert(
      fc.property(minuteRecord, (record) => {
        const counts = minuteCountsOfRecord(record);
        expect(minuteCountsToRecord(counts)).toEqual(record);
        expect(JSON.stringify(minuteCountsToRecord(counts))).toBe(JSON.stringify(record));
        for (let i = 2; i < counts.length; i += 2) expect(counts[i]).toBeGreaterThan(counts[i - 2]!);
      }),
    );
  });

  it('merges as the count records did: added per minute, the newest kept', () => {
    fc.assert(
      fc.property(minuteRecord, minuteRecord, fc.integer({ min: 1, max: 40 }), (a, b, keep) => {
        const merged: MinuteCounts = mergeMinuteCounts(
          minuteCountsOfRecord(a),
          minuteCountsOfRecord(b),
          keep,
        );
        expect(minuteCountsToRecord(merged)).toEqual(mergedRecord(a, b, keep));
      }),
    );
  });

  it('gives the peak rate the count records gave', () => {
    fc.assert(
      fc.property(minuteRecord, fc.integer({ min: 1, max: 30 }), (record, minutes) => {
        expect(peakRate(minuteCountsOfRecord(record), minutes)).toBe(peakRateOfRecord(record, minutes));
      }),
    );
  });
});
