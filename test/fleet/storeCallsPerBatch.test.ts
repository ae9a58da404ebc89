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

async function measure(instances: number): Promise<BatchRow> {
  const result = await simulateFleet(system, {
    instances,
    minutes: [MINUTE],
    sample: SAMPLE,
    buildHandlerInstances: 10,
  });
  const row = result.perBatch[0];
  if (row === undefined) throw new Error('the simulator measured no batch');
  return row;
}

describe('store calls of an ingest batch as the fleet grows', () => {
  it('makes no more DynamoDB calls and reads no more items at 1 000 instances than at 10', {
    timeout: 600_000,
  }, async () => {
    const small = await measure(10);
    const large = await measure(1000);

    // The measurement is real: every sampled batch went to DynamoDB and read something.
    expect(small.batches).toBe(SAMPLE);
    expect(large.batches).toBe(SAMPLE);
    expect(small.ops).toBeGreaterThan(0);
    expect(small.itemsRead).toBeGreaterThan(0);

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
