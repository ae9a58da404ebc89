import { formatDuration } from '#shared/alerts/formatTime.ts';
import { neutralise } from '#shared/alerts/neutralise.ts';
import type { AnalyzeReport, AnalyzeReportBody } from './buildAnalyzeReport.ts';
import type { ReportAlert, SentAlerts } from './SentAlerts.ts';

/**
 * The ten-second report: one verdict line, the instances and deployments tables, the incidents,
 * then every alert that would be sent, in full. Names from the input are neutralised (a file name
 * can hold escape sequences too).
 */
export function renderAnalyzeText(report: AnalyzeReport): string {
  const lines = [...headLines(report, report.alerts.length)];
  for (const [k, a] of report.alerts.entries()) lines.push(...alertLines(a, k, report.alerts.length));
  lines.push(...heldLines(report));
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * The same text as `renderAnalyzeText`, written as it is made: the alerts come one at a time from
 * `sent` (a long log's alerts are read back from disk), so the report is never one string.
 */
export async function writeAnalyzeText(
  write: (text: string) => void | Promise<void>,
  body: AnalyzeReportBody,
  sent: SentAlerts,
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
  await emit(headLines(body, sent.count));
  let k = 0;
  for await (const a of sent.alerts()) await emit(alertLines(a, k++, sent.count));
  await emit(heldLines(body));
  await write('\n');
}

function headLines(report: AnalyzeReportBody, alertCount: number): string[] {
  const s = report.summary;
  const n = (v: string) => neutralise(v, 120);
  const out: string[] = [];
  out.push(
    `upstream-triage analyze: ${s.instances} instance${s.instances === 1 ? '' : 's'}, ${s.events} entries (${s.unparsed} unparsed), ${s.firstSeen} .. ${s.lastSeen} UTC`,
    '',
    'VERDICT',
    ...s.findings.map((f) => `  ${neutralise(f, 400)}`),
    `Alerts: ${s.alerts.page} page, ${s.alerts.notify} notify, ${s.alerts.digest} digest, ${s.alerts.resolved} resolved${s.suppressed.length > 0 ? `; ${s.suppressed.length} held back by the cooldown` : ''}`,
    '',
  );
  out.push(
    'Instances',
    ...table(
      ['instance', 'errors', '502', '504', 'bursts', 'longest', 'verdict'],
      report.instances.map((i) => [
        n(i.instance),
        String(i.events),
        String(i.statusCounts['502'] ?? 0),
        String(i.statusCounts['504'] ?? 0),
        String(i.bursts),
        i.longestBurstMs === null ? '-' : formatDuration(i.longestBurstMs),
        i.verdict,
      ]),
      [false, true, true, true, true, true, false],
    ),
    '',
  );
  if (report.deployments.length > 0) {
    out.push(
      'Deployments',
      ...table(
        ['id', 'source', 'start', 'end', 'instances', '502', '504', 'verdict'],
        report.deployments.map((d) => [
          n(d.id),
          d.source,
          d.start,
          d.end ?? 'running',
          d.instances === null ? 'all' : String(d.instances.length),
          d.total502 === null ? '-' : String(d.total502),
          d.total504 === null ? '-' : String(d.total504),
          n(d.verdict),
        ]),
        [false, false, false, false, true, true, true, false],
      ),
      '',
    );
  }
  if (report.incidents.length > 0) {
    out.push(
      'Incidents',
      ...table(
        ['scope', 'cause', 'events', 'first seen', 'last seen', 'state', 'verdict', 'deployment'],
        report.incidents.map((i) => [
          i.scope.fleet ? `fleet (${Object.keys(i.perInstance).length})` : n(i.scope.instance ?? ''),
          i.cause,
          String(i.count),
          i.firstSeen,
          i.lastSeen,
          i.state,
          i.verdict,
          i.deployment === null ? '-' : n(i.deployment),
        ]),
        [false, false, true, false, false, false, false, false],
      ),
      '',
    );
  }
  if (alertCount === 0) out.push('No alert would be sent.', '');
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

function heldLines(report: AnalyzeReportBody): string[] {
  return report.summary.suppressed.map((h) => `(held back by the cooldown: ${h.subject})`);
}

function table(head: string[], rows: string[][], right: boolean[]): string[] {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ')}`.trimEnd();
  return [line(head), ...rows.map(line)];
}
