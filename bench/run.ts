/**
 * `npm run bench`: throughput of the ingest core against the decode floor and a naive regex list,
 * parse + classify on plain lines, the CLI on a big file, and the bundled ingest function.
 *
 *   npm run bench                  default: 1 M events, a 200 MB file, a warm-up + 2 rounds
 *   npm run bench -- --json        the same, as JSON on stdout (progress goes to stderr)
 *   npm run bench -- --big         the CLI on a 1 GB file (the figure; slower)
 *   npm run bench -- --help        these options
 *   options: --events N --rounds N --mb N --cli-runs N --skip-cli --skip-plain --skip-bundle
 *            --only floor|decode|naive|classify|core|plain  (one in-process workload, for `node --cpu-prof`)
 *   a short run on a shared machine: --events 200000 --mb 50 --rounds 2 --skip-bundle
 *
 * Every in-process workload runs in the same process on the same payloads, interleaved round by
 * round, so the ratios hold even on a busy machine; absolute rates move with the load.
 */
import { execSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { availableParallelism, loadavg } from 'node:os';
import type { ParsedLine } from '#shared/model/index.ts';
import type {
  BenchResult,
  BenchOptions as Options,
  PayloadResult,
  PlainResult,
  Rate,
} from './BenchResult.ts';
import { buildPayloads, ensurePlainFile, type Payload, type PayloadSets, type PlainFile } from './corpus.ts';
import { measureBundle } from './measureBundle.ts';
import { buildCli, type CliFigures, cliHas, measureCli, measureGrep } from './measureCli.ts';
import { NAIVE_RULE_COUNT } from './naiveClassifier.ts';
import { renderReport } from './renderReport.ts';
import { median, type Timing, timeIt } from './timeIt.ts';
import {
  coreStats,
  parseAll,
  runClassifyOnly,
  runClassifyPayloads,
  runDecodeAwslogs,
  runFloor,
  runIngestCore,
  runNaive,
  runSplitAssemble,
  runSplitClassifyText,
  runSplitParse,
  runSplitParseClassify,
} from './workloads.ts';

const PAYLOAD_WORKLOADS = {
  floor: { label: 'decode floor (base64 + gunzip + JSON.parse)', run: runFloor },
  decode: { label: 'decodeAwslogs (floor + schema validation)', run: runDecodeAwslogs },
  naive: { label: `naive: floor + ${NAIVE_RULE_COUNT} regexes in turn`, run: runNaive },
  classify: { label: 'decode + toEngineEvents (assemble, classifyText)', run: runClassifyPayloads },
  core: { label: 'ingest core: createHandler, memory store', run: runIngestCore },
} as const;
type PayloadWorkload = keyof typeof PAYLOAD_WORKLOADS;

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const at = argv.indexOf(name);
    return at === -1 ? fallback : Number(argv[at + 1]);
  };
  const onlyAt = argv.indexOf('--only');
  const profileAt = argv.indexOf('--profile');
  return {
    json: argv.includes('--json'),
    events: value('--events', 1_000_000),
    rounds: value('--rounds', 2),
    mb: argv.includes('--big') ? 1024 : value('--mb', 200),
    cliRuns: value('--cli-runs', 1),
    skipCli: argv.includes('--skip-cli'),
    skipPlain: argv.includes('--skip-plain'),
    skipBundle: argv.includes('--skip-bundle'),
    ...(onlyAt !== -1 ? { only: argv[onlyAt + 1] } : {}),
    ...(profileAt !== -1 ? { profile: argv[profileAt + 1] } : {}),
  };
}

const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

function rateOf(label: string, timings: Timing[], units: number, lines: number, bytes: number): Rate {
  const wallMs = median(timings.map((t) => t.wallMs));
  const cpuMs = median(timings.map((t) => t.cpuMs));
  return {
    label,
    wallMs,
    cpuMs,
    perSec: units / (wallMs / 1000),
    perCpuSec: units / (cpuMs / 1000),
    linesPerSec: lines / (wallMs / 1000),
    mbPerSec: bytes / 1e6 / (wallMs / 1000),
  };
}

async function benchPayloads(sets: PayloadSets, opts: Options): Promise<PayloadResult[]> {
  const results: PayloadResult[] = [];
  const names = (Object.keys(PAYLOAD_WORKLOADS) as PayloadWorkload[]).filter(
    (n) => opts.only === undefined || opts.only === n,
  );
  if (names.length === 0) return results;
  for (const [size, payloads] of [...sets.bySize].sort((a, b) => a[0] - b[0])) {
    const timings = new Map<PayloadWorkload, Timing[]>(names.map((n) => [n, []]));
    for (let round = 0; round <= opts.rounds; round++) {
      // Rotate the order each round so no workload always runs right after the same one (GC debt, caches).
      const order = names.map((_, i) => names[(i + round) % names.length]!);
      for (const name of order) {
        const w = PAYLOAD_WORKLOADS[name];
        // The warm-up (round 0) runs on a tenth of the payloads: enough for the JIT, and a run stays short.
        const input = round === 0 ? payloads.slice(0, Math.ceil(payloads.length / 10)) : payloads;
        let count = 0;
        const t = await timeIt(async () => {
          count = await w.run(input);
        });
        const expected = input.reduce((n, p) => n + p.events, 0);
        if (count !== expected) throw new Error(`${name} saw ${count} events, expected ${expected}`);
        if (round > 0) timings.get(name)!.push(t);
        log(
          `${size}-event payloads, round ${round === 0 ? 'warm-up' : round}: ${name} ${t.wallMs.toFixed(0)} ms`,
        );
      }
    }
    const rates: Record<string, Rate> = {};
    for (const name of names) {
      rates[name] = rateOf(
        PAYLOAD_WORKLOADS[name].label,
        timings.get(name)!,
        sets.events,
        sets.lines,
        sets.messageBytes,
      );
    }
    const ratio = (a: PayloadWorkload, b: PayloadWorkload) => {
      const ta = timings.get(a);
      const tb = timings.get(b);
      if (!ta || !tb) return Number.NaN;
      return median(ta.map((t, i) => tb[i]!.wallMs / t.wallMs));
    };
    results.push({
      size,
      payloads: payloads.length,
      avgGzipKb: payloads.reduce((s, p) => s + p.gzipBytes, 0) / payloads.length / 1024,
      rates,
      ratios: {
        coreOverFloor: ratio('core', 'floor'),
        coreOverNaive: ratio('core', 'naive'),
        classifyOverFloor: ratio('classify', 'floor'),
        decodeOverFloor: ratio('decode', 'floor'),
      },
    });
  }
  return results;
}

/** Reads the head of the plain file as the CLI does: 1 MiB chunks decoded as UTF-8. */
function readChunks(path: string, maxBytes: number): { chunks: string[]; bytes: number } {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1024 * 1024);
  const chunks: string[] = [];
  let bytes = 0;
  while (bytes < maxBytes) {
    const n = readSync(fd, buf, 0, buf.length, bytes);
    if (n === 0) break;
    // Cut at the last newline so no multi-byte character or line is split between chunks.
    const end = n === buf.length ? buf.lastIndexOf(10, n - 1) + 1 : n;
    chunks.push(buf.toString('utf8', 0, end));
    bytes += end;
  }
  closeSync(fd);
  return { chunks, bytes };
}

async function benchPlain(file: PlainFile, opts: Options): Promise<PlainResult> {
  const { chunks, bytes } = readChunks(file.path, 48 * 1024 * 1024);
  const entries = runSplitAssemble(chunks);
  const lines = chunks.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
  const small = readChunks(file.path, 12 * 1024 * 1024);
  let smallEntries = 0;
  // classifyLine alone needs entries parsed beforehand; they are parsed (untimed) right before and
  // dropped right after, so no other stage pays for marking a big live heap in its GCs.
  let parsed: ParsedLine[] = [];
  const workloads = [
    ['split', 'LineSplitter + EntryAssembler', () => runSplitAssemble(chunks)],
    ['parse', '+ parseErrorLine', () => runSplitParse(chunks)],
    ['parseClassify', '+ classifyLine (parse + classify)', () => runSplitParseClassify(chunks)],
    ['classifyText', 'classifyText instead (lazy: entry not built)', () => runSplitClassifyText(chunks)],
    ['classifyOnly', 'classifyLine alone (pre-parsed)', () => runClassifyOnly(parsed)],
  ] as const;
  const timings = new Map<string, Timing[]>(workloads.map(([n]) => [n, []]));
  for (let round = 0; round <= opts.rounds; round++) {
    for (const [name, , fn] of workloads) {
      if (name === 'classifyOnly') {
        parsed = parseAll(small.chunks);
        smallEntries = parsed.length;
      }
      const t = await timeIt(fn);
      parsed = [];
      if (round > 0) timings.get(name)!.push(t);
      log(`plain lines, round ${round === 0 ? 'warm-up' : round}: ${name} ${t.wallMs.toFixed(0)} ms`);
    }
  }
  const rates: Record<string, Rate> = {};
  for (const [name, label] of workloads) {
    const isSmall = name === 'classifyOnly';
    const n = isSmall ? smallEntries : entries;
    const b = isSmall ? small.bytes : bytes;
    rates[name] = rateOf(label, timings.get(name)!, n, isSmall ? n : lines, b);
  }
  return { bytes, entries, rates };
}

function machine(): BenchResult['machine'] {
  let cpu = 'unknown';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(execSync('cat /proc/cpuinfo', { encoding: 'utf8' }))?.[1] ?? cpu;
  } catch {
    // not Linux: leave unknown
  }
  return { nproc: availableParallelism(), cpu, node: process.version, loadStart: loadavg(), loadEnd: [] };
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    const header = /\/\*\*\n([\s\S]*?)\*\//.exec(readFileSync(new URL(import.meta.url), 'utf8'))?.[1] ?? '';
    process.stdout.write(`${header.replace(/^ \* ?/gm, '')}`);
    return;
  }
  const opts = parseOptions(process.argv.slice(2));
  const result: Partial<BenchResult> & { cli: CliFigures[] } = { machine: machine(), options: opts, cli: [] };

  log(`generating ${opts.events} events, packed by 1 000 and by 10 000`);
  const t0 = performance.now();
  const sets = buildPayloads(opts.events, [1000, 10000]);
  const generateMs = performance.now() - t0;
  log(`plain file of ${opts.mb} MB`);
  const plainFile = ensurePlainFile(opts.mb);
  const all10k = sets.bySize.get(10000)!;
  result.corpus = {
    events: sets.events,
    lines: sets.lines,
    messageMb: sets.messageBytes / 1e6,
    gzipRatio: all10k.reduce((s, p) => s + p.jsonBytes, 0) / all10k.reduce((s, p) => s + p.gzipBytes, 0),
    generateMs,
    plainFile,
  };

  const session = opts.profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  result.payloads = await benchPayloads(sets, opts);
  result.coreAlerts = coreStats.alerts;
  if ((opts.only === undefined && !opts.skipPlain) || opts.only === 'plain')
    result.plain = await benchPlain(plainFile, opts);
  if (session && opts.profile) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(opts.profile, JSON.stringify(profile));
    session.disconnect();
    log(`CPU profile written to ${opts.profile}`);
  }

  if (opts.only === undefined && !opts.skipCli) {
    log('building the CLI (npm run build)');
    const buildError = buildCli();
    if (buildError) result.cliError = buildError;
    else {
      const commands: [string, string[]][] = [
        ['classify --format ndjson', ['classify', '--format', 'ndjson']],
        ['classify --format text', ['classify', '--format', 'text']],
      ];
      if (cliHas('analyze')) commands.push(['analyze', ['analyze']]);
      else result.cliError = 'dist/cli.js has no analyze command yet';
      log(`grep -c (scan floor) on ${(plainFile.bytes / 1e6).toFixed(0)} MB`);
      const floor = measureGrep(plainFile, opts.cliRuns);
      result.cliScanFloor = floor;
      for (const [label, args] of commands) {
        log(`CLI ${label} on ${(plainFile.bytes / 1e6).toFixed(0)} MB`);
        const figures = measureCli(label, args, plainFile, opts.cliRuns);
        figures.overScanFloor = figures.mbPerSec / floor.mbPerSec;
        result.cli.push(figures);
      }
    }
  }

  if (opts.only === undefined && !opts.skipBundle) {
    log('bundling and measuring the ingest function');
    const biggest = [...all10k].sort((a, b) => b.events - a.events)[0] as Payload;
    result.bundle = await measureBundle(biggest, 5);
  }
  result.machine!.loadEnd = loadavg();

  const full = result as BenchResult;
  if (opts.json) process.stdout.write(`${JSON.stringify(full, null, 2)}\n`);
  else process.stdout.write(renderReport(full));
}

await main();
