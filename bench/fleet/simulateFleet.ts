/**
 * One fleet through the incident: every instance fails from `INCIDENT_START` on. For each minute asked
 * for, the state of everything before it is built (see `BuildShaper`), then a sample of instances
 * deliver their real 5 s batch at the middle of that minute, one at a time, each measured alone; then
 * the sweeper's run at the end of that minute is measured.
 */

import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Call, FleetSystem, FleetTable } from './fleetSystem.ts';
import {
  batchEvents,
  DEFAULT_SHAPE,
  INCIDENT_START,
  instanceId,
  subscriptionEvent,
  type TrafficShape,
} from './fleetTraffic.ts';
import { addWork, emptyWork, type StoreWork } from './storeMeter.ts';

export interface FleetOptions {
  instances: number;
  /** Incident minutes to measure (1 = the first minute), ascending. */
  minutes: readonly number[];
  /** Measured batches per minute (instances spread over the fleet). */
  sample: number;
  shape?: TrafficShape;
  /** Event time one build payload covers (seconds, a multiple of the batch period); default: see `autoBuildSpan`. */
  buildSpan?: number;
  /** Lines per second in build payloads (thinned: counts are lower, times and shapes the same). */
  buildLinesPerSecond?: number;
  /**
   * Instances that go through the handler while building (default: all). The others follow one of
   * them (see `BuildShaper.replay`): much cheaper, and shared items hold only these instances.
   */
  buildHandlerInstances?: number;
  /**
   * Copy per-batch items for each 5 s batch a build payload stands for (default true). Off: the
   * table holds one per build payload, far fewer; quicker, for layouts no measured call reads them
   * in bulk (the per-batch figures say whether a batch's reads grew).
   */
  buildBatchCopies?: boolean;
  /** Progress lines (stderr in the CLI). */
  progress?: (line: string) => void;
}

/** Per-batch figures of one measured minute: medians over the sample, max of ops. */
export interface BatchRow {
  instances: number;
  minute: number;
  ops: number;
  opsMax: number;
  itemsRead: number;
  rcu: number;
  wcu: number;
  ms: number;
  /** Structured log records per batch (classified-event records). */
  logRecords: number;
  /** Calls per command, mean over the sample. */
  byCommand: Record<string, number>;
  /** Conditional writes that failed (conflicts), over the whole sample. */
  failedCalls: number;
  batches: number;
  /** Every measured batch, in order: what the medians are taken from. */
  each: {
    instance: string;
    /** The handler's answer (`processed`, `duplicate`, ...). */
    status: string;
    ops: number;
    itemsRead: number;
    rcu: number;
    wcu: number;
    ms: number;
  }[];
}

export interface SweepRow {
  instances: number;
  minute: number;
  ops: number;
  itemsRead: number;
  rcu: number;
  wcu: number;
  ms: number;
  byCommand: Record<string, number>;
  /** CloudWatch Logs `DescribeLogStreams` calls of the run (not store work; listed for completeness). */
  describeLogStreams: number;
}

export interface BuildRow {
  instances: number;
  /** Up to (and excluding) this incident minute's measurement. */
  minute: number;
  spanSeconds: number;
  /** Instances that went through the handler while building; the rest followed them. */
  handlerInstances: number;
  handlerCalls: number;
  sweeps: number;
  replicatedWrites: number;
  cappedReads: number;
  sharedWritesSkipped: number;
  seconds: number;
}

export interface FleetResult {
  perBatch: BatchRow[];
  sweeper: SweepRow[];
  build: BuildRow[];
  alertsPublished: number;
  /** Items in the table at the end (a Scan that counts): the state the fleet left. */
  itemsInTable: number;
}

/** Build spans such that building costs at most ~`budget` handler calls per fleet and minute. */
export function autoBuildSpan(
  instances: number,
  seconds: number,
  batchSeconds: number,
  budget = 4000,
): number {
  const spans = Math.max(1, Math.floor(budget / Math.max(1, instances)));
  const span = Math.max(60, Math.ceil(seconds / spans / 60) * 60);
  return Math.ceil(span / batchSeconds) * batchSeconds;
}

const MINUTE = 60_000;

export async function simulateFleet(system: FleetSystem, options: FleetOptions): Promise<FleetResult> {
  const shape = options.shape ?? DEFAULT_SHAPE;
  const batchMs = shape.batchSeconds * 1000;
  const buildShape: TrafficShape = {
    linesPerSecond: options.buildLinesPerSecond ?? 1,
    batchSeconds: shape.batchSeconds,
  };
  const progress = options.progress ?? (() => {});
  const n = options.instances;
  const leaders = Math.max(1, Math.min(n, options.buildHandlerInstances ?? n));
  // The event time one per-batch copy stands for (infinite: no copies).
  const copyMs = options.buildBatchCopies === false ? Number.POSITIVE_INFINITY : batchMs;
  const table = await system.table();
  const publishedBefore = system.published;
  const streams = Array.from({ length: n }, (_, i) => instanceId(i));
  /** Event time up to which each instance's lines were delivered. */
  const delivered = new Array<number>(n).fill(INCIDENT_START);
  /** Instance `i` delivered its lines up to `t`: CloudWatch Logs lists its stream with that last event. */
  const deliver = (i: number, t: number) => {
    delivered[i] = t;
    table.logStreams.set(streams[i] as string, t - 1);
  };
  let swept = INCIDENT_START;
  const result: FleetResult = { perBatch: [], sweeper: [], build: [], alertsPublished: 0, itemsInTable: 0 };

  for (const minute of options.minutes) {
    // The middle of the minute, on a batch boundary.
    const at = INCIDENT_START + (minute - 1) * MINUTE + Math.floor(MINUTE / 2 / batchMs) * batchMs;
    const buildStart = performance.now();
    const spanSeconds =
      options.buildSpan ?? autoBuildSpan(n, (at - Math.min(...delivered)) / 1000, shape.batchSeconds);
    const spanMs = spanSeconds * 1000;
    const before = { ...system.shaper.stats };
    let handlerCalls = 0;
    let sweeps = 0;
    for (let from = Math.min(...delivered); from < at; from += spanMs) {
      const to = Math.min(at, from + spanMs);
      for (let i = 0; i < leaders; i++) {
        const start = delivered[i] as number;
        // Followers of this instance that are behind by the same span (sampled ones may be ahead).
        const clones: number[] = [];
        for (let c = i + leaders; c < n; c += leaders) if (delivered[c] === start) clones.push(c);
        if (start < to) {
          await buildBatch(system, table, streams, i, clones, start, to, buildShape, copyMs);
          handlerCalls++;
          deliver(i, to);
          for (const c of clones) deliver(c, to);
        }
        for (let c = i + leaders; c < n; c += leaders) {
          const behind = delivered[c] as number;
          if (behind >= to) continue;
          // A sampled follower is out of step with its leader: it goes through the handler itself.
          await buildBatch(system, table, streams, c, [], behind, to, buildShape, copyMs);
          handlerCalls++;
          deliver(c, to);
        }
      }
      // The sweeper's runs at each minute boundary the span passed.
      for (let t = swept + MINUTE; t <= to; t += MINUTE) {
        table.clock.now = t;
        await system.shaper.capped(() => table.sweep({}));
        swept = t;
        sweeps++;
      }
      progress(`  ${n} instances: built to ${((to - INCIDENT_START) / 1000).toFixed(0)} s of the incident`);
    }
    system.meter.take();
    result.build.push({
      instances: n,
      minute,
      spanSeconds,
      handlerInstances: leaders,
      handlerCalls,
      sweeps,
      replicatedWrites: system.shaper.stats.replicatedWrites - before.replicatedWrites,
      cappedReads: system.shaper.stats.cappedReads - before.cappedReads,
      sharedWritesSkipped: system.shaper.stats.sharedWritesSkipped - before.sharedWritesSkipped,
      seconds: (performance.now() - buildStart) / 1000,
    });

    const calls: { instance: string; call: Call<unknown> }[] = [];
    for (let k = 0; k < options.sample; k++) {
      const i = Math.min(n - 1, Math.floor((k * n) / options.sample));
      if (calls.some((c) => c.instance === streams[i])) continue;
      const stream = streams[i] as string;
      const event = subscriptionEvent(stream, batchEvents(i, at, shape));
      // The function runs once the batch is delivered: its clock (claim leases only) just after.
      table.clock.now = at + batchMs;
      calls.push({ instance: stream, call: await system.measure(() => table.ingest(event)) });
      deliver(i, at + batchMs);
    }
    const row = batchRow(n, minute, calls);
    result.perBatch.push(row);
    progress(
      `  ${n} instances, minute ${minute}: ${calls.length} batches measured: ops ${row.ops}, items read ${row.itemsRead}, rcu ${row.rcu}, wcu ${row.wcu}`,
    );

    const sweepAt = INCIDENT_START + minute * MINUTE;
    table.clock.now = sweepAt;
    const logsBefore = table.logsCalls.describeLogStreams;
    const sweep = await system.measure(() => table.sweep({}));
    swept = sweepAt;
    progress(
      `  ${n} instances, minute ${minute}: sweeper ops ${sweep.work.ops}, items read ${sweep.work.itemsRead}, rcu ${sweep.work.rcu}, wcu ${sweep.work.wcu}`,
    );
    result.sweeper.push({
      instances: n,
      minute,
      ops: sweep.work.ops,
      itemsRead: sweep.work.itemsRead,
      rcu: sweep.work.rcu,
      wcu: sweep.work.wcu,
      ms: round(sweep.ms),
      byCommand: sweep.work.byCommand,
      describeLogStreams: table.logsCalls.describeLogStreams - logsBefore,
    });
  }
  result.alertsPublished = system.published - publishedBefore;
  result.itemsInTable = await countItems(table);
  system.meter.take();
  return result;
}

/**
 * One coarse build payload of instance `i` over [from, to), standing for (to - from) / batch period
 * batches, and the same for the instances that follow it.
 */
async function buildBatch(
  system: FleetSystem,
  table: FleetTable,
  streams: readonly string[],
  i: number,
  clones: readonly number[],
  from: number,
  to: number,
  shape: TrafficShape,
  batchMs: number,
): Promise<void> {
  const stream = streams[i] as string;
  const events = batchEvents(i, from, { ...shape, batchSeconds: (to - from) / 1000 });
  table.clock.now = to;
  const summary = await system.shaper.build(() => table.ingest(subscriptionEvent(stream, events)));
  const batchId = (summary as { batchId?: unknown } | undefined)?.batchId;
  await system.shaper.replay(table.doc, {
    batchId: typeof batchId === 'string' ? batchId : undefined,
    instance: stream,
    copies: Math.max(0, Math.round((to - from) / batchMs) - 1),
    clones: clones.map((c) => streams[c] as string),
  });
}

async function countItems(table: FleetTable): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new ScanCommand({ TableName: table.tableName, Select: 'COUNT', ExclusiveStartKey: startKey }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return count;
}

function batchRow(
  instances: number,
  minute: number,
  calls: { instance: string; call: Call<unknown> }[],
): BatchRow {
  const works = calls.map((c) => c.call.work);
  const total = works.reduce((sum, w) => addWork(sum, w), emptyWork() as StoreWork);
  const count = Math.max(1, calls.length);
  return {
    instances,
    minute,
    ops: median(works.map((w) => w.ops)),
    opsMax: Math.max(0, ...works.map((w) => w.ops)),
    itemsRead: median(works.map((w) => w.itemsRead)),
    rcu: median(works.map((w) => w.rcu)),
    wcu: median(works.map((w) => w.wcu)),
    ms: round(median(calls.map((c) => c.call.ms))),
    logRecords: median(calls.map((c) => c.call.logRecords)),
    byCommand: Object.fromEntries(
      Object.entries(total.byCommand).map(([name, n]) => [name, Math.round((n / count) * 100) / 100]),
    ),
    failedCalls: total.failed,
    batches: calls.length,
    each: calls.map(({ instance, call }) => ({
      instance,
      status: String((call.result as { status?: unknown } | undefined)?.status),
      ops: call.work.ops,
      itemsRead: call.work.itemsRead,
      rcu: call.work.rcu,
      wcu: call.work.wcu,
      ms: round(call.ms),
    })),
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
