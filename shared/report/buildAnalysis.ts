import { CAUSES } from '../catalogue/index.ts';
import type { EngineSettings } from '../engine/index.ts';
import { judgeRestart, mergeBursts, type RestartVerdict } from '../engine/index.ts';
import type { CauseId, DeployWindow, Incident, InstanceActivity } from '../model/index.ts';
import { addCounts, emptyCounts } from '../model/index.ts';
import type { AlertTally, DigestFacts, PageFacts } from './AlertTally.ts';
import type {
  Analysis,
  DeploymentVerdict,
  IncidentVerdict,
  InstanceVerdict,
  ReportDeployment,
  ReportIncident,
  ReportInstance,
  Tone,
} from './Analysis.ts';

/** What `buildAnalysis` reads: the engine's results after a replay. */
export interface AnalysisInput {
  logGroup: string;
  /** The instances given (files), in order: every one gets a row, failing or not. */
  instances: readonly string[];
  incidents: readonly Incident[];
  windows: readonly DeployWindow[];
  /** The whole input's restart activity (the store itself may have forgotten the oldest). */
  restartActivity: readonly InstanceActivity[];
  alerts: Pick<AlertTally, 'counts' | 'pages' | 'digests' | 'held'>;
  replay: {
    events: number;
    causeCounts: Partial<Record<CauseId, number>>;
    firstSeen: number;
    lastSeen: number;
    endedAt: number;
  };
  config: Pick<EngineSettings, 'graceMs' | 'maxDeployDurationMs' | 'burstGapMs' | 'unscopedDeployWindows'>;
}

/** How bad a verdict is: rows sort by it, an instance takes its worst incident's. */
export const VERDICT_RANK: Record<InstanceVerdict, number> = {
  paged: 9,
  'paged, resolved': 8,
  'in fleet page': 7,
  notified: 6,
  suppressed: 5,
  held: 4,
  'not a fleet outage': 3,
  transient: 3,
  'below threshold': 2,
  counted: 1,
  quiet: 0,
};

export function toneOf(verdict: InstanceVerdict): Tone {
  const rank = VERDICT_RANK[verdict];
  return rank >= 7 ? 'page' : rank >= 2 ? 'notice' : 'ok';
}

const QUIET_GROUPS = new Set(['noise', 'lifecycle']);

/** The analysis of a replay (see `Analysis`). Pure: every time comes from the input. */
export function buildAnalysis(input: AnalysisInput): Analysis {
  const { incidents, windows, config, alerts, replay } = input;
  const bursts = mergeBursts(input.restartActivity, config);
  const held = new Set(alerts.held.map((a) => a.key));
  // The restart rule's judgement of an instance's restart incident, once per incident (verdict and deployment).
  const judged = new Map<string, RestartVerdict>();
  const judge = (i: Incident): RestartVerdict => {
    let j = judged.get(i.id);
    if (j === undefined) {
      j = judgeRestart(i, bursts.get(i.instance ?? ''), windows, replay.endedAt, config);
      judged.set(i.id, j);
    }
    return j;
  };
  const verdicts = new Map<string, IncidentVerdict>();
  const verdictOf = (i: Incident): IncidentVerdict => {
    let v = verdicts.get(i.id);
    if (v === undefined) {
      v = incidentVerdict(i, incidents, held, judge);
      verdicts.set(i.id, v);
    }
    return v;
  };

  const reportIncidents: ReportIncident[] = incidents
    .filter(
      (i) => i.instance !== null || Object.keys(i.perInstance).length > 1 || i.alerted.page !== undefined,
    )
    .sort((a, b) => a.firstSeen - b.firstSeen || a.id.localeCompare(b.id))
    .map((i) => ({
      id: i.id,
      logGroup: i.logGroup,
      instance: i.instance,
      cause: i.cause,
      group: i.group,
      severity: i.severity,
      state: i.state,
      verdict: verdictOf(i),
      deployment:
        i.deployment ??
        (i.instance !== null && i.group === 'restart' ? judge(i).deployment?.id : undefined) ??
        null,
      transient: i.transient === true,
      firstSeen: i.firstSeen,
      lastSeen: i.lastSeen,
      count: i.count,
      statusCounts: i.statusCounts,
      perInstance: i.perInstance,
      upstreams: i.upstreams,
      hosts: i.hosts,
      samples: i.samples,
    }));

  const instances: ReportInstance[] = input.instances.map((instance) => {
    const own = incidents.filter((i) => i.instance === instance);
    const statusCounts = emptyCounts();
    for (const i of own) addCounts(statusCounts, i.statusCounts);
    const list = bursts.get(instance) ?? [];
    const verdict = own
      .map(verdictOf)
      .reduce<InstanceVerdict>((best, v) => (VERDICT_RANK[v] > VERDICT_RANK[best] ? v : best), 'quiet');
    return {
      instance,
      events: own.reduce((s, i) => s + i.count, 0),
      upstreamErrors: own.filter((i) => !QUIET_GROUPS.has(i.group)).reduce((s, i) => s + i.count, 0),
      statusCounts,
      bursts: list.length,
      longestBurstMs: list.length > 0 ? Math.max(...list.map((b) => b.end - b.start)) : null,
      verdict,
      tone: toneOf(verdict),
      fleetIncidents: incidents
        .filter(
          (f) => f.instance === null && !QUIET_GROUPS.has(f.group) && (f.perInstance[instance] ?? 0) > 0,
        )
        .map((f) => f.id),
    };
  });

  const deployments = [...windows]
    .sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1))
    .map((w) => toDeployment(w, alerts, config));

  const findings = findingsOf(alerts, deployments);
  const timed = replay.events > 0;
  return {
    logGroup: input.logGroup,
    summary: {
      instances: input.instances.length,
      events: replay.events,
      unparsed: replay.causeCounts.unparsed ?? 0,
      causeCounts: replay.causeCounts as Record<string, number>,
      firstSeen: timed ? replay.firstSeen : undefined,
      lastSeen: timed ? replay.lastSeen : undefined,
      evaluatedUntil: timed ? replay.endedAt : undefined,
      alerts: { ...alerts.counts },
      findings,
      verdict: findings.join('. '),
    },
    incidents: reportIncidents,
    deployments,
    instances,
    held: [...alerts.held],
  };
}

function incidentVerdict(
  i: Incident,
  all: readonly Incident[],
  held: ReadonlySet<string>,
  judge: (i: Incident) => RestartVerdict,
): IncidentVerdict {
  if (i.alerted.page !== undefined) return i.alerted.resolved !== undefined ? 'paged, resolved' : 'paged';
  if (i.alerted.notify !== undefined) return 'notified';
  if (held.has(`page#${i.id}`) || held.has(`notify#${i.id}`)) return 'suppressed';
  if (QUIET_GROUPS.has(i.group)) return 'counted';
  if (i.instance === null) return i.group === 'restart' ? 'not a fleet outage' : 'below threshold';
  const overlaps = (f: Incident) => f.firstSeen <= i.lastSeen && f.lastSeen >= i.firstSeen;
  if (i.group === 'restart') {
    const fleetPage = all.some(
      (f) =>
        f.instance === null &&
        f.group === 'restart' &&
        f.alerted.page !== undefined &&
        (f.perInstance[i.instance!] ?? 0) > 0 &&
        overlaps(f),
    );
    if (fleetPage) return 'in fleet page';
    if (i.transient) return 'transient';
    const v = judge(i).verdict;
    return v === 'page' ? 'held' : v;
  }
  const fleet = all.find((f) => f.instance === null && f.cause === i.cause && overlaps(f));
  if (fleet?.alerted.page !== undefined) return 'paged';
  if (fleet?.alerted.notify !== undefined) return 'notified';
  if (fleet && (held.has(`page#${fleet.id}`) || held.has(`notify#${fleet.id}`))) return 'suppressed';
  return 'below threshold';
}

function toDeployment(
  w: DeployWindow,
  alerts: AnalysisInput['alerts'],
  config: Pick<EngineSettings, 'graceMs' | 'maxDeployDurationMs'>,
): ReportDeployment {
  const cappedEnd = w.end ?? w.start + config.maxDeployDurationMs;
  const from = w.start - config.graceMs;
  const to = cappedEnd + config.graceMs;
  const pages = alerts.pages.filter((p) => pageConcerns(p, w.id, from, to));
  const digest = alerts.digests.get(w.id);
  const d: ReportDeployment = {
    id: w.id,
    source: w.source,
    start: w.start,
    end: w.end ?? null,
    cappedEnd,
    instances: w.instances ? [...w.instances] : null,
    verdict: deploymentVerdict(w, digest, pages),
    total502: digest?.total502 ?? null,
    total504: digest?.total504 ?? null,
    failing: [...(digest?.failing ?? [])],
    pages: pages.map((p) => p.subject),
    pageCause: pages[0]?.cause ?? null,
  };
  if (w.label !== undefined) d.label = w.label;
  return d;
}

/**
 * A page about the deployment: one naming it, or a fleet restart page during it (window plus grace
 * on both sides: markers are rarely exact) — restarts everywhere at once, whatever the deploy tool said.
 */
function pageConcerns(p: PageFacts, id: string, from: number, to: number): boolean {
  if (p.deployment === id) return true;
  return (
    p.fleet &&
    p.deployment === undefined &&
    p.cause !== null &&
    CAUSES[p.cause].group === 'restart' &&
    p.decidedAt >= from &&
    p.decidedAt <= to
  );
}

/**
 * A deployment's verdict, in a word (what the digest said) and a sentence; its tone says whether it
 * paged (a page about it), was zero-downtime, or needs reading.
 */
function deploymentVerdict(
  w: DeployWindow,
  digest: DigestFacts | undefined,
  pages: readonly PageFacts[],
): DeploymentVerdict {
  const word =
    w.source === 'lifecycle'
      ? 'nginx lifecycle (no digest)'
      : digest
        ? `${digest.zeroDowntime ? 'zero-downtime' : 'NOT zero-downtime'}${digest.failing.length > 0 ? `, still failing: ${digest.failing.join(', ')}` : ''}`
        : 'no digest yet (not over at the end of the input)';
  if (pages.length > 0)
    return { tone: 'page', word, text: `Paged: ${pages.map((p) => p.subject).join('; ')}` };
  if (w.source === 'lifecycle') return { tone: 'ok', word, text: 'nginx reload, start or stop.' };
  if (!digest)
    return {
      tone: 'notice',
      word,
      text: 'No digest yet: the deployment had not ended by the end of the input.',
    };
  if (digest.zeroDowntime && digest.failing.length === 0)
    return { tone: 'ok', word, text: 'Zero-downtime: no 502/504 on its instances during the deployment.' };
  const still = digest.failing.length > 0 ? ` Still failing at its end: ${digest.failing.join(', ')}.` : '';
  return {
    tone: 'notice',
    word,
    text:
      `No page, but not zero-downtime: ${digest.total502} × 502 and ${digest.total504} × 504 on its instances.${still} ` +
      'Clients got errors that a deploy behind a load balancer can avoid.',
  };
}

function findingsOf(alerts: AnalysisInput['alerts'], deployments: readonly ReportDeployment[]): string[] {
  const parts: string[] = [];
  if (alerts.pages.length === 0) parts.push('no page');
  for (const p of alerts.pages) parts.push(`PAGE: ${p.headline}`);
  const notifies = alerts.counts.notify ?? 0;
  if (notifies > 0) parts.push(`${notifies} notification${notifies > 1 ? 's' : ''}`);
  for (const d of deployments) {
    if (d.source === 'lifecycle' || d.total502 === null) continue;
    const counts = d.total502 + (d.total504 ?? 0) > 0 ? ` (${d.total502} x 502, ${d.total504} x 504)` : '';
    parts.push(`deployment ${d.id}: ${d.verdict.word}${counts}`);
  }
  return parts;
}
