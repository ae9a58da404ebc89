import { UPSTREAM_GROUPS } from '#shared/catalogue/index.ts';
import type { BatchAggregate, EngineEvent, EngineSettings } from '#shared/engine/index.ts';
import {
  aggregateBatch,
  BatchAggregator,
  BatchIdHasher,
  batchIdOf,
  compareEventIds,
  instanceFromStream,
} from '#shared/engine/index.ts';
import type { DataBatch } from './decodeAwslogs.ts';
import { forEachEntry, toEngineEvents } from './toEngineEvents.ts';

/** A batch classified and aggregated, ready for `ingestAggregate`. */
export interface AggregatedPayload {
  /** `batchIdOf` of the batch's engine events. */
  batchId: string;
  /** `aggregateBatch` of the batch's engine events. */
  aggregate: BatchAggregate;
  /** Engine events (entries) of the batch. */
  entries: number;
  /**
   * The engine events that can become `upstream_event` records (every upstream-group event, in
   * `toEngineEvents` order; a superset is fine: `upstreamEventRecords` filters them).
   */
  recordCandidates: readonly EngineEvent[];
}

/**
 * `toEngineEvents`, `batchIdOf` and `aggregateBatch` of a batch in one pass over its entries: each
 * entry is classified from its text (`classifyText`), counted into the aggregate and into the batch
 * id, and dropped, unless it is an upstream event (kept for its log record: 7.6 % of the bench corpus). No
 * engine event per entry, no second pass, nothing kept alive for the whole batch but what is needed.
 *
 * `aggregateBatch` takes events in (time, id) order. The entries come in that order unless an event
 * holds several entries at the time of a later event (`<id>#2` sorts after the plain ids of its
 * millisecond) or carries a problem while an entry is still being assembled: then the batch is done
 * again the long way, with the same result.
 */
export function aggregatePayload(
  batch: DataBatch,
  instancePattern: RegExp | undefined,
  config: EngineSettings,
): AggregatedPayload {
  const { logGroup, logStream } = batch;
  const instance = instanceFromStream(logStream, instancePattern);
  const aggregator = new BatchAggregator(config);
  const hasher = new BatchIdHasher();
  const recordCandidates: EngineEvent[] = [];
  let ordered = true;
  let lastTime = 0;
  let lastId = '';
  forEachEntry(batch, (timestamp, eventId, classified) => {
    if (!ordered) return;
    if (
      aggregator.events > 0 &&
      (timestamp < lastTime || (timestamp === lastTime && compareEventIds(lastId, eventId) > 0))
    ) {
      ordered = false;
      return;
    }
    lastTime = timestamp;
    lastId = eventId;
    aggregator.add(logGroup, instance, timestamp, classified);
    hasher.add(eventId);
    if (UPSTREAM_GROUPS.has(classified.group))
      recordCandidates.push({ logGroup, logStream, instance, timestamp, eventId, classified });
  });
  if (ordered) {
    const batchId = hasher.idOf(logGroup, logStream);
    return { batchId, aggregate: aggregator.finish(batchId), entries: aggregator.events, recordCandidates };
  }
  const events = toEngineEvents(batch, instancePattern);
  const batchId = batchIdOf({ logGroup, logStream, events });
  return {
    batchId,
    aggregate: aggregateBatch(events, batchId, config),
    entries: events.length,
    recordCandidates: events,
  };
}
