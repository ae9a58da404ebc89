import type { BenchResult, Rate } from './BenchResult.ts';

export interface TargetCheck {
  name: string;
  target: string;
  value: string;
  pass: boolean;
  note?: string;
}

const si = (n: number): string => {
  if (!Number.isFinite(n)) return 'n/a';
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} k`;
  return n.toFixed(0);
};
const fixed = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Per-core targets of the CLI commands (issue 16), MB of file per CPU-second. */
const CLI_TARGETS: Readonly<Record<string, number>> = {
  'classify --format text': 150,
  'classify --format ndjson': 100,
  analyze: 60,
};

/** Targets from issues 6 and 16, checked against one run's figures (reported, never asserted). */
export function checkTargets(r: BenchResult): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const p of r.payloads) {
    const v = p.ratios.coreOverFloor;
    const n = p.ratios.coreOverNaive;
    if (!Number.isNaN(v))
      checks.push({
        name: `ingest core / decode floor, ${p.size}-event payloads`,
        target: '>= 0.50x',
        value: `${fixed(v, 2)}x`,
        pass: v >= 0.5,
      });
    if (!Number.isNaN(n))
      checks.push({
        name: `ingest core / naive regex list, ${p.size}-event payloads`,
        target: '>= 1.50x',
        value: `${fixed(n, 2)}x`,
        pass: n >= 1.5,
      });
  }
  const oneGb = r.corpus.plainFile.bytes >= 1e9;
  for (const c of r.cli) {
    const target = CLI_TARGETS[c.command] ?? 100;
    checks.push({
      name: `CLI ${c.command}: MB per CPU-second`,
      target: `>= ${target} MB/s/core`,
      value: fixed(c.mbPerCpuSec),
      pass: !c.error && c.mbPerCpuSec >= target,
    });
    checks.push({
      name: `CLI ${c.command}: peak RSS`,
      target: '< 150 MB for 1 GB',
      value: `${fixed(c.maxRssMb)} MB`,
      pass: !c.error && c.maxRssMb < 150,
      ...(oneGb ? {} : { note: `on ${fixed(c.fileBytes / 1e6, 0)} MB; --big for 1 GB` }),
    });
  }
  const b = r.bundle;
  if (b && !b.error) {
    checks.push({
      name: 'ingest bundle size (minified)',
      target: '<= 400 KiB',
      value: `${fixed(b.bytes / 1024)} KiB`,
      pass: b.bytes <= 400 * 1024,
    });
    checks.push({
      name: 'ingest module init (import, fresh process)',
      target: '<= 100 ms',
      value: `${fixed(b.initMsSourceMaps)} ms`,
      pass: b.initMsSourceMaps <= 100,
    });
    checks.push({
      name: `ingest peak RSS, one ${b.payloadEvents}-event payload`,
      target: '< 128 MB',
      value: `${fixed(b.maxRssKb / 1024)} MB`,
      pass: b.maxRssKb / 1024 < 128,
      note: `${fixed(128 - b.maxRssKb / 1024)} MB headroom (${fixed(b.maxRssKb128 / 1024)} MB with 128 MB heap flags)`,
    });
  }
  return checks;
}

function rateRows(rates: Record<string, Rate>): string[][] {
  return Object.values(rates).map((x) => [
    x.label,
    si(x.perSec),
    si(x.perCpuSec),
    si(x.linesPerSec),
    fixed(x.mbPerSec),
    `${fixed(x.wallMs, 0)} ms`,
  ]);
}

export function renderReport(r: BenchResult): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(
    `upstream-triage bench: ${m.nproc} cores (${m.cpu}), node ${m.node}, load ${m.loadStart.map((l) => l.toFixed(1)).join(' ')} -> ${m.loadEnd.map((l) => l.toFixed(1)).join(' ')}`,
  );
  const c = r.corpus;
  out.push(
    `corpus: ${si(c.events)} events, ${si(c.lines)} lines, ${fixed(c.messageMb, 0)} MB of messages, gzip ${fixed(c.gzipRatio)}x, generated in ${fixed(c.generateMs / 1000)} s; plain file ${fixed(c.plainFile.bytes / 1e6, 0)} MB (${si(c.plainFile.entries)} entries)`,
  );
  out.push(
    `in-process, one thread, median of ${r.options.rounds} rounds over every payload after a warm-up on a tenth of them\n`,
  );
  for (const p of r.payloads) {
    out.push(`${p.size}-event payloads (${p.payloads} payloads, ${fixed(p.avgGzipKb, 0)} KiB gzipped each)`);
    out.push(table(['workload', 'events/s', '/CPU-s', 'lines/s', 'MB/s', 'time'], rateRows(p.rates)));
    const q = p.ratios;
    out.push(
      `ratios (throughput): core/floor ${fixed(q.coreOverFloor, 2)}x  core/naive ${fixed(q.coreOverNaive, 2)}x  classify/floor ${fixed(q.classifyOverFloor, 2)}x  decodeAwslogs/floor ${fixed(q.decodeOverFloor, 2)}x\n`,
    );
  }
  if (r.payloads.length > 0)
    out.push(`alerts the engine decided on the corpus (last pass): ${r.coreAlerts}\n`);
  if (r.plain) {
    out.push(
      `plain lines, in memory (${fixed(r.plain.bytes / 1e6, 0)} MB, ${si(r.plain.entries)} entries; classifyLine alone on 12 MB)`,
    );
    out.push(table(['stage', 'entries/s', '/CPU-s', 'lines/s', 'MB/s', 'time'], rateRows(r.plain.rates)));
    out.push('');
  }
  if (r.cli.length > 0 || r.cliError) {
    out.push(
      'CLI (node dist/cli.js ... FILE > /dev/null, median of runs; MB = 10^6 bytes; "of grep": wall MB/s over the scan floor\'s)',
    );
    const rows = r.cliScanFloor ? [r.cliScanFloor, ...r.cli] : r.cli;
    out.push(
      table(
        ['command', 'file MB', 'wall s', 'CPU s', 'MB/s', 'MB/CPU-s', 'of grep', 'peak RSS MB'],
        rows.map((x) => [
          x.command + (x.error ? ` (FAILED: ${x.error.split('\n')[0]})` : ''),
          fixed(x.fileBytes / 1e6, 0),
          fixed(x.wallMs / 1000),
          fixed(x.cpuMs / 1000),
          fixed(x.mbPerSec),
          fixed(x.mbPerCpuSec),
          x.overScanFloor === undefined ? '' : `${fixed(x.overScanFloor, 3)}x`,
          fixed(x.maxRssMb),
        ]),
      ),
    );
    if (r.cliError) out.push(`note: ${r.cliError}`);
    out.push('');
  }
  const b = r.bundle;
  if (b) {
    out.push(`ingest function bundle (${b.entry}, FUNCTION_BUNDLING)`);
    if (b.error) out.push(`  FAILED: ${b.error}`);
    out.push(
      `  size ${fixed(b.bytes / 1024)} KiB (${fixed(b.gzipBytes / 1024)} KiB gzipped); biggest inputs: ${b.topInputs.map((i) => `${i.path} ${fixed(i.bytes / 1024, 0)} KiB`).join(', ')}`,
    );
    out.push(
      `  init: import() ${fixed(b.initMs)} ms (${fixed(b.initMsSourceMaps)} ms with --enable-source-maps), process ready after ${fixed(b.readyMs, 0)} ms, RSS after init ${fixed(b.rssAfterInitKb / 1024)} MB`,
    );
    out.push(
      `  one ${b.payloadEvents}-event payload: handled in ${fixed(b.handleMs, 0)} ms, peak RSS ${fixed(b.maxRssKb / 1024)} MB under node's default heap sizing, ${fixed(b.maxRssKb128 / 1024)} MB with a 128 MB function's heap flags; ${b.alertsPublished} alerts published`,
    );
    out.push(
      `  what-if @aws-sdk/* bundled too: ${fixed(b.sdkBundled.bytes / 1024)} KiB, import() ${fixed(b.sdkBundled.initMs)} ms, RSS after init ${fixed(b.sdkBundled.rssAfterInitKb / 1024)} MB\n`,
    );
  } else if (!r.options.skipBundle && r.options.only === undefined) {
    out.push('ingest function bundle: functions/ingest/handler.ts does not exist yet\n');
  }
  const checks = checkTargets(r);
  if (checks.length > 0) {
    out.push('targets (issues 6 and 16; reported, never asserted)');
    out.push(
      table(
        ['', 'target', 'measured', 'note'],
        checks.map((t) => [`${t.pass ? 'PASS' : 'MISS'}  ${t.name}`, t.target, t.value, t.note ?? '']),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
