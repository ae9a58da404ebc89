import { formatDuration } from '#shared/alerts/formatTime.ts';
import { neutralise } from '#shared/alerts/neutralise.ts';
import type { AnalyzeReport } from './buildAnalyzeReport.ts';

/**
 * The ten-second report: one verdict line, the instances and deployments tables, the incidents,
 * then every alert that would be sent, in full. Names from the input are neutralised (a file name
 * can hold escape sequences too).
 */
export function renderAnalyzeText(report: AnalyzeReport): string {
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
  if (report.alerts.length === 0) out.push('No alert would be sent.', '');
  report.alerts.forEach((a, k) => {
    out.push(
      `=== alert ${k + 1} of ${report.alerts.length}: ${a.kind.toUpperCase()} [${a.severity}] ${'='.repeat(40)}`,
    );
    out.push(`Subject: ${a.subject}`);
    out.push(
      `Attributes: ${Object.entries(a.attributes)
        .map(([key, v]) => `${key}=${v}`)
        .join(' ')}`,
      '',
    );
    out.push(a.body, '');
  });
  for (const h of report.summary.suppressed) out.push(`(held back by the cooldown: ${h.subject})`);
  return `${out.join('\n').trimEnd()}\n`;
}

function table(head: string[], rows: string[][], right: boolean[]): string[] {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ')}`.trimEnd();
  return [line(head), ...rows.map(line)];
}
