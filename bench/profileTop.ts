/**
 * Where the time goes: top functions and hot source lines by self time in a V8 CPU profile
 * (`node --cpu-prof`), mapped back to the TypeScript sources through the bundle's source map.
 *
 *   node --import tsx bench/profileTop.ts --run core [--events 200000]   bundle bench/run.ts, profile one
 *       workload in-process (after the corpus is generated; warm-up included)
 *   node --import tsx bench/profileTop.ts --run plain
 *   node --import tsx bench/profileTop.ts --cli "classify --format ndjson" FILE   profile dist/cli.js
 *   node --import tsx bench/profileTop.ts PROFILE.cpuprofile [MAP]               an existing profile
 *
 * tsx's transpiled code has no usable line numbers in a profile, hence the esbuild bundle with a map.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { OUT_DIR } from './corpus.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  positionTicks?: { line: number; ticks: number }[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Hotspot {
  name: string;
  ms: number;
}

export interface ProfileSummary {
  totalMs: number;
  functions: Hotspot[];
  lines: Hotspot[];
  files: Hotspot[];
}

/** Self time per function, per source line and per file; `map` resolves bundle positions to sources. */
export function summarizeProfile(
  profile: Profile,
  map?: { url: string; sourceMap: SourceMap },
): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const resolve = (f: CallFrame, line: number, column: number): { file: string; line: number } => {
    if (map && f.url === map.url) {
      const e = map.sourceMap.findEntry(line, column) as { originalSource?: string; originalLine?: number };
      if (e.originalSource) return { file: shorten(e.originalSource), line: (e.originalLine ?? 0) + 1 };
    }
    return { file: shorten(f.url) || '(native)', line: line + 1 };
  };
  const functions = new Map<string, number>();
  const lines = new Map<string, number>();
  const files = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)!;
    const f = node.callFrame;
    const at = resolve(f, f.lineNumber, f.columnNumber);
    const fnKey = f.url ? `${f.functionName || '(anonymous)'}  ${at.file}:${at.line}` : f.functionName;
    add(functions, fnKey, ms);
    add(files, at.file, ms);
    totalMs += ms;
    const ticks = node.positionTicks ?? [];
    const tickSum = ticks.reduce((s, t) => s + t.ticks, 0);
    for (const t of ticks) {
      // positionTicks lines are 1-based; the column is unknown, so map the first column of the line.
      const pos = resolve(f, t.line - 1, 0);
      add(lines, `${pos.file}:${pos.line}  (${f.functionName || 'anonymous'})`, (ms * t.ticks) / tickSum);
    }
  }
  const sorted = (m: Map<string, number>) =>
    [...m].map(([name, v]) => ({ name, ms: v })).sort((a, b) => b.ms - a.ms);
  return { totalMs, functions: sorted(functions), lines: sorted(lines), files: sorted(files) };
}

function add(m: Map<string, number>, key: string, ms: number): void {
  m.set(key, (m.get(key) ?? 0) + ms);
}

function shorten(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return `node_modules/${m[1]}`;
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*?\/(shared|functions|cli|bench|dist)\//, '$1/')
    .replace(/^(\.\.\/)+/, '');
}

export function renderSummary(s: ProfileSummary, n = 25): string {
  const pct = (ms: number) => `${((100 * ms) / s.totalMs).toFixed(1).padStart(5)} %`;
  const rows = (list: Hotspot[], k: number) =>
    list.slice(0, k).map((h) => `${pct(h.ms)}  ${h.ms.toFixed(0).padStart(7)} ms  ${h.name}`);
  return [
    `total ${s.totalMs.toFixed(0)} ms sampled`,
    '',
    'by function (self time)',
    ...rows(s.functions, n),
    '',
    'by source line (self time)',
    ...rows(s.lines, n),
    '',
    'by file (self time)',
    ...rows(s.files, 15),
    '',
  ].join('\n');
}

function newestProfile(dir: string): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  // The main thread's profile is the biggest (a loader thread may write a small one).
  files.sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size);
  if (!files[0]) throw new Error(`no .cpuprofile in ${dir}`);
  return join(dir, files[0]);
}

function loadMap(bundle: string): { url: string; sourceMap: SourceMap } {
  return {
    url: `file://${bundle}`,
    sourceMap: new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8'))),
  };
}

async function main(argv: string[]): Promise<void> {
  const dir = join(OUT_DIR, 'prof');
  const runAt = argv.indexOf('--run');
  const cliAt = argv.indexOf('--cli');
  let profilePath: string;
  let map: { url: string; sourceMap: SourceMap } | undefined;
  if (runAt !== -1) {
    const bundle = join(OUT_DIR, 'bench.mjs');
    await build({
      entryPoints: [join(import.meta.dirname, 'run.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'external',
      packages: 'external',
      // Our own `#shared` / `#functions` imports are bundled; npm packages stay external.
      logLevel: 'error',
    });
    mkdirSync(dir, { recursive: true });
    profilePath = join(dir, `${argv[runAt + 1]}.cpuprofile`);
    const rest = argv.filter((_, i) => i !== runAt && i !== runAt + 1);
    const args = [bundle, '--only', argv[runAt + 1]!, '--rounds', '1', '--profile', profilePath, ...rest];
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`profiled run failed (${r.status})`);
    map = loadMap(bundle);
  } else if (cliAt !== -1) {
    const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const args = [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      cli,
      ...argv[cliAt + 1]!.split(' '),
      ...argv.slice(cliAt + 2),
    ];
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`profiled CLI failed (${r.status})`);
    profilePath = newestProfile(dir);
    map = loadMap(cli);
  } else {
    profilePath = argv[0]!;
    if (argv[1])
      map = {
        url: `file://${argv[1].replace(/\.map$/, '')}`,
        sourceMap: new SourceMap(JSON.parse(readFileSync(argv[1], 'utf8'))),
      };
  }
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as Profile;
  process.stdout.write(`${profilePath}\n${renderSummary(summarizeProfile(profile, map))}`);
}

if (process.argv[1]?.endsWith('profileTop.ts')) await main(process.argv.slice(2));
