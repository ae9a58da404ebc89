import type { AlertFacts, InstanceFacts } from '../../alerts/index.ts';
import { formatDuration } from '../../alerts/index.ts';
import { CAUSES } from '../../catalogue/index.ts';
import type { CauseId, DeployWindow, Incident, InstanceActivity } from '../../model/index.ts';
import { emptyCounts } from '../../model/index.ts';
import type { EngineSettings } from '../config/index.ts';
import { addDistinct, addSample } from '../store/index.ts';
import { mergeBursts, windowApplies, windowEnd } from '../windows/index.ts';
import { deploymentFacts } from './alertFacts.ts';

/** What one log group saw during a deployment. */
export interface DigestSource {
  logGroup: string;
  activity: readonly InstanceActivity[];
  incidents: readonly Incident[];
  /** The log group's fleet size (members, at least the configured size), when known. */
  fleetSize?: number;
  /** Ids of incidents paged by the same sweeper run (not yet marked `alerted`): still failing too. */
  paging?: ReadonlySet<string>;
}

/**
 * A deployment's digest: per instance the 502/504 nginx answered and the longest restart burst
 * during the window plus grace, the verdict (zero-downtime or not, instances still failing) and,
 * when it was not zero-downtime, the fix.
 */
export function buildDigest(
  window: DeployWindow,
  sources: readonly DigestSource[],
  now: number,
  config: EngineSettings,
): AlertFacts {
  const graceMs = config.graceMs;
  const from = window.start - graceMs;
  const to = windowEnd(window, config) + graceMs;
  const rows = new Map<string, InstanceFacts>();
  const row = (instance: string) => {
    const known = rows.get(instance) ?? { instance, count: 0, statusCounts: emptyCounts() };
    rows.set(instance, known);
    return known;
  };
  for (const instance of window.instances ?? []) row(instance);
  const causeWeight = new Map<CauseId, number>();
  const samples: string[] = [];
  const upstreams: string[] = [];
  const failing: string[] = [];
  let firstSeen = Infinity;
  let lastSeen = -Infinity;
  /** Restart bursts in the window, for how many instances were down at the same time. */
  const spans: { start: number; end: number }[] = [];
  const fleetSize = sources.reduce((n, s) => n + (s.fleetSize ?? 0), 0);
  for (const source of sources) {
    const applies = (instance: string) => windowApplies(window, source.logGroup, instance, config);
    const seen = new Set<string>();
    for (const a of source.activity) {
      if (!applies(a.instance) || seen.has(`${a.instance}\u0000${a.batchId}`)) continue;
      seen.add(`${a.instance}\u0000${a.batchId}`);
      for (const [minute, counts] of Object.entries(a.statusByMinute)) {
        const t = Number(minute) * 60_000;
        if (t + 60_000 <= from || t > to) continue;
        const r = row(a.instance);
        for (const [status, n] of Object.entries(counts)) {
          r.statusCounts[status] = (r.statusCounts[status] ?? 0) + n;
          r.count += n;
        }
      }
    }
    for (const [instance, bursts] of mergeBursts(source.activity, config)) {
      if (!applies(instance)) continue;
      for (const b of bursts) {
        if (b.end < from || b.start > to) continue;
        const r = row(instance);
        r.longestBurstMs = Math.max(r.longestBurstMs ?? 0, b.end - b.start);
        r.firstSeen = Math.min(r.firstSeen ?? Infinity, b.start);
        r.lastSeen = Math.max(r.lastSeen ?? -Infinity, b.end);
        firstSeen = Math.min(firstSeen, b.start);
        lastSeen = Math.max(lastSeen, b.end);
        spans.push({ start: b.start, end: b.end });
        for (const c of b.causes) causeWeight.set(c, (causeWeight.get(c) ?? 0) + b.count);
      }
    }
    for (const i of source.incidents) {
      if (i.instance === null || !applies(i.instance) || i.group !== 'restart') continue;
      if (i.lastSeen < from || i.firstSeen > to) continue;
      for (const s of i.samples) addSample(samples, s);
      for (const u of i.upstreams) addDistinct(upstreams, u);
      const paged = i.alerted.page !== undefined || (source.paging?.has(i.id) ?? false);
      if (paged && i.state === 'open' && !failing.includes(i.instance)) failing.push(i.instance);
    }
  }
  for (const f of failing) row(f).failing = true;
  const list = [...rows.values()].sort(
    (a, b) => (a.firstSeen ?? Infinity) - (b.firstSeen ?? Infinity) || a.instance.localeCompare(b.instance),
  );
  const total502 = list.reduce((s, r) => s + (r.statusCounts['502'] ?? 0), 0);
  const total504 = list.reduce((s, r) => s + (r.statusCounts['504'] ?? 0), 0);
  const zeroDowntime = total502 + total504 === 0 && list.every((r) => r.longestBurstMs === undefined);
  const cause = [...causeWeight.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const statusCounts = emptyCounts();
  if (total502) statusCounts['502'] = total502;
  if (total504) statusCounts['504'] = total504;
  const verdict = zeroDowntime ? 'zero-downtime' : `not zero-downtime (${total502} x 502, ${total504} x 504)`;
  const stillFailing =
    failing.length > 0 ? `, ${failing.length} instance${failing.length > 1 ? 's' : ''} still failing` : '';
  const down = list.filter((r) => r.longestBurstMs !== undefined).length;
  const together = maxOverlap(spans, config.overlapToleranceMs);
  const of = Math.max(fleetSize, list.length);
  const downtime =
    down === 0
      ? ''
      : `; downtime on ${down} of ${of} instance${of === 1 ? '' : 's'} for ${formatDuration(lastSeen - firstSeen)}${
          together >= 2
            ? `, ${together} down together: deploy in smaller batches (one at a time, or a minimum healthy share) so the others keep serving`
            : ''
        }`;
  const logGroup =
    window.logGroups?.join(', ') ??
    (sources.map((s) => s.logGroup).join(', ') || '(no log group saw errors)');
  const facts: AlertFacts = {
    key: `digest#${window.id}`,
    kind: 'digest',
    rule: 'deployment-digest',
    severity: failing.length > 0 ? 'medium' : zeroDowntime ? 'info' : 'low',
    logGroup,
    cause,
    headline: `deployment ${window.id} on ${list.length} instance${list.length === 1 ? '' : 's'}: ${verdict}${stillFailing}${downtime}`,
    fleet: false,
    deployment: deploymentFacts(window),
    instances: list,
    firstSeen: Number.isFinite(firstSeen) ? firstSeen : window.start,
    lastSeen: Number.isFinite(lastSeen) ? lastSeen : windowEnd(window, config),
    count: total502 + total504,
    statusCounts,
    upstreams,
    hosts: [],
    samples,
    digest: { zeroDowntime, failing, total502, total504 },
    decidedAt: now,
  };
  if (cause) facts.causeInfo = CAUSES[cause];
  return facts;
}

/** The most spans open at one instant, each shrunk by `tolMs` (a rolling handover is not "together"). */
function maxOverlap(spans: readonly { start: number; end: number }[], tolMs: number): number {
  const edges: [number, number][] = [];
  for (const s of spans) if (s.end - tolMs > s.start) edges.push([s.start, 1], [s.end - tolMs, -1]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let best = 0;
  for (const [, d] of edges) {
    open += d;
    best = Math.max(best, open);
  }
  return best;
}
