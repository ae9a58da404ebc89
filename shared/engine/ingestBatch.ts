import type { CauseId } from '../types.ts';
import { aggregateBatch } from './aggregateBatch.ts';
import { batchIdOf } from './batchIdOf.ts';
import { decideAlerts } from './decideAlerts.ts';
import type { EngineConfig } from './EngineConfig.ts';
import type { EngineBatch } from './EngineEvent.ts';
import { expiresAtFor } from './expiresAtFor.ts';
import { loadContext } from './loadContext.ts';
import { mergeFreshIncidents } from './mergeFreshIncidents.ts';
import type { PendingAlert, SuppressedAlert } from './PendingAlert.ts';
import type { Incident, StateStore } from './ports.ts';
import { applyDelta } from './storeIncident.ts';
import { markWindowsSeen, upsertInferredWindows, upsertLifecycleWindows } from './upsertWindows.ts';

export interface IngestResult {
  batchId: string;
  /** The batch was already processed: nothing changed, nothing to publish. */
  duplicate: boolean;
  /** Alerts to publish with `deliverAlerts` (which claims, publishes, confirms, then marks the batch done). */
  alerts: PendingAlert[];
  /** Alerts held back by the cooldown. */
  suppressed: SuppressedAlert[];
  events: number;
  /** Events per cause, `unparsed` included. */
  causeCounts: Partial<Record<CauseId, number>>;
  /** Store writes of incident deltas that changed something (0 for a batch already `applied`). */
  deltasApplied: number;
  /** The TTL to give `markBatchDone`. */
  expiresAt: number;
}

/**
 * Feeds one batch to the engine: aggregate (a handful of deltas whatever the batch size), merge
 * into incidents under optimistic locking, record activity, maintain lifecycle and inferred deploy
 * windows, decide alerts. Decisions look at the log group's open incidents as the store lists them,
 * corrected by the incidents this batch wrote (`mergeFreshIncidents`), so an eventually consistent
 * index never hides the batch's own incidents from it.
 *
 * Safe to run twice on the same batch (concurrently too): a batch recorded `done` changes nothing; one
 * recorded `applied` (every delta merged, then the invocation failed) skips its deltas and decides
 * again; one that died while merging is guarded per incident by `appliedDeltas` (see
 * `MAX_APPLIED_DELTAS`). Activity records are keyed by batch, alert keys are deterministic.
 *
 * The batch is marked done by `deliverAlerts` once its alerts are published, not here: a batch
 * whose publishing failed must run again.
 */
export async function ingestBatch(
  batch: EngineBatch,
  store: StateStore,
  config: EngineConfig,
): Promise<IngestResult> {
  const batchId = batchIdOf(batch);
  const aggregate = aggregateBatch(batch.events, batchId, config);
  const result: IngestResult = {
    batchId,
    duplicate: false,
    alerts: [],
    suppressed: [],
    events: aggregate.events,
    causeCounts: aggregate.causeCounts,
    deltasApplied: 0,
    expiresAt: expiresAtFor(aggregate.lastSeen, config),
  };
  if (aggregate.events === 0) return result;
  const progress = await store.batchProgress(batchId);
  if (progress === 'done') return { ...result, duplicate: true };

  const touched = new Set(aggregate.deltas.map((d) => d.slot));
  // The incidents as this batch left them (strongly consistent): the listing below may lag behind.
  const written: Incident[] = [];
  if (progress === 'new') {
    for (const activity of aggregate.activity) await store.putActivity(activity);
    for (const delta of aggregate.deltas) {
      const { incident, applied } = await applyDelta(store, delta, expiresAtFor(delta.lastSeen, config));
      if (applied) result.deltasApplied++;
      written.push(incident);
    }
    await store.markBatchApplied(batchId, result.expiresAt);
  } else {
    // A retry of a batch whose activity and deltas all went in (its publishing failed): decide again.
    for (const slot of touched) {
      const incident = await store.getIncident(slot);
      if (incident) written.push(incident);
    }
  }

  const hasRestarts = aggregate.activity.some((a) => a.restartBursts.length > 0);
  const context = await loadContext(
    store,
    batch.logGroup,
    aggregate.firstSeen,
    aggregate.lastSeen,
    config,
    hasRestarts,
  );
  await upsertLifecycleWindows(store, aggregate.activity, context.windows, config);
  await markWindowsSeen(store, batch.logGroup, aggregate.activity, context.windows, config);
  if (hasRestarts)
    await upsertInferredWindows(
      store,
      batch.logGroup,
      context.bursts,
      context.windows,
      aggregate.lastSeen,
      config,
    );

  // On DynamoDB this listing is a GSI query (eventually consistent): merge in what the batch wrote.
  const incidents = mergeFreshIncidents(
    await store.listIncidents({ logGroup: batch.logGroup, openOnly: true }),
    written,
  );
  const evaluate = incidents.filter((i) => touched.has(i.slot));
  const decisions = decideAlerts(
    {
      ...context,
      logGroup: batch.logGroup,
      now: aggregate.lastSeen,
      since: aggregate.firstSeen,
      config,
      incidents,
    },
    evaluate,
  );
  result.alerts = decisions.alerts;
  result.suppressed = decisions.suppressed;
  return result;
}
