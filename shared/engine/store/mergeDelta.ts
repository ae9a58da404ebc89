import type { Incident, IncidentDelta } from '../../model/index.ts';
import { addCounts, copyCounts, mergeMinuteCounts, SEVERITIES } from '../../model/index.ts';
import { addDistinct, addsDistinct, appendNewest, MAX_APPLIED_DELTAS, MAX_SAMPLES } from './boundedSets.ts';
import { shallowIncident } from './copyIncident.ts';
import { addDeltaSamples, deltaSamples } from './deltaSamples.ts';

/** Minutes of per-minute counts an incident keeps (enough for the longest capacity window). */
const BUCKETS_KEPT = 30;

export type MergeOutcome =
  | { kind: 'unchanged'; incident: Readonly<Incident> }
  | { kind: 'merged'; incident: Incident }
  | { kind: 'started'; incident: Incident };

/**
 * Merges one delta into the newest incident of its slot, purely. The rules that make redelivery and
 * reordering harmless:
 * - a delta already in `appliedDeltas` changes nothing (at most once per incident);
 * - after a close, a delta that starts at or after `closedAt` starts the next incident (`seq + 1`),
 *   which inherits the applied ids and the slot's last alert time (cooldown);
 * - a late delta from before `closedAt` joins the closed incident, and reopens it when it moves
 *   `lastSeen` forward (the quiet period was not quiet after all);
 * - counts add, first/last seen take min/max, lists stay distinct and capped.
 * The caller writes the result with `putIncident(incident, expectedVersion)`. A new incident shares
 * no changed object with `current` (copy on write: the store hands out frozen records); parts the
 * delta leaves as they were (samples, upstreams, hosts, `alerted`) are the same frozen objects.
 */
export function mergeDelta(
  current: Readonly<Incident> | undefined,
  delta: IncidentDelta,
  expiresAt: number,
): MergeOutcome {
  const deltaId = flatString(delta.deltaId);
  if (current?.appliedDeltas.includes(deltaId)) return { kind: 'unchanged', incident: current };
  if (current === undefined || (current.state === 'closed' && delta.firstSeen >= (current.closedAt ?? 0))) {
    return { kind: 'started', incident: startIncident(current, delta, deltaId, expiresAt) };
  }
  // Copy on write, part by part: what the delta does not change is shared with `current` (frozen
  // by the store, so sharing is safe); counts always change and are copied once.
  const next = shallowIncident(current);
  next.version = current.version + 1;
  next.firstSeen = Math.min(current.firstSeen, delta.firstSeen);
  next.lastSeen = Math.max(current.lastSeen, delta.lastSeen);
  next.count = current.count + delta.count;
  next.statusCounts = addedCounts(current.statusCounts, delta.statusCounts);
  next.perInstance = addedCounts(current.perInstance, delta.perInstance);
  next.upstreams = withDistinct(current.upstreams, delta.upstreams);
  next.hosts = withDistinct(current.hosts, delta.hosts);
  next.buckets = mergeMinuteCounts(current.buckets, delta.buckets, BUCKETS_KEPT);
  next.appliedDeltas = appendNewest(current.appliedDeltas, deltaId, MAX_APPLIED_DELTAS);
  next.expiresAt = Math.max(current.expiresAt, expiresAt);
  if (delta.lastSeen > current.lastSeen && current.state === 'closed') {
    next.state = 'open';
    delete next.closedAt;
  }
  if (SEVERITIES.indexOf(delta.severity) < SEVERITIES.indexOf(next.severity)) next.severity = delta.severity;
  // Masked only while the incident has room: a full incident never looks at the delta's candidates.
  if (current.samples.length < MAX_SAMPLES) {
    const samples = [...current.samples];
    addDeltaSamples(samples, delta);
    if (samples.length > current.samples.length) next.samples = samples;
  }
  return { kind: 'merged', incident: next };
}

/**
 * Whether `mergeDelta(current, delta)` would start the next incident of the slot (`started`), without
 * building anything: what a caller that only ever starts incidents (`ensureFleetIncident`) asks first.
 */
export function startsIncident(current: Readonly<Incident> | undefined, delta: IncidentDelta): boolean {
  if (current === undefined) return true;
  if (current.state !== 'closed' || delta.firstSeen < (current.closedAt ?? 0)) return false;
  return !current.appliedDeltas.includes(flatString(delta.deltaId));
}

function startIncident(
  previous: Readonly<Incident> | undefined,
  delta: IncidentDelta,
  deltaId: string,
  expiresAt: number,
): Incident {
  const seq = (previous?.seq ?? 0) + 1;
  // The cooldown runs from the last page or notification; a resolved message does not restart it.
  const previousAlerts = previous
    ? [previous.previousAlertAt ?? 0, previous.alerted.page ?? 0, previous.alerted.notify ?? 0]
    : [];
  const lastAlert = Math.max(0, ...previousAlerts);
  const incident: Incident = {
    id: `${delta.slot}#${seq}`,
    slot: delta.slot,
    seq,
    version: 1,
    logGroup: delta.logGroup,
    instance: delta.instance,
    cause: delta.cause,
    group: delta.group,
    severity: delta.severity,
    state: 'open',
    firstSeen: delta.firstSeen,
    lastSeen: delta.lastSeen,
    count: delta.count,
    statusCounts: copyCounts(delta.statusCounts),
    perInstance: copyCounts(delta.perInstance),
    upstreams: [...delta.upstreams],
    hosts: [...delta.hosts],
    samples: [...deltaSamples(delta)],
    buckets: mergeMinuteCounts([], delta.buckets, BUCKETS_KEPT),
    appliedDeltas: appendNewest(previous?.appliedDeltas ?? [], deltaId, MAX_APPLIED_DELTAS),
    alerted: {},
    expiresAt,
  };
  if (lastAlert > 0) incident.previousAlertAt = lastAlert;
  return incident;
}

/**
 * The same text as a flat string. Delta ids are built by concatenation (`${batchId}#${n}`), which V8
 * keeps as a rope; comparing ropes takes a runtime call per comparison, and every merge compares its
 * id with the 32 an incident keeps (`appliedDeltas`). Stored flat, they compare in a few ns.
 */
function flatString(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** A copy of `from` with `add`'s counts added. */
function addedCounts(
  from: Readonly<Record<string, number>>,
  add: Readonly<Record<string, number>>,
): Record<string, number> {
  const out = copyCounts(from);
  addCounts(out, add);
  return out;
}

/** `list` itself when none of `values` would be added to it, else a copy with them added. */
function withDistinct(list: readonly string[], values: readonly string[]): string[] {
  let out: string[] | undefined;
  for (const v of values) {
    if (out === undefined) {
      if (!addsDistinct(list, v)) continue;
      out = [...list];
    }
    addDistinct(out, v);
  }
  return out ?? (list as string[]);
}
