import { formatDuration, formatTime, neutralise } from '#shared/alerts/index.ts';
import type { Analysis, ReportAlert, ReportIncident, ReportInstance } from '#shared/report/index.ts';
import { foldInstances, rankInstances } from '#shared/report/index.ts';
import type { AnalyzeReport } from './buildAnalyzeReport.ts';
import type { SentAlerts } from './SentAlerts.ts';

export interface TextOptions {
  /** List every instance, incident and deployment (default: what fits a screen, the rest counted). */
  all?: boolean;
}

/** Rows of each table before the rest is counted in one line (without `--all`). */
export const TEXT_ROWS = 10;

/**
 * The ten-second report: one verdict line, the instances and deployments tables, the incidents,
 * then every alert that would be sent, in full. The tables fit a screen whatever the fleet size:
 * failing and paged instances first, instances with no upstream error folded into one line, noise
 * incidents counted, at most `TEXT_ROWS` rows of each (`--all` lists everything). Names from the
 * input are neutralised (a file name can hold escape sequences too).
 */
export function renderAnalyzeText(report: AnalyzeReport, options: TextOptions = {}): string {
  const lines = [...headLines(report.analysis, report.alerts.length, options)];
  for (const [k, a] of report.alerts.entries()) lines.push(...alertLines(a, k, report.alerts.length));
  lines.push(...heldLines(report.analysis));
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * The same text as `renderAnalyzeText`, written as it is made: the alerts come one at a time from
 * `sent` (a long log's alerts are read back from disk), so the report is never one string.
 */
export async function writeAnalyzeText(
  write: (text: string) => void | Promise<void>,
  analysis: Analysis,
  sent: SentAlerts,
  options: TextOptions = {},
): Promise<void> {
  // `renderAnalyzeText` trims the end of the whole text: hold back trailing whitespace until more text comes.
  let held = '';
  let first = true;
  const emit = async (lines: readonly string[]) => {
    for (const line of lines) {
      held += first ? line : `\n${line}`;
      first = false;
      if (!/\S/.test(line)) continue;
      const text = held.trimEnd();
      held = held.slice(text.length);
      await write(text);
    }
  };
  await emit(headLines(analysis, sent.count, options));
  let k = 0;
  for await (const a of sent.alerts()) await emit(alertLines(a, k++, sent.count));
  await emit(heldLines(analysis));
  await write('\n');
}

const n = (v: string) => neutralise(v, 120);
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function headLines(a: Analysis, alertCount: number, options: TextOptions): string[] {
  const s = a.summary;
  const out: string[] = [];
  const kinds = Object.entries(s.alerts)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
  out.push(
    `upstream-triage analyze: ${plural(s.instances, 'instance')}, ${s.events} entries (${s.unparsed} unparsed), ${formatTime(s.firstSeen)} .. ${formatTime(s.lastSeen)} UTC`,
    '',
    'VERDICT',
    ...s.findings.map((f) => `  ${neutralise(f, 400)}`),
    `Alerts: ${kinds}${a.held.length > 0 ? `; ${a.held.length} held back by the cooldown` : ''}`,
    '',
  );
  out.push('Instances', ...instanceLines(a.instances, options), '');
  if (a.deployments.length > 0) out.push('Deployments', ...deploymentLines(a, options), '');
  if (a.incidents.length > 0) out.push('Incidents', ...incidentLines(a.incidents, options), '');
  if (alertCount === 0) out.push('No alert would be sent.', '');
  return out;
}

function instanceLines(rows: readonly ReportInstance[], options: TextOptions): string[] {
  const row = (i: ReportInstance) => [
    n(i.instance),
    String(i.events),
    String(i.statusCounts['502'] ?? 0),
    String(i.statusCounts['504'] ?? 0),
    String(i.bursts),
    i.longestBurstMs === null ? '-' : formatDuration(i.longestBurstMs),
    i.verdict,
  ];
  const head = ['instance', 'errors', '502', '504', 'bursts', 'longest', 'verdict'];
  const right = [false, true, true, true, true, true, false];
  if (options.all) return table(head, rankInstances(rows).map(row), right);
  const fold = foldInstances(rows, TEXT_ROWS);
  const out = fold.shown.length > 0 ? table(head, fold.shown.map(row), right) : [];
  if (fold.more.length > 0)
    out.push(
      `  … and ${plural(fold.more.length, 'more instance')} with upstream errors (--all lists every instance)`,
    );
  if (fold.quiet.length > 0) {
    const names = fold.quiet.slice(0, 3).map((i) => n(i.instance));
    const rest = fold.quiet.length - names.length;
    out.push(
      `  ${plural(fold.quiet.length, 'instance')}: no upstream errors (${names.join(', ')}${rest > 0 ? `, … ${rest} more` : ''})`,
    );
  }
  return out;
}

function deploymentLines(a: Analysis, options: TextOptions): string[] {
  const lifecycle = a.deployments.filter((d) => d.source === 'lifecycle');
  const listed = options.all ? a.deployments : a.deployments.filter((d) => d.source !== 'lifecycle');
  const shown = options.all ? listed : listed.slice(0, TEXT_ROWS);
  const out = table(
    ['id', 'source', 'start', 'end', 'instances', '502', '504', 'verdict'],
    shown.map((d) => [
      n(d.id),
      d.source,
      formatTime(d.start),
      d.end === null ? 'running' : formatTime(d.end),
      d.instances === null ? 'all' : String(d.instances.length),
      d.total502 === null ? '-' : String(d.total502),
      d.total504 === null ? '-' : String(d.total504),
      n(d.verdict.word),
    ]),
    [false, false, false, false, true, true, true, false],
  );
  if (listed.length > shown.length)
    out.push(`  … and ${plural(listed.length - shown.length, 'more deployment')} (--all lists every one)`);
  if (!options.all && lifecycle.length > 0)
    out.push(
      `  ${plural(lifecycle.length, 'nginx lifecycle window')} (reload, start, stop; --all lists them)`,
    );
  return out;
}

function incidentLines(incidents: readonly ReportIncident[], options: TextOptions): string[] {
  const counted = options.all ? [] : incidents.filter((i) => i.verdict === 'counted');
  const listed = options.all ? incidents : incidents.filter((i) => i.verdict !== 'counted');
  const shown = options.all ? listed : listed.slice(0, TEXT_ROWS);
  const out =
    shown.length === 0
      ? []
      : table(
          ['scope', 'cause', 'events', 'first seen', 'last seen', 'state', 'verdict', 'deployment'],
          shown.map((i) => [
            i.instance === null ? `fleet (${Object.keys(i.perInstance).length})` : n(i.instance),
            i.cause,
            String(i.count),
            formatTime(i.firstSeen),
            formatTime(i.lastSeen),
            i.state,
            i.verdict,
            i.deployment === null ? '-' : n(i.deployment),
          ]),
          [false, false, true, false, false, false, false, false],
        );
  if (listed.length > shown.length)
    out.push(`  … and ${plural(listed.length - shown.length, 'more incident')} (--all lists every one)`);
  if (counted.length > 0) {
    const on = new Set(counted.flatMap((i) => Object.keys(i.perInstance)));
    const events = counted.reduce((sum, i) => sum + i.count, 0);
    out.push(
      `  ${plural(counted.length, 'incident')} of noise or nginx lifecycle (${plural(events, 'entry', 'entries')} on ${plural(on.size, 'instance')}): counted, no alert`,
    );
  }
  return out;
}

function alertLines(a: ReportAlert, k: number, count: number): string[] {
  return [
    `=== alert ${k + 1} of ${count}: ${a.kind.toUpperCase()} [${a.severity}] ${'='.repeat(40)}`,
    `Subject: ${a.subject}`,
    `Attributes: ${Object.entries(a.attributes)
      .map(([key, v]) => `${key}=${v}`)
      .join(' ')}`,
    '',
    a.body,
    '',
  ];
}

function heldLines(a: Analysis): string[] {
  return a.held.map((h) => `(held back by the cooldown: ${h.subject})`);
}

function table(head: string[], rows: string[][], right: boolean[]): string[] {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ')}`.trimEnd();
  return [line(head), ...rows.map(line)];
}
