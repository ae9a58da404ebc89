import type { EngineEvent, EngineSettings } from '#shared/engine/index.ts';
import { coveringWindow } from '#shared/engine/index.ts';
import type { DeployWindow, Incident } from '#shared/model/index.ts';
import { isUpstreamEvent, toUpstreamEventRecord, type UpstreamEventRecord } from './toUpstreamEventRecord.ts';

/** Records written one by one per (instance, cause, minute); the rest go into one aggregate record. */
export const RECORDS_PER_MINUTE = 20;

/**
 * The `upstream_event` records of a batch, each with the deployment whose window covers it (the
 * windows `ingestBatch` read: no second store read). Bounded in a storm: per (instance, cause,
 * minute) at most `perMinute` records, counting the events earlier batches of that minute had (the
 * incident's per-minute bucket, which already includes this batch's), and for the rest one aggregate
 * record per (cause, minute) of the batch with their `count`, so "how many" still sums right.
 */
export function upstreamEventRecords(
  events: readonly EngineEvent[],
  windows: readonly DeployWindow[],
  incidents: readonly Incident[],
  config: EngineSettings,
  perMinute = RECORDS_PER_MINUTE,
): UpstreamEventRecord[] {
  const upstream = events.filter(isUpstreamEvent);
  if (upstream.length === 0) return [];
  // Each event's (instance, cause, minute), made once.
  const keys = upstream.map(
    (e) => `${e.instance}\u0000${e.classified.cause}\u0000${Math.floor(e.timestamp / 60_000)}`,
  );
  // This batch's events per (instance, cause, minute), and how many earlier batches had.
  const inBatch = new Map<string, number>();
  for (const k of keys) inBatch.set(k, (inBatch.get(k) ?? 0) + 1);
  const before = new Map<string, number>();
  for (const i of incidents) {
    if (i.instance === null) continue;
    // Flat pairs: minute, count (`MinuteCounts`).
    for (let b = 0; b < i.buckets.length; b += 2) {
      const n = i.buckets[b + 1]!;
      const k = `${i.instance}\u0000${i.cause}\u0000${i.buckets[b]}`;
      const mine = inBatch.get(k);
      if (mine !== undefined) before.set(k, Math.max(before.get(k) ?? 0, n - mine));
    }
  }
  const records: UpstreamEventRecord[] = [];
  const seen = new Map<string, number>();
  const cut = new Map<string, { count: number; record: UpstreamEventRecord }>();
  for (let i = 0; i < upstream.length; i++) {
    const event = upstream[i]!;
    const k = keys[i]!;
    const seenBefore = seen.get(k) ?? 0;
    const n = seenBefore + (before.get(k) ?? 0);
    seen.set(k, seenBefore + 1);
    // Past the cap, only the first event's record is kept: the others are counted, not built.
    const known = n < perMinute ? undefined : cut.get(k);
    if (known) {
      known.count++;
      continue;
    }
    const window = coveringWindow(windows, event.logGroup, event.instance, event.timestamp, config);
    const record = toUpstreamEventRecord(event, window?.id);
    if (!record) continue;
    if (n < perMinute) records.push(record);
    else cut.set(k, { count: 1, record });
  }
  for (const { count, record } of cut.values()) {
    const { rawTruncated: _t, ...rest } = record;
    records.push({
      ...rest,
      raw: `${count} more ${record.cause} events on ${record.instance} in this minute (first shown), past ${perMinute} written one by one: ${record.raw}`,
      count,
      aggregated: true,
    });
  }
  return records;
}
