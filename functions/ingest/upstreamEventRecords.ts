import { coveringWindow } from '#shared/engine/deployWindows.ts';
import type { EngineConfig } from '#shared/engine/EngineConfig.ts';
import type { EngineEvent } from '#shared/engine/EngineEvent.ts';
import type { StateStore } from '#shared/engine/ports.ts';
import { isUpstreamEvent, toUpstreamEventRecord, type UpstreamEventRecord } from './toUpstreamEventRecord.ts';

/**
 * The `upstream_event` records of a batch, each with the deployment whose window covers it (one
 * store query for the batch, none when it has no upstream events).
 */
export async function upstreamEventRecords(
  events: readonly EngineEvent[],
  store: StateStore,
  config: EngineConfig,
): Promise<UpstreamEventRecord[]> {
  const upstream = events.filter(isUpstreamEvent);
  if (upstream.length === 0) return [];
  const times = upstream.map((e) => e.timestamp);
  const graceMs = config.grace * 1000;
  const from = Math.min(...times) - config.maxDeployDuration * 1000 - graceMs;
  const windows = await store.listDeployWindows(from, Math.max(...times) + graceMs);
  const records: UpstreamEventRecord[] = [];
  for (const event of upstream) {
    const window = coveringWindow(windows, event.logGroup, event.instance, event.timestamp, config);
    const record = toUpstreamEventRecord(event, window?.id);
    if (record) records.push(record);
  }
  return records;
}
