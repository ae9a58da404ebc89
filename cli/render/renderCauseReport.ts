import { CAUSES, chooseRemediation } from '#shared/catalogue/index.ts';
import type { CauseCount } from '#shared/classify/index.ts';
import type { CauseGroup, ClassifiedLine } from '#shared/model/index.ts';
import { type Style, table, terminalSafe } from './style.ts';

const GROUP_ORDER: readonly CauseGroup[] = ['restart', 'config', 'capacity', 'app', 'noise', 'lifecycle'];

/** The text report of `classify`: a table of causes, then what to do about each actionable one. */
export function renderCauseReport(
  rows: readonly CauseCount[],
  total: number,
  style: Style,
  options: { fixes?: boolean; filtered?: boolean } = {},
): string {
  const out: string[] = [];
  const header = ['CAUSE', 'GROUP', 'COUNT', 'SHARE', 'STATUS', 'FIRST', 'LAST'].map((h) => style.bold(h));
  const colour = (group: CauseGroup, s: string) => colourOf(group, style)(s);
  const body = rows.map((r) => [
    colour(r.group, r.cause),
    r.group,
    String(r.count),
    total === 0 ? '-' : `${((100 * r.count) / total).toFixed(1)}%`,
    Object.entries(r.statuses)
      .sort((a, b) => b[1] - a[1])
      .map(([s, n]) => (Object.keys(r.statuses).length > 1 ? `${s}×${n}` : s))
      .join(' '),
    r.firstTime?.replace('T', ' ') ?? '-',
    r.lastTime?.replace('T', ' ') ?? '-',
  ]);
  out.push(...table([header, ...body], new Set([2, 3])));
  out.push(
    '',
    `${total} entries${options.filtered ? ' kept by the filters' : ''}, ${rows.length} cause${rows.length === 1 ? '' : 's'}`,
  );
  if (options.fixes === false) return `${out.join('\n')}\n`;

  const actionable = rows
    .filter((r) => r.group !== 'noise' && r.group !== 'lifecycle')
    .sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group) || b.count - a.count);
  for (const r of actionable) {
    const info = CAUSES[r.cause];
    out.push('', style.bold(`${r.cause}: ${info.title}`), wrapText(info.explanation, 100, '  '));
    out.push(style.dim('  example:'), `    ${terminalSafe(r.example, 400)}`);
    // The advice for the backend the example shows (php-fpm, gunicorn, a unix socket, a TCP port, ...).
    const advice = chooseRemediation(info, [r.example]);
    const safe = (c: string) => terminalSafe(c, 400);
    if (advice.checks.length)
      out.push(style.dim('  check:'), ...advice.checks.map((c) => `    - ${safe(c)}`));
    if (advice.fix.length) out.push(style.dim('  fix:'), ...advice.fix.map((c) => `    - ${safe(c)}`));
    if (advice.commands.length)
      out.push(style.dim('  commands:'), ...advice.commands.map((c) => `    $ ${style.cyan(safe(c))}`));
  }
  const unparsed = rows.find((r) => r.cause === 'unparsed');
  if (unparsed)
    out.push(
      '',
      style.yellow(
        `${unparsed.count} entries did not parse as nginx error-log lines (cause "unparsed"); use --format ndjson to see them.`,
      ),
    );
  return `${out.join('\n')}\n`;
}

function wrapText(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

/** One line per entry for `classify --follow --format text`: time, cause, status, file, what nginx said. */
export function renderFollowLine(c: ClassifiedLine, label: string | undefined, style: Style): string {
  const time = c.time !== null ? c.time.replace('T', ' ') : '-'.padEnd(19);
  const cause = colourOf(c.group, style)(c.cause.padEnd(22));
  const status = (c.status === null ? '-' : String(c.status)).padEnd(3);
  const where = label === undefined ? '' : `${terminalSafe(label, 80)}  `;
  const what = c.entry.kind === 'entry' ? (c.entry.upstream?.raw ?? c.entry.message) : c.entry.raw;
  return `${time}  ${cause}  ${status}  ${where}${terminalSafe(what, 160)}\n`;
}

function colourOf(group: CauseGroup, style: Style): (s: string) => string {
  return group === 'restart' || group === 'config'
    ? style.red
    : group === 'capacity' || group === 'app'
      ? style.yellow
      : style.dim;
}
