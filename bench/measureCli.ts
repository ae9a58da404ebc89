import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type PlainFile, ROOT } from './corpus.ts';
import { type ProcessRun, runCommandMeasured, runMeasured } from './runMeasured.ts';
import { median } from './timeIt.ts';

export interface CliFigures {
  command: string;
  fileBytes: number;
  runs: number;
  /** Median over runs. */
  wallMs: number;
  cpuMs: number;
  /** File MB (10^6 bytes) per wall second. */
  mbPerSec: number;
  /** File MB per CPU second: the per-core figure (node's GC and I/O threads included). */
  mbPerCpuSec: number;
  /** Highest peak RSS of the runs. */
  maxRssMb: number;
  /** Wall MB/s over the `grep -c` scan floor's on the same file (run.ts fills it in). */
  overScanFloor?: number;
  error?: string;
}

const CLI = join(ROOT, 'dist', 'cli.js');

/** `npm run build` (scripts/build.mjs): the CLI the README tells users to run. */
export function buildCli(): string | undefined {
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) return `npm run build failed: ${r.stderr.trim().slice(-500)}`;
  return existsSync(CLI) ? undefined : 'npm run build wrote no dist/cli.js';
}

/** True when dist/cli.js knows the command (`<command> --help` exits 0). */
export function cliHas(command: string): boolean {
  return spawnSync(process.execPath, [CLI, command, '--help'], { stdio: 'ignore' }).status === 0;
}

/** The node flags of the binary's shebang (`#!/usr/bin/env -S node ...`), so the figures are the binary's. */
const CLI_NODE_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=30'];

/** Runs `node <shebang flags> dist/cli.js <args> FILE > /dev/null` `runs` times. */
export function measureCli(
  label: string,
  args: readonly string[],
  file: PlainFile,
  runs: number,
): CliFigures {
  const results: ProcessRun[] = [];
  for (let i = 0; i < runs; i++)
    results.push(runMeasured([...CLI_NODE_FLAGS, CLI, ...args, file.path], { stdoutPath: '/dev/null' }));
  return figuresOf(label, file, runs, results);
}

/**
 * The scan floor for the CLI rows: `grep -c -F <literal> FILE`, one pass over the same bytes that
 * looks for one literal and counts lines (no parsing, no output per line). `LC_ALL=C` as grep is
 * usually run over logs: byte matching, no UTF-8 decoding.
 */
export function measureGrep(file: PlainFile, runs: number): CliFigures {
  const results: ProcessRun[] = [];
  const env = { ...process.env, LC_ALL: 'C' };
  for (let i = 0; i < runs; i++)
    results.push(runCommandMeasured('grep', ['-c', '-F', GREP_LITERAL, file.path], { env }));
  // grep exits 1 when nothing matched: still a full scan.
  return figuresOf(`grep -c -F '${GREP_LITERAL}' (scan floor)`, file, runs, results, [0, 1]);
}

/** A literal of the upstream-failure family (a few % of the corpus lines). */
const GREP_LITERAL = 'upstream timed out';

function figuresOf(
  label: string,
  file: PlainFile,
  runs: number,
  results: ProcessRun[],
  okExits: readonly number[] = [0],
): CliFigures {
  const failed = results.find((r) => !okExits.includes(r.exitCode));
  const wallMs = median(results.map((r) => r.wallMs));
  const cpuMs = median(results.map((r) => r.cpuMs));
  return {
    command: label,
    fileBytes: file.bytes,
    runs,
    wallMs,
    cpuMs,
    mbPerSec: file.bytes / 1e6 / (wallMs / 1000),
    mbPerCpuSec: file.bytes / 1e6 / (cpuMs / 1000),
    maxRssMb: Math.max(...results.map((r) => r.maxRssKb)) / 1024,
    ...(failed ? { error: `exit ${failed.exitCode}: ${failed.stderr.slice(-400)}` } : {}),
  };
}
