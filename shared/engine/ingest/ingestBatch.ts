import { CAUSE_GROUP_TRAITS } from '../../catalogue/index.ts';
import type { CauseId, DeployWindow, Incident, IncidentDelta } from '../../model/index.ts';
import { addCounts, emptyCounts } from '../../model/index.ts';
import type { PendingAlert, SuppressedAlert } from '../alerting/index.ts';
import { decideAlerts } from '../alerting/index.ts';
import type { EngineSettings } from '../config/index.ts';
import { expiresAtFor } from '../config/index.ts';
import { applyMember } from '../fleet/index.ts';
import type { StateStore } from '../store/index.ts';
import { applyDelta, ensureFleetIncident } from '../store/index.ts';
import { markWindowsSeen, upsertLifecycleWindows } from '../windows/index.ts';
import { aggregateBatch, type BatchAggregate } from './aggregateBatch.ts';
import { batchIdOf } from './batchIdOf.ts';
import type { EngineBatch } from './EngineEvent.ts';

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
  /** Parsed events per client status (`"502"`, ...; `"none"` when the line implies none). */
  statusCounts: Record<string, number>;
  /** The instances the batch's events came from (one: a batch is one log stream). */
  instances: string[];
  /** Store writes of incident deltas that changed something, fleet incidents created included (0 for a batch already `applied`). */
  deltasApplied: number;
  /** The TTL to give `markBatchDone`. */
  expiresAt: number;
  /**
   * The instance incidents of the batch as it left them (strongly consistent), read before its
   * alerts are delivered: what the shell reports on (opened incidents, per-minute counts).
   */
  incidents: Incident[];
  /** Instance incidents of upstream causes this batch opened (see `openedBy`). */
  opened: number;
  /** The deploy windows read for the batch (for the shell's `upstream_event` records: no second read). */
  windows: DeployWindow[];
}

/**
 * Feeds one batch (one log stream: one instance) to the engine with a constant number of store
 * operations, whatever the fleet size, the incident's age or the number of deploy windows:
 * aggregate (a handful of deltas whatever the batch size); merge them into the instance's incidents
 * under optimistic locking; create the fleet incident of a config / capacity / app cause on first
 * sight (only read afterwards: the sweeper refreshes it); merge the batch into the instance's member
 * item (last event, restart bursts); record activity (for digests); maintain nginx lifecycle windows;
 * decide what concerns this instance alone (config on first sight, capacity rate, app notify).
 *
 * Restart decisions (grace, the fleet rule, correlated incidents, flapping) need every instance's
 * bursts: the sweeper makes them once per log group per run from the member items (`sweep`).
 *
 * Safe to run twice on the same batch (concurrently too): a batch recorded `done` changes nothing; one
 * recorded `applied` (every delta merged, then the invocation failed) skips its writes and decides
 * again; one that died while merging is guarded per incident by `appliedDeltas` and per member by
 * `batches`. Activity records are keyed by batch, alert keys are deterministic.
 *
 * The batch is marked done by `deliverAlerts` once its alerts are published, not here: a batch
 * whose publishing failed must run again.
 */
export async function ingestBatch(
  batch: EngineBatch,
  store: StateStore,
  config: EngineSettings,
): Promise<IngestResult> {
  const batchId = batchIdOf(batch);
  return ingestAggregate(
    batch.logGroup,
    batchId,
    aggregateBatch(batch.events, batchId, config),
    store,
    config,
  );
}

/**
 * {@link ingestBatch} for a batch already aggregated (`aggregateBatch`, or a `BatchAggregator` fed
 * while classifying) under its id (`batchIdOf`, or a `BatchIdHasher` fed the same event ids).
 */
export async function ingestAggregate(
  logGroup: string,
  batchId: string,
  aggregate: BatchAggregate,
  store: StateStore,
  config: EngineSettings,
): Promise<IngestResult> {
  const result: IngestResult = {
    batchId,
    duplicate: false,
    alerts: [],
    suppressed: [],
    events: aggregate.events,
    causeCounts: aggregate.causeCounts,
    statusCounts: statusCountsOf(aggregate.deltas),
    instances: aggregate.activity.map((a) => a.instance).sort(),
    deltasApplied: 0,
    expiresAt: expiresAtFor(aggregate.lastSeen, config),
    incidents: [],
    opened: 0,
    windows: [],
  };
  if (aggregate.events === 0) return result;
  const progress = await store.batchProgress(batchId);
  if (progress === 'done') return { ...result, duplicate: true };

  // The incidents as this batch left them, by slot (strongly consistent reads and writes).
  const written = new Map<string, Incident>();
  if (progress === 'new') {
    for (const activity of aggregate.activity) {
      await store.putActivity(activity);
      await applyMember(store, activity, config, activity.expiresAt);
    }
    for (const delta of aggregate.deltas) {
      const expiresAt = expiresAtFor(delta.lastSeen, config);
      const { incident, applied } =
        delta.instance === null
          ? await ensureFleetIncident(store, delta, expiresAt)
          : await applyDelta(store, delta, expiresAt);
      if (applied) result.deltasApplied++;
      written.set(delta.slot, incident);
    }
    await store.markBatchApplied(batchId, result.expiresAt);
  } else {
    // A retry of a batch whose writes all went in (its publishing failed): decide again.
    for (const slot of new Set(aggregate.deltas.map((d) => d.slot))) {
      const incident = await store.getIncident(slot);
      if (incident) written.set(slot, incident);
    }
  }
  const incidents = [...written.values()];
  result.incidents = incidents.filter((i) => i.instance !== null);
  result.opened = result.incidents.filter(
    (i) => CAUSE_GROUP_TRAITS[i.group].upstream && openedBy(i, batchId),
  ).length;

  const graceMs = config.graceMs;
  const windows = await store.listDeployWindows(
    aggregate.firstSeen - config.maxDeployDurationMs - graceMs,
    aggregate.lastSeen + graceMs,
    { logGroup, instances: aggregate.activity.map((a) => a.instance) },
  );
  await upsertLifecycleWindows(store, aggregate.activity, windows, config);
  await markWindowsSeen(store, logGroup, aggregate.activity, windows, config);
  result.windows = windows;

  const decisions = decideAlerts(
    {
      logGroup,
      now: aggregate.lastSeen,
      config,
      incidents,
      bursts: new Map(),
      covered: new Set(),
      windows,
      restarts: false,
    },
    result.incidents,
  );
  result.alerts = decisions.alerts;
  result.suppressed = decisions.suppressed;
  return result;
}

/**
 * An incident is written at version 1 by the delta that starts it (its newest applied delta) and every
 * later write raises the version: version 1 with a newest delta of this batch means "opened here" (read
 * before the batch's alerts are delivered, which write the incident again). A retried batch whose
 * deltas were applied by the failed attempt still counts them: that attempt emitted no metrics.
 */
export function openedBy(incident: Incident, batchId: string): boolean {
  return incident.version === 1 && (incident.appliedDeltas.at(-1)?.startsWith(`${batchId}#`) ?? false);
}

function statusCountsOf(deltas: readonly IncidentDelta[]): Record<string, number> {
  const counts = emptyCounts();
  for (const d of deltas) if (d.instance !== null) addCounts(counts, d.statusCounts);
  return counts;
}
