import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetSystem } from '../../bench/fleet/fleetSystem.ts';
import { type BatchRow, simulateFleet } from '../../bench/fleet/simulateFleet.ts';

/*
 * Store work of one ingest batch must not grow with the fleet (issue: state that holds at 1 000
 * instances). The fleet simulator of `npm run bench:fleet` drives the real ingest handler and sweeper,
 * built as their Lambda entry points build them, on dynalite; a middleware on the DynamoDB client
 * counts the calls and the items DynamoDB reads. Counts, never times.
 *
 * Kept quick: one measured minute, a few batches, and only 10 instances go through the handler while
 * the state is built; the other instances of the large fleet copy their writes under their own ids
 * (same items per instance and per batch; see bench/fleet/buildShaper.ts).
 */
let system: FleetSystem;
beforeAll(async () => {
  system = await FleetSystem.start();
});
afterAll(async () => system?.stop());

const MINUTE = 1;
const SAMPLE = 5;

async function measure(instances: number): Promise<{ row: BatchRow; itemsInTable: number }> {
  const result = await simulateFleet(system, {
    instances,
    minutes: [MINUTE],
    sample: SAMPLE,
    buildHandlerInstances: 10,
  });
  const row = result.perBatch[0];
  if (row === undefined) throw new Error('the simulator measured no batch');
  return { row, itemsInTable: result.itemsInTable };
}

describe('store calls of an ingest batch as the fleet grows', () => {
  it('makes no more DynamoDB calls and reads no more items at 1 000 instances than at 10', {
    timeout: 600_000,
  }, async () => {
    const { row: small, itemsInTable: smallState } = await measure(10);
    const { row: large, itemsInTable: largeState } = await measure(1000);

    // The measurement is real: every sampled batch was processed, went to DynamoDB and read
    // something, and the large fleet left state for each of its instances.
    for (const row of [small, large]) {
      expect(row.each.map((b) => b.status)).toEqual(Array(SAMPLE).fill('processed'));
      expect(row.ops).toBeGreaterThan(0);
    }
    expect(small.itemsRead).toBeGreaterThan(0);
    expect(largeState).toBeGreaterThanOrEqual(1000);
    // At least half as many items per instance as the small fleet: every instance is in the table.
    expect(largeState).toBeGreaterThan((smallState / 10) * 1000 * 0.5);

    const summary = (row: BatchRow) => ({ ops: row.ops, itemsRead: row.itemsRead, byCommand: row.byCommand });
    expect
      .soft(
        large.ops,
        `median calls per batch, 10 vs 1 000 instances: ${JSON.stringify([summary(small), summary(large)])}`,
      )
      .toBeLessThanOrEqual(small.ops);
    expect
      .soft(
        large.itemsRead,
        `median items read per batch, 10 vs 1 000 instances: ${JSON.stringify([summary(small), summary(large)])}`,
      )
      .toBeLessThanOrEqual(small.itemsRead);
  });
});
