import { formatTime } from '#shared/alerts/index.ts';
import type { Analysis, ReportAlert } from '#shared/report/index.ts';
import type { AnalyzeReport } from './buildAnalyzeReport.ts';
import type { SentAlerts } from './SentAlerts.ts';

/** The JSON output of `analyze`: the analysis with the documented fields, times as ISO 8601 UTC. */
export interface AnalyzeJson {
  alerts: ReportAlert[];
  incidents: {
    id: string;
    scope: { logGroup: string; instance?: string; fleet?: true };
    cause: string;
    group: string;
    state: string;
    verdict: string;
    deployment: string | null;
    firstSeen: string;
    lastSeen: string;
    count: number;
    statusCounts: Record<string, number>;
    perInstance: Record<string, number>;
    upstreams: string[];
    hosts: string[];
    samples: string[];
  }[];
  deployments: {
    id: string;
    source: string;
    start: string;
    end: string | null;
    instances: string[] | null;
    verdict: string;
    total502: number | null;
    total504: number | null;
  }[];
  instances: {
    instance: string;
    events: number;
    statusCounts: Record<string, number>;
    bursts: number;
    longestBurstMs: number | null;
    verdict: string;
  }[];
  summary: {
    instances: number;
    events: number;
    unparsed: number;
    causeCounts: Record<string, number>;
    firstSeen: string;
    lastSeen: string;
    evaluatedUntil: string;
    alerts: Record<string, number>;
    suppressed: { key: string; subject: string; reason: 'cooldown' }[];
    findings: string[];
    verdict: string;
  };
}

/** The JSON view of the analysis, every instance in the order given (`alerts` as given). */
export function analyzeJson(report: AnalyzeReport): AnalyzeJson {
  return { alerts: report.alerts, ...analyzeJsonBody(report.analysis) };
}

function analyzeJsonBody(a: Analysis): Omit<AnalyzeJson, 'alerts'> {
  const s = a.summary;
  return {
    incidents: a.incidents.map((i) => ({
      id: i.id,
      scope:
        i.instance === null
          ? { logGroup: i.logGroup, fleet: true as const }
          : { logGroup: i.logGroup, instance: i.instance },
      cause: i.cause,
      group: i.group,
      state: i.state,
      verdict: i.verdict,
      deployment: i.deployment,
      firstSeen: formatTime(i.firstSeen),
      lastSeen: formatTime(i.lastSeen),
      count: i.count,
      statusCounts: i.statusCounts,
      perInstance: i.perInstance,
      upstreams: i.upstreams,
      hosts: i.hosts,
      samples: i.samples,
    })),
    deployments: a.deployments.map((d) => ({
      id: d.id,
      source: d.source,
      start: formatTime(d.start),
      end: d.end === null ? null : formatTime(d.end),
      instances: d.instances,
      verdict: d.verdict.word,
      total502: d.total502,
      total504: d.total504,
    })),
    instances: a.instances.map((i) => ({
      instance: i.instance,
      events: i.events,
      statusCounts: i.statusCounts,
      bursts: i.bursts,
      longestBurstMs: i.longestBurstMs,
      verdict: i.verdict,
    })),
    summary: {
      instances: s.instances,
      events: s.events,
      unparsed: s.unparsed,
      causeCounts: s.causeCounts,
      firstSeen: formatTime(s.firstSeen),
      lastSeen: formatTime(s.lastSeen),
      evaluatedUntil: formatTime(s.evaluatedUntil),
      alerts: s.alerts,
      suppressed: a.held.map((h) => ({ key: h.key, subject: h.subject, reason: h.reason })),
      findings: s.findings,
      verdict: s.verdict,
    },
  };
}

/**
 * `JSON.stringify(analyzeJson(report), null, 2)` and a newline, byte for byte, written as it is
 * made: the alerts (the report's first key) come one at a time from `sent`, each stringified and
 * indented as it would be inside the whole.
 */
export async function writeAnalyzeJson(
  write: (text: string) => void | Promise<void>,
  analysis: Analysis,
  sent: SentAlerts,
): Promise<void> {
  const empty = '{\n  "alerts": []';
  const whole = JSON.stringify({ alerts: [], ...analyzeJsonBody(analysis) }, null, 2);
  if (sent.count === 0) {
    await write(`${whole}\n`);
    return;
  }
  await write('{\n  "alerts": [\n');
  let first = true;
  for await (const alert of sent.alerts()) {
    const text = JSON.stringify(alert, null, 2).replaceAll('\n', '\n    ');
    await write(`${first ? '' : ',\n'}    ${text}`);
    first = false;
  }
  await write(`\n  ]${whole.slice(empty.length)}\n`);
}
