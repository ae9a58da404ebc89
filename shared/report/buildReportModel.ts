import { CAUSES } from '../catalogue/index.ts';
import type { CauseId } from '../model/index.ts';
import type { Tone } from './Analysis.ts';
import { type BinEvent, binEvents } from './binEvents.ts';
import { assignCauseColors } from './causeColors.ts';
import { deploymentCard } from './deploymentCard.ts';
import { foldInstances } from './foldInstances.ts';
import type { DeploymentCard, NumberedAlert, ReportCause, ReportInput, ReportModel } from './ReportModel.ts';
import { withoutKind } from './withoutKind.ts';
import { checkTimeZone } from './zonedTime.ts';

/** Samples shown per cause card. */
const MAX_SAMPLES_PER_CAUSE = 3;
const GROUP_ORDER = ['restart', 'config', 'capacity', 'app', 'noise', 'lifecycle'] as const;
/** Key of the folded row in the timeline: a NUL cannot be in a file name, so no instance has it. */
export const FOLDED_ROW = '\u0000no upstream errors';

interface CauseStats {
  count: number;
  statusCounts: Record<string, number>;
  instances: Set<string>;
  first: number;
  last: number;
}

/**
 * The HTML report's model: the analysis, and what the picture adds to it: the binned timeline
 * (failing and paged instances first, the instances without upstream errors folded into one row),
 * one card per cause present, one per deployment with its own counts, the alerts numbered in the
 * order they were decided, and a one-line verdict. Pure: time comes from the events; throws a
 * `ReportTimeZoneError` for an unknown zone.
 */
export function buildReportModel(input: ReportInput): ReportModel {
  checkTimeZone(input.timeZone);
  const { analysis } = input;
  let firstEvent: number | undefined;
  let lastEvent: number | undefined;
  const causeStats = new Map<CauseId, CauseStats>();
  let status502 = 0;
  let status504 = 0;
  let events = 0;
  for (const e of input.events) {
    const n = e.count ?? 1;
    events += n;
    if (Number.isFinite(e.timestamp)) {
      if (firstEvent === undefined || e.timestamp < firstEvent) firstEvent = e.timestamp;
      if (lastEvent === undefined || e.timestamp > lastEvent) lastEvent = e.timestamp;
    }
    if (e.status === 502) status502 += n;
    if (e.status === 504) status504 += n;
    let s = causeStats.get(e.cause);
    if (!s) {
      s = { count: 0, statusCounts: {}, instances: new Set(), first: e.timestamp, last: e.timestamp };
      causeStats.set(e.cause, s);
    }
    s.count += n;
    const key = e.status === null ? 'none' : String(e.status);
    s.statusCounts[key] = (s.statusCounts[key] ?? 0) + n;
    s.instances.add(e.instance);
    if (e.timestamp < s.first) s.first = e.timestamp;
    if (e.timestamp > s.last) s.last = e.timestamp;
  }

  const names = analysis.instances.map((i) => i.instance);
  const known = new Set(names);
  const extra = [...new Set(input.events.map((e) => e.instance).filter((i) => !known.has(i)))].sort();
  const allInstances = [...names, ...extra];
  const fold = foldInstances(analysis.instances);
  const quiet = new Set(fold.quiet.map((i) => i.instance));
  const rowOrder = [...fold.shown.map((i) => i.instance), ...extra];
  const deployments = analysis.deployments.map((d) =>
    deploymentCard(d, input.events, allInstances, input.settings),
  );
  const range = timelineRange(firstEvent, lastEvent, deployments);
  const binned: BinEvent[] =
    quiet.size === 0
      ? [...input.events]
      : input.events.map((e) => (quiet.has(e.instance) ? { ...e, instance: FOLDED_ROW } : e));
  const timeline = binEvents(binned, {
    start: range.start,
    end: range.end,
    instances: quiet.size === 0 ? rowOrder : [...rowOrder, FOLDED_ROW],
    ...(input.maxBuckets === undefined ? {} : { maxBuckets: input.maxBuckets }),
  });

  const causes = buildCauses(causeStats, input);
  const alerts: NumberedAlert[] = [
    ...input.alerts.map((a) => ({ ...a, suppressed: false })),
    ...(input.suppressed ?? []).map((a) => ({ ...a, suppressed: true })),
  ]
    .sort((a, b) => a.decidedAt - b.decidedAt)
    .map((a, i) => ({ ...a, number: i + 1 }));

  const model: ReportModel = {
    analysis,
    title: input.title ?? 'upstream-triage report',
    timeZone: input.timeZone,
    sources: [...input.sources],
    range: { start: timeline.start, end: timeline.end },
    timeline,
    instances: fold.shown,
    causes,
    deployments,
    incidents: analysis.incidents,
    alerts,
    totals: {
      events,
      unparsed: analysis.summary.unparsed,
      status502,
      status504,
      instances: allInstances.length,
    },
    verdict: { tone: 'ok', headline: '', details: [] },
  };
  if (quiet.size > 0) model.folded = { key: FOLDED_ROW, instances: fold.quiet };
  if (firstEvent !== undefined) model.firstEvent = firstEvent;
  if (lastEvent !== undefined) model.lastEvent = lastEvent;
  model.verdict = overallVerdict(model);
  return model;
}

/**
 * The span shown: the events and the deploy windows, with a margin so marks do not touch the
 * edges. Alerts decided later (a sweep after the last event) are pinned at the right edge instead
 * of stretching a 30-second story over five minutes.
 */
function timelineRange(
  first: number | undefined,
  last: number | undefined,
  deployments: readonly DeploymentCard[],
): { start: number; end: number } {
  let start = first ?? Number.POSITIVE_INFINITY;
  let end = last ?? Number.NEGATIVE_INFINITY;
  for (const d of deployments) {
    start = Math.min(start, d.start);
    // A window without a known end would stretch the axis to maxDeployDuration: show it up to the data.
    end = Math.max(end, d.end !== null || last === undefined ? d.cappedEnd : Math.min(d.cappedEnd, last));
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) return { start: 0, end: 0 };
  const margin = Math.max(2000, Math.round((end - start) * 0.04));
  return { start: start - margin, end: end + margin };
}

function buildCauses(stats: Map<CauseId, CauseStats>, input: ReportInput): ReportCause[] {
  const ids = [...stats.keys()].sort((a, b) => {
    const ga = GROUP_ORDER.indexOf(CAUSES[a].group);
    const gb = GROUP_ORDER.indexOf(CAUSES[b].group);
    return ga - gb || (stats.get(b)?.count ?? 0) - (stats.get(a)?.count ?? 0) || (a < b ? -1 : 1);
  });
  const colors = assignCauseColors(ids.map((id) => ({ id, group: CAUSES[id].group })));
  return ids.map((id) => {
    const info = CAUSES[id];
    const s = stats.get(id);
    const samples: string[] = [];
    const add = (sample: string) => {
      if (samples.length < MAX_SAMPLES_PER_CAUSE && !samples.includes(sample)) samples.push(sample);
    };
    for (const sample of input.samples?.[id] ?? []) add(sample);
    for (const incident of input.analysis.incidents)
      if (incident.cause === id) for (const sample of incident.samples) add(sample);
    return {
      id,
      group: info.group,
      title: info.title,
      explanation: info.explanation,
      checks: info.checks,
      fix: info.fix,
      commands: info.commands,
      color: colors.get(id) ?? '#7f7f7f',
      count: s?.count ?? 0,
      statusCounts: s?.statusCounts ?? {},
      instances: [...(s?.instances ?? [])].sort(),
      firstSeen: s?.first ?? 0,
      lastSeen: s?.last ?? 0,
      samples,
    };
  });
}

function overallVerdict(model: ReportModel): ReportModel['verdict'] {
  const sent = model.alerts.filter((a) => !a.suppressed);
  const pages = sent.filter((a) => a.kind === 'page');
  const details: string[] = [];
  let tone: Tone;
  let headline: string;
  if (pages.length > 0) {
    tone = 'page';
    headline = `${pages.length} page${pages.length === 1 ? '' : 's'}: ${withoutKind(pages[0]?.subject ?? '')}`;
    for (const p of pages.slice(1)) details.push(withoutKind(p.subject));
  } else if (model.totals.status502 + model.totals.status504 > 0 || sent.length > 0) {
    tone = 'notice';
    // Deployments whose digest said they were not zero-downtime.
    const notDowntime = model.deployments.filter((d) => d.verdict.tone === 'notice' && d.total502 !== null);
    headline =
      notDowntime.length > 0
        ? `No outage: ${notDowntime.map((d) => `deployment ${d.id}`).join(', ')} ${notDowntime.length === 1 ? 'was' : 'were'} not zero-downtime`
        : 'No page, but errors worth reading';
  } else {
    tone = 'ok';
    headline = 'No 502/504 and no alerts in these logs';
  }
  const failing = model.timeline.rows.filter(
    (r) => r.instance !== FOLDED_ROW && (r.byStatus['502'] ?? 0) + (r.byStatus['504'] ?? 0) > 0,
  ).length;
  details.push(
    `${model.totals.status502} × 502 and ${model.totals.status504} × 504 on ${failing} of ${model.totals.instances} instances; ${sent.length} alert${sent.length === 1 ? '' : 's'} would have been sent`,
  );
  return { tone, headline, details };
}
