import { formatTime } from '#shared/alerts/formatTime.ts';
import { addCounts, emptyCounts } from '#shared/engine/countRecords.ts';
import type { EngineConfig } from '#shared/engine/EngineConfig.ts';
import { judgeRestart } from '#shared/engine/judgeRestart.ts';
import { mergeBursts } from '#shared/engine/mergeBursts.ts';
import type { Burst, DeployWindow, Incident } from '#shared/engine/ports.ts';
import type { ReplayOutcome } from '#shared/engine/replayEvents.ts';
import type { ReplayStore } from './ReplayStore.ts';
import { type ReportAlert, type SentAlerts, SentAlertsInMemory } from './SentAlerts.ts';

/** What became of an incident, in a word. */
export type IncidentVerdict =
  | 'not a fleet outage'
  | 'paged'
  | 'paged, resolved'
  | 'in fleet page'
  | 'notified'
  | 'transient'
  | 'held'
  | 'below threshold'
  | 'counted'
  | 'suppressed';

export interface ReportIncident {
  id: string;
  scope: { logGroup: string; instance?: string; fleet?: true };
  cause: string;
  group: string;
  state: string;
  verdict: IncidentVerdict;
  deployment: string | null;
  firstSeen: string;
  lastSeen: string;
  count: number;
  statusCounts: Record<string, number>;
  perInstance: Record<string, number>;
  upstreams: string[];
  hosts: string[];
  samples: string[];
}

export interface ReportInstance {
  instance: string;
  events: number;
  statusCounts: Record<string, number>;
  bursts: number;
  longestBurstMs: number | null;
  verdict: IncidentVerdict | 'quiet';
}

export interface ReportDeployment {
  id: string;
  source: string;
  start: string;
  end: string | null;
  instances: string[] | null;
  verdict: string;
  total502: number | null;
  total504: number | null;
}

export interface AnalyzeReport {
  alerts: ReportAlert[];
  incidents: ReportIncident[];
  deployments: ReportDeployment[];
  instances: ReportInstance[];
  summary: {
    instances: number;
    events: number;
    unparsed: number;
    causeCounts: Record<string, number>;
    firstSeen: string;
    lastSeen: string;
    evaluatedUntil: string;
    alerts: Record<'page' | 'notify' | 'digest' | 'resolved', number>;
    suppressed: { key: string; subject: string; reason: 'cooldown' }[];
    /** One line per finding: the pages, the notifications, each deployment's verdict. */
    findings: string[];
    verdict: string;
  };
}

const RANK: Record<IncidentVerdict | 'quiet', number> = {
  'not a fleet outage': 3,
  paged: 9,
  'paged, resolved': 8,
  'in fleet page': 7,
  notified: 6,
  suppressed: 5,
  held: 4,
  transient: 3,
  'below threshold': 2,
  counted: 1,
  quiet: 0,
};

/** The report without its alerts, which may be too many to hold (`SentAlerts` gives them one by one). */
export type AnalyzeReportBody = Omit<AnalyzeReport, 'alerts'>;

/**
 * Everything the text and JSON outputs show, from a replay that collected its alerts in its outcome
 * and the store it left.
 */
export async function buildAnalyzeReport(
  outcome: ReplayOutcome,
  store: ReplayStore,
  config: EngineConfig,
  logGroup: string,
  instanceNames: readonly string[],
): Promise<AnalyzeReport> {
  const sent = SentAlertsInMemory.of(outcome.sent, outcome.suppressed);
  const body = await buildAnalyzeReportBody(outcome, sent, store, config, logGroup, instanceNames);
  return { alerts: [...sent.list()], ...body };
}

/** The report but its alerts, from the replay's outcome, its alerts (`sent`) and the store it left. */
export async function buildAnalyzeReportBody(
  outcome: Pick<ReplayOutcome, 'events' | 'causeCounts' | 'firstSeen' | 'lastSeen' | 'endedAt'>,
  sent: SentAlerts,
  store: ReplayStore,
  config: EngineConfig,
  logGroup: string,
  instanceNames: readonly string[],
): Promise<AnalyzeReportBody> {
  const incidents = await store.listIncidents({ logGroup });
  // The whole input's bursts: the store itself only keeps the activity the engine can still read.
  const bursts = mergeBursts(store.restartActivity(logGroup), config);
  const windows = await store.listDeployWindows(-Infinity, Infinity);
  const suppressedKeys = new Set(sent.held.map((a) => a.key));
  const verdictOf = (i: Incident): IncidentVerdict =>
    incidentVerdict(i, incidents, bursts, windows, outcome.endedAt, config, suppressedKeys);

  const reportIncidents: ReportIncident[] = incidents
    .filter(
      (i) => i.instance !== null || Object.keys(i.perInstance).length > 1 || i.alerted.page !== undefined,
    )
    .sort((a, b) => a.firstSeen - b.firstSeen || a.id.localeCompare(b.id))
    .map((i) => ({
      id: i.id,
      scope:
        i.instance === null
          ? { logGroup: i.logGroup, fleet: true as const }
          : { logGroup: i.logGroup, instance: i.instance },
      cause: i.cause,
      group: i.group,
      state: i.state,
      verdict: verdictOf(i),
      deployment: i.deployment ?? deploymentOf(i, bursts, windows, outcome.endedAt, config) ?? null,
      firstSeen: formatTime(i.firstSeen),
      lastSeen: formatTime(i.lastSeen),
      count: i.count,
      statusCounts: i.statusCounts,
      perInstance: i.perInstance,
      upstreams: i.upstreams,
      hosts: i.hosts,
      samples: i.samples,
    }));

  const instances: ReportInstance[] = instanceNames.map((instance) => {
    const own = incidents.filter((i) => i.instance === instance);
    const statusCounts = emptyCounts();
    for (const i of own) addCounts(statusCounts, i.statusCounts);
    const list = bursts.get(instance) ?? [];
    const verdict = own
      .map(verdictOf)
      .reduce<IncidentVerdict | 'quiet'>((best, v) => (RANK[v] > RANK[best] ? v : best), 'quiet');
    return {
      instance,
      events: own.reduce((s, i) => s + i.count, 0),
      statusCounts,
      bursts: list.length,
      longestBurstMs: list.length > 0 ? Math.max(...list.map((b) => b.end - b.start)) : null,
      verdict,
    };
  });

  const deployments: ReportDeployment[] = windows
    .sort((a, b) => a.start - b.start)
    .map((w) => {
      const digest = sent.digests.get(w.id) as
        | { zeroDowntime: boolean; total502: number; total504: number; failing: string[] }
        | undefined;
      const verdict =
        w.source === 'lifecycle'
          ? 'nginx lifecycle (no digest)'
          : digest
            ? `${digest.zeroDowntime ? 'zero-downtime' : 'NOT zero-downtime'}${digest.failing.length > 0 ? `, still failing: ${digest.failing.join(', ')}` : ''}`
            : 'no digest yet (not over at the end of the input)';
      return {
        id: w.id,
        source: w.source,
        start: formatTime(w.start),
        end: w.end === undefined ? null : formatTime(w.end),
        instances: w.instances ?? null,
        verdict,
        total502: digest?.total502 ?? null,
        total504: digest?.total504 ?? null,
      };
    });

  const findings = findingsOf(sent, deployments);
  return {
    incidents: reportIncidents,
    deployments,
    instances,
    summary: {
      instances: instanceNames.length,
      events: outcome.events,
      unparsed: outcome.causeCounts.unparsed ?? 0,
      causeCounts: outcome.causeCounts as Record<string, number>,
      firstSeen: formatTime(outcome.events > 0 ? outcome.firstSeen : undefined),
      lastSeen: formatTime(outcome.events > 0 ? outcome.lastSeen : undefined),
      evaluatedUntil: formatTime(outcome.events > 0 ? outcome.endedAt : undefined),
      alerts: { ...sent.counts },
      suppressed: sent.held.map((a) => ({
        key: a.key,
        subject: a.subject,
        reason: 'cooldown' as const,
      })),
      findings,
      verdict: findings.join('. '),
    },
  };
}

function incidentVerdict(
  i: Incident,
  all: readonly Incident[],
  bursts: ReadonlyMap<string, readonly Burst[]>,
  windows: readonly DeployWindow[],
  endedAt: number,
  config: EngineConfig,
  suppressed: ReadonlySet<string>,
): IncidentVerdict {
  if (i.alerted.page !== undefined) return i.alerted.resolved !== undefined ? 'paged, resolved' : 'paged';
  if (i.alerted.notify !== undefined) return 'notified';
  if (suppressed.has(`page#${i.id}`) || suppressed.has(`notify#${i.id}`)) return 'suppressed';
  if (i.group === 'noise' || i.group === 'lifecycle') return 'counted';
  if (i.instance === null) return i.group === 'restart' ? 'not a fleet outage' : 'below threshold';
  const fleet = all.find(
    (f) =>
      f.instance === null && f.cause === i.cause && f.firstSeen <= i.lastSeen && f.lastSeen >= i.firstSeen,
  );
  if (i.group === 'restart') {
    const fleetPage = all.some(
      (f) =>
        f.instance === null &&
        f.group === 'restart' &&
        f.alerted.page !== undefined &&
        (f.perInstance[i.instance!] ?? 0) > 0 &&
        f.firstSeen <= i.lastSeen &&
        f.lastSeen >= i.firstSeen,
    );
    if (fleetPage) return 'in fleet page';
    if (i.transient) return 'transient';
    const v = judgeRestart(i, bursts.get(i.instance), windows, endedAt, config).verdict;
    return v === 'page' ? 'held' : v;
  }
  if (fleet?.alerted.page !== undefined) return 'paged';
  if (fleet?.alerted.notify !== undefined) return 'notified';
  if (fleet && (suppressed.has(`page#${fleet.id}`) || suppressed.has(`notify#${fleet.id}`)))
    return 'suppressed';
  return 'below threshold';
}

function deploymentOf(
  i: Incident,
  bursts: ReadonlyMap<string, readonly Burst[]>,
  windows: readonly DeployWindow[],
  endedAt: number,
  config: EngineConfig,
): string | undefined {
  if (i.instance === null || i.group !== 'restart') return undefined;
  return judgeRestart(i, bursts.get(i.instance), windows, endedAt, config).deployment?.id;
}

function findingsOf(sent: SentAlerts, deployments: readonly ReportDeployment[]): string[] {
  const parts: string[] = [];
  if (sent.pageHeadlines.length === 0) parts.push('no page');
  for (const headline of sent.pageHeadlines) parts.push(`PAGE: ${headline}`);
  const notifies = sent.counts.notify;
  if (notifies > 0) parts.push(`${notifies} notification${notifies > 1 ? 's' : ''}`);
  for (const d of deployments) {
    if (d.source === 'lifecycle' || d.total502 === null) continue;
    const counts = d.total502 + (d.total504 ?? 0) > 0 ? ` (${d.total502} x 502, ${d.total504} x 504)` : '';
    parts.push(`deployment ${d.id}: ${d.verdict}${counts}`);
  }
  return parts;
}
