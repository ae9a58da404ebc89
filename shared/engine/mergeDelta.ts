import { SEVERITIES } from '../types.ts';
import { addDistinct, addSample, MAX_APPLIED_DELTAS } from './boundedSets.ts';
import type { Incident, IncidentDelta } from './ports.ts';

/** Minutes of per-minute counts an incident keeps (enough for the longest capacity window). */
const BUCKETS_KEPT = 30;

export type MergeOutcome =
  | { kind: 'unchanged'; incident: Incident }
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
 * The caller writes the result with `putIncident(incident, expectedVersion)`.
 */
export function mergeDelta(
  current: Incident | undefined,
  delta: IncidentDelta,
  expiresAt: number,
): MergeOutcome {
  if (current?.appliedDeltas.includes(delta.deltaId)) return { kind: 'unchanged', incident: current };
  if (current === undefined || (current.state === 'closed' && delta.firstSeen >= (current.closedAt ?? 0))) {
    return { kind: 'started', incident: startIncident(current, delta, expiresAt) };
  }
  const next: Incident = structuredClone(current);
  next.version = current.version + 1;
  if (delta.lastSeen > current.lastSeen && current.state === 'closed') {
    next.state = 'open';
    delete next.closedAt;
  }
  next.firstSeen = Math.min(current.firstSeen, delta.firstSeen);
  next.lastSeen = Math.max(current.lastSeen, delta.lastSeen);
  next.count += delta.count;
  if (SEVERITIES.indexOf(delta.severity) < SEVERITIES.indexOf(next.severity)) next.severity = delta.severity;
  addCounts(next.statusCounts, delta.statusCounts);
  addCounts(next.perInstance, delta.perInstance);
  addCounts(next.buckets, delta.buckets);
  trimBuckets(next.buckets);
  for (const u of delta.upstreams) addDistinct(next.upstreams, u);
  for (const h of delta.hosts) addDistinct(next.hosts, h);
  for (const s of delta.samples) addSample(next.samples, s);
  next.appliedDeltas = [...current.appliedDeltas, delta.deltaId].slice(-MAX_APPLIED_DELTAS);
  next.expiresAt = Math.max(current.expiresAt, expiresAt);
  return { kind: 'merged', incident: next };
}

function startIncident(previous: Incident | undefined, delta: IncidentDelta, expiresAt: number): Incident {
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
    statusCounts: { ...delta.statusCounts },
    perInstance: { ...delta.perInstance },
    upstreams: [...delta.upstreams],
    hosts: [...delta.hosts],
    samples: [...delta.samples],
    buckets: { ...delta.buckets },
    appliedDeltas: [...(previous?.appliedDeltas ?? []), delta.deltaId].slice(-MAX_APPLIED_DELTAS),
    alerted: {},
    expiresAt,
  };
  trimBuckets(incident.buckets);
  if (lastAlert > 0) incident.previousAlertAt = lastAlert;
  return incident;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
}

function trimBuckets(buckets: Record<string, number>): void {
  const keys = Object.keys(buckets).map(Number);
  if (keys.length <= BUCKETS_KEPT) return;
  keys.sort((a, b) => b - a);
  for (const old of keys.slice(BUCKETS_KEPT)) delete buckets[String(old)];
}
