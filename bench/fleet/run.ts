/**
 * `npm run bench:fleet`: the store work of one ingest batch (and of the sweeper) as a fleet in an
 * incident grows, with the real handlers and the real `DynamoStateStore` on dynalite. See README.md.
 *
 *   npm run bench:fleet                      10, 100 and 1 000 instances at incident minutes 1 and 30
 *   npm run bench:fleet -- --json            the same as JSON on stdout (progress on stderr)
 *   npm run bench:fleet -- --markdown        the per-batch table as markdown (the issue's columns)
 *   npm run bench:fleet -- --quick           10 and 100 instances, minutes 1 and 5, 4 batches each
 *   options: --fleets 10,100,1000  --minutes 1,30  --sample N  --lines-per-second N  --batch-seconds N
 *            --build-span S  --build-lines-per-second N  --build-read-cap N  --build-handler-instances N
 *            --no-batch-copies
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { FleetSystem } from './fleetSystem.ts';
import { DEFAULT_SHAPE, type TrafficShape } from './fleetTraffic.ts';
import { type BatchRow, type BuildRow, type SweepRow, simulateFleet } from './simulateFleet.ts';

/** The issue's goal: per-batch ops and units anywhere within this factor of the smallest fleet's first minute. */
const FLAT_FACTOR = 1.2;

interface Report {
  perBatch: Omit<BatchRow, 'each'>[];
  sweeper: SweepRow[];
  build: BuildRow[];
  flat: {
    baseline: { instances: number; minute: number };
    factor: number;
    worst: { ops: number; itemsRead: number; rcu: number; wcu: number };
    pass: boolean;
  };
  alertsPublished: number;
  /** Items each fleet's table held at the end. */
  itemsInTable: { instances: number; items: number }[];
  options: Record<string, unknown>;
  machine: { node: string; cpus: number; cpuModel: string; loadBefore: number[]; loadAfter: number[] };
  seconds: number;
  /** Every measured batch, per row (the medians above are taken from these). */
  batches: { instances: number; minute: number; each: BatchRow['each'] }[];
}

function list(text: string, flag: string): number[] {
  const values = text.split(',').map((v) => Number(v.trim()));
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1))
    throw new Error(`${flag} takes whole numbers >= 1 separated by commas, got ${JSON.stringify(text)}`);
  return values;
}

function positive(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${flag} takes a number > 0, got ${JSON.stringify(text)}`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      fleets: { type: 'string' },
      minutes: { type: 'string' },
      sample: { type: 'string' },
      'lines-per-second': { type: 'string' },
      'batch-seconds': { type: 'string' },
      'build-span': { type: 'string' },
      'build-lines-per-second': { type: 'string' },
      'build-read-cap': { type: 'string' },
      'build-handler-instances': { type: 'string' },
      'no-batch-copies': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const fleets = list(values.fleets ?? (values.quick ? '10,100' : '10,100,1000'), '--fleets');
  const minutes = [...new Set(list(values.minutes ?? (values.quick ? '1,5' : '1,30'), '--minutes'))].sort(
    (a, b) => a - b,
  );
  const sample = positive(values.sample, '--sample') ?? (values.quick ? 4 : 8);
  const shape: TrafficShape = {
    linesPerSecond:
      positive(values['lines-per-second'], '--lines-per-second') ?? DEFAULT_SHAPE.linesPerSecond,
    batchSeconds: positive(values['batch-seconds'], '--batch-seconds') ?? DEFAULT_SHAPE.batchSeconds,
  };
  const buildSpan = positive(values['build-span'], '--build-span');
  if (buildSpan !== undefined && buildSpan % shape.batchSeconds !== 0)
    throw new Error(`--build-span must be a multiple of --batch-seconds (${shape.batchSeconds})`);
  const buildLinesPerSecond = positive(values['build-lines-per-second'], '--build-lines-per-second') ?? 1;
  const buildReadCap = positive(values['build-read-cap'], '--build-read-cap') ?? 500;
  const buildHandlerInstances = positive(values['build-handler-instances'], '--build-handler-instances');

  const started = performance.now();
  const loadBefore = loadavg();
  const progress = (line: string) =>
    process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s]${line}\n`);
  const system = await FleetSystem.start({ buildReadCap });
  const perBatch: BatchRow[] = [];
  const sweeper: SweepRow[] = [];
  const build: BuildRow[] = [];
  let alertsPublished = 0;
  const itemsInTable: Report['itemsInTable'] = [];
  try {
    for (const instances of fleets) {
      progress(` ${instances} instances, minutes ${minutes.join(', ')}`);
      const result = await simulateFleet(system, {
        instances,
        minutes,
        sample,
        shape,
        buildSpan,
        buildLinesPerSecond,
        buildHandlerInstances,
        buildBatchCopies: !values['no-batch-copies'],
        progress,
      });
      perBatch.push(...result.perBatch);
      sweeper.push(...result.sweeper);
      build.push(...result.build);
      alertsPublished += result.alertsPublished;
      itemsInTable.push({ instances, items: result.itemsInTable });
    }
  } finally {
    await system.stop();
  }

  const base = perBatch[0] as BatchRow;
  const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? 1 : Number.POSITIVE_INFINITY) : a / b);
  const worst = { ops: 0, itemsRead: 0, rcu: 0, wcu: 0 };
  for (const row of perBatch) {
    worst.ops = Math.max(worst.ops, ratio(row.ops, base.ops));
    worst.itemsRead = Math.max(worst.itemsRead, ratio(row.itemsRead, base.itemsRead));
    worst.rcu = Math.max(worst.rcu, ratio(row.rcu, base.rcu));
    worst.wcu = Math.max(worst.wcu, ratio(row.wcu, base.wcu));
  }
  const report: Report = {
    perBatch: perBatch.map(({ each: _each, ...row }) => row),
    sweeper,
    build,
    flat: {
      baseline: { instances: base.instances, minute: base.minute },
      factor: FLAT_FACTOR,
      worst: {
        ops: round2(worst.ops),
        itemsRead: round2(worst.itemsRead),
        rcu: round2(worst.rcu),
        wcu: round2(worst.wcu),
      },
      pass: worst.ops <= FLAT_FACTOR && worst.rcu <= FLAT_FACTOR && worst.wcu <= FLAT_FACTOR,
    },
    alertsPublished,
    itemsInTable,
    options: {
      fleets,
      minutes,
      sample,
      ...shape,
      buildSpan: buildSpan ?? 'auto',
      buildLinesPerSecond,
      buildReadCap,
    },
    machine: {
      node: process.version,
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model ?? 'unknown',
      loadBefore: loadBefore.map(round2),
      loadAfter: loadavg().map(round2),
    },
    seconds: Math.round((performance.now() - started) / 100) / 10,
    batches: perBatch.map((row) => ({ instances: row.instances, minute: row.minute, each: row.each })),
  };
  process.stdout.write(
    values.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : values.markdown
        ? renderMarkdown(report)
        : renderText(report),
  );
}

function round2(n: number): number {
  return Number.isFinite(n) ? Math.round(n * 100) / 100 : n;
}

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  return `${cells.map((r) => r.map((cell, c) => cell.padStart(widths[c] ?? 0)).join('  ')).join('\n')}\n`;
}

/** The issue's table: one row per fleet and minute, per batch (medians), with the sweeper's run. */
function renderMarkdown(report: Pick<Report, 'perBatch' | 'sweeper'>): string {
  const rows = report.perBatch.map((r) => {
    const sweep = report.sweeper.find((s) => s.instances === r.instances && s.minute === r.minute);
    return `| ${r.instances.toLocaleString('en-US').replace(',', ' ')}, ${r.minute} | ${r.ops} | ${r.itemsRead} | ${r.rcu} | ${r.wcu} | ${sweep ? `${sweep.ops} (${sweep.itemsRead} items, ${sweep.rcu} rcu, ${sweep.wcu} wcu)` : '-'} |`;
  });
  return `${[
    '| fleet, incident minute | store calls | items read | read units | write units | sweeper run: calls (items, units) |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n')}\n`;
}

function renderText(report: Report): string {
  const o = report.options;
  const lines: string[] = [];
  lines.push(
    `Fleet in an incident: ${o.linesPerSecond} refused-connection lines/s per instance, one batch per instance every ${o.batchSeconds} s of event time.`,
    `Per ingest batch (median of ${o.sample} batches; ops max in brackets), DynamoDB on dynalite:`,
    '',
    table(
      ['fleet', 'minute', 'ops (max)', 'items read', 'rcu', 'wcu', 'log records', 'ms'],
      report.perBatch.map((r) => [
        r.instances,
        r.minute,
        `${r.ops} (${r.opsMax})`,
        r.itemsRead,
        r.rcu,
        r.wcu,
        r.logRecords,
        r.ms,
      ]),
    ),
    'Calls per batch by command (mean):',
    ...report.perBatch.map(
      (r) =>
        `  ${r.instances}, minute ${r.minute}: ${Object.entries(r.byCommand)
          .map(([name, n]) => `${name} ${n}`)
          .join(', ')}${r.failedCalls > 0 ? `; ${r.failedCalls} failed calls in the sample` : ''}`,
    ),
    '',
    'Sweeper run at the end of the minute:',
    '',
    table(
      ['fleet', 'minute', 'ops', 'items read', 'rcu', 'wcu', 'DescribeLogStreams', 'ms'],
      report.sweeper.map((r) => [
        r.instances,
        r.minute,
        r.ops,
        r.itemsRead,
        r.rcu,
        r.wcu,
        r.describeLogStreams,
        r.ms,
      ]),
    ),
    'Build of the earlier minutes (coarse payloads through the real handler, per-batch items replicated):',
    '',
    table(
      [
        'fleet',
        'to minute',
        'span s',
        'handler instances',
        'handler calls',
        'sweeps',
        'replicated writes',
        'capped reads',
        'shared writes skipped',
        's',
      ],
      report.build.map((r) => [
        r.instances,
        r.minute,
        r.spanSeconds,
        r.handlerInstances,
        r.handlerCalls,
        r.sweeps,
        r.replicatedWrites,
        r.cappedReads,
        r.sharedWritesSkipped,
        r.seconds.toFixed(1),
      ]),
    ),
  );
  const f = report.flat;
  lines.push(
    `Flat per-batch work (every row within ${f.factor}x of ${f.baseline.instances} instances at minute ${f.baseline.minute}): ${f.pass ? 'PASS' : 'MISS'}` +
      ` (worst: ops ${f.worst.ops}x, items read ${f.worst.itemsRead}x, rcu ${f.worst.rcu}x, wcu ${f.worst.wcu}x)`,
    `Items in the table at the end: ${report.itemsInTable.map((t) => `${t.items} (${t.instances} instances)`).join(', ')}.`,
    `Alerts published: ${report.alertsPublished}. ${report.seconds} s on ${report.machine.cpus} cores (${report.machine.cpuModel}), load ${report.machine.loadBefore[0]} -> ${report.machine.loadAfter[0]}.`,
  );
  return `${lines.join('\n')}\n`;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
