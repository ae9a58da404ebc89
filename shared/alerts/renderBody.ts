import { chooseRemediation } from '../catalogue/index.ts';
import type { AlertFacts, InstanceFacts } from './Alert.ts';
import { alertIdOf } from './alertId.ts';
import { DEPLOYMENT_COMMANDS, DEPLOYMENT_FIX } from './deploymentFix.ts';
import { formatDuration, formatTime } from './formatTime.ts';
import { neutralise } from './neutralise.ts';

/** SNS takes 256 KB per message (attributes included): the body stays well below. */
export const MAX_BODY_BYTES = 200 * 1024;
/** Rows of the per-instance table before "... and N more". */
const MAX_INSTANCE_ROWS = 50;
const SAMPLE_CHARS = 1000;
const UTF8 = new TextEncoder();

/**
 * The plain-text e-mail body: what was decided and why, the cause explained, where and when, counts
 * per instance, masked samples, and what to check, fix and run. Every value from the log is
 * neutralised; the result is cut (with a marker) if it would pass `MAX_BODY_BYTES`.
 */
export function renderBody(facts: AlertFacts, alertId = alertIdOf(facts.key)): string {
  const n = (value: string, max = 200) => neutralise(value, max);
  /** The project's own texts: control characters still escaped, `<placeholders>` kept. */
  const own = (value: string, max = 600) => neutralise(value, max, { markup: true });
  const out: string[] = [];
  const cause = facts.causeInfo;
  out.push(`${facts.kind.toUpperCase()} (${facts.severity}): ${n(facts.headline, 300)}`, '');
  if (cause && facts.rule !== 'deployment-digest') {
    out.push(`Cause: ${own(cause.title)} [${facts.cause}]`, ...wrap(own(cause.explanation, 2000), '  '), '');
  }
  out.push('Where');
  out.push(`  log group   ${n(facts.logGroup)}`);
  if (facts.fleet) {
    const of = facts.fleetSize === undefined ? '' : ` of ${facts.fleetSize}`;
    out.push(`  scope       fleet (${facts.instances.length}${of} instances)`);
  } else if (facts.instance !== undefined) out.push(`  instance    ${n(facts.instance)}`);
  if (facts.deployment) {
    const d = facts.deployment;
    const label = d.label ? `: ${n(d.label, 100)}` : '';
    out.push(
      `  deployment  ${n(d.id, 120)} (${d.source}${label}, ${formatTime(d.start)} .. ${d.end === undefined ? 'running' : formatTime(d.end)})`,
    );
  }
  out.push('');
  out.push('When (UTC)');
  out.push(`  first seen  ${formatTime(facts.firstSeen)}`);
  out.push(
    `  last seen   ${formatTime(facts.lastSeen)}  (${formatDuration(facts.lastSeen - facts.firstSeen)})`,
  );
  out.push(`  events      ${facts.count}${statusSummary(facts.statusCounts)}`);
  out.push('');
  if (facts.digest) {
    const d = facts.digest;
    out.push('Verdict');
    out.push(
      `  ${d.zeroDowntime ? 'zero-downtime: no 502/504 from nginx during the deployment' : `NOT zero-downtime: ${d.total502} x 502, ${d.total504} x 504 during the deployment`}`,
    );
    if (d.failing.length > 0) out.push(`  still failing: ${d.failing.map((i) => n(i, 80)).join(', ')}`);
    out.push('');
  }
  if (facts.instances.length > 0) out.push(...instanceTable(facts.instances, n), '');
  if (facts.upstreams.length > 0) out.push(`Upstreams   ${facts.upstreams.map((u) => n(u)).join(', ')}`);
  if (facts.hosts.length > 0) out.push(`Hosts       ${facts.hosts.map((h) => n(h)).join(', ')}`);
  if (facts.upstreams.length > 0 || facts.hosts.length > 0) out.push('');
  if (facts.samples.length > 0) {
    out.push('Samples (masked: <ip>, <num>, <id>)');
    for (const s of facts.samples) out.push(`  ${n(s, SAMPLE_CHARS)}`);
    out.push('');
  }
  const remediation =
    facts.rule === 'deployment-digest'
      ? {
          checks: [] as readonly string[],
          fix: facts.digest?.zeroDowntime ? [] : DEPLOYMENT_FIX,
          commands: facts.digest?.zeroDowntime ? [] : DEPLOYMENT_COMMANDS,
        }
      : // The advice for the backend the lines show (php-fpm, gunicorn, a TCP port, ...).
        chooseRemediation(cause ?? { checks: [], fix: [], commands: [] }, [
          ...facts.upstreams,
          ...facts.samples,
        ]);
  if (facts.rule === 'restart-persisting' && facts.deployment) {
    remediation.fix = [...remediation.fix, ...DEPLOYMENT_FIX.slice(0, 1)];
  }
  if (facts.kind !== 'resolved') {
    section(out, 'Check first', remediation.checks, (s) => `  - ${own(s)}`);
    section(out, 'Fix', remediation.fix, (s) => `  - ${own(s)}`);
    section(out, 'Commands', remediation.commands, (s) => `  $ ${own(s)}`);
  }
  // The footer goes after the cut, so a long body never loses the id readers dedupe on.
  const footer = [
    '-- upstream-triage',
    `alert id   ${alertId}  (every copy of this alert has it: a repeat can be deleted)`,
    `alert key  ${n(facts.key, 300)}`,
  ].join('\n');
  return `${fitBytes(out.join('\n'), MAX_BODY_BYTES - UTF8.encode(footer).length - 1)}\n${footer}`;
}

function instanceTable(rows: InstanceFacts[], n: (v: string, max?: number) => string): string[] {
  const withBurst = rows.some((r) => r.longestBurstMs !== undefined);
  const shown = rows.slice(0, MAX_INSTANCE_ROWS);
  const names = shown.map((r) => n(r.instance, 64) + (r.failing ? ' (failing)' : ''));
  const width = Math.max(8, ...names.map((s) => s.length));
  const head = `  ${'instance'.padEnd(width)}  events    502    504  ${withBurst ? 'longest burst  ' : ''}first seen            last seen`;
  const lines = ['Per instance', head];
  shown.forEach((r, i) => {
    const burst = withBurst
      ? `${(r.longestBurstMs === undefined ? '-' : formatDuration(r.longestBurstMs)).padEnd(13)}  `
      : '';
    lines.push(
      `  ${names[i]!.padEnd(width)}  ${String(r.count).padStart(6)}  ${String(r.statusCounts['502'] ?? 0).padStart(5)}  ${String(r.statusCounts['504'] ?? 0).padStart(5)}  ${burst}${formatTime(r.firstSeen).padEnd(20)}  ${formatTime(r.lastSeen)}`,
    );
  });
  if (rows.length > shown.length) lines.push(`  ... and ${rows.length - shown.length} more instances`);
  return lines;
}

function statusSummary(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .sort(([a], [b]) => (a === 'none' ? 1 : b === 'none' ? -1 : a.localeCompare(b)))
    .map(([status, count]) => `${status === 'none' ? 'no status' : status}: ${count}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function section(out: string[], title: string, items: readonly string[], line: (s: string) => string): void {
  if (items.length === 0) return;
  out.push(title, ...items.map(line), '');
}

/** Wraps a paragraph at about 100 columns. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > 100) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

/** Cuts the body at `MAX_BODY_BYTES` of UTF-8 (never inside a character) and says so. */
export function fitBytes(body: string, maxBytes = MAX_BODY_BYTES): string {
  const encoded = UTF8.encode(body);
  if (encoded.length <= maxBytes) return body;
  const marker = `\n[... truncated: the alert was ${encoded.length} bytes, over the ${maxBytes}-byte limit]\n`;
  let end = maxBytes - UTF8.encode(marker).length;
  while (end > 0 && (encoded[end]! & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(encoded.subarray(0, end)) + marker;
}
