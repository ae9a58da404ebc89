import type { PlainFile } from './corpus.ts';
import type { BundleFigures } from './measureBundle.ts';
import type { CliFigures } from './measureCli.ts';

/**
 * What `npm run bench` measures: the result `run.ts` produces and `renderReport.ts` prints (in
 * their own module so neither imports the other).
 */

export interface Rate {
  label: string;
  wallMs: number;
  cpuMs: number;
  /** Events (or entries) per wall second. */
  perSec: number;
  /** Per CPU second (user + system, all threads of the process). */
  perCpuSec: number;
  linesPerSec: number;
  /** Message MB (10^6 bytes) per wall second. */
  mbPerSec: number;
}

export interface PayloadResult {
  size: number;
  payloads: number;
  avgGzipKb: number;
  rates: Record<string, Rate>;
  /** Throughput ratios, median of the per-round ratios. */
  ratios: {
    coreOverFloor: number;
    coreOverNaive: number;
    classifyOverFloor: number;
    decodeOverFloor: number;
  };
}

export interface PlainResult {
  bytes: number;
  entries: number;
  rates: Record<string, Rate>;
}

export interface BenchResult {
  machine: { nproc: number; cpu: string; node: string; loadStart: number[]; loadEnd: number[] };
  options: BenchOptions;
  corpus: {
    events: number;
    lines: number;
    messageMb: number;
    gzipRatio: number;
    generateMs: number;
    plainFile: PlainFile;
  };
  payloads: PayloadResult[];
  coreAlerts: number;
  plain?: PlainResult;
  cli: CliFigures[];
  /** `grep -c -F` over the same file: the scan floor the CLI rows are compared with (`overScanFloor`). */
  cliScanFloor?: CliFigures;
  cliError?: string;
  bundle?: BundleFigures;
}

export interface BenchOptions {
  json: boolean;
  events: number;
  rounds: number;
  mb: number;
  cliRuns: number;
  skipCli: boolean;
  skipBundle: boolean;
  skipPlain: boolean;
  only?: string;
  /** Write a CPU profile of the in-process workloads (not of the corpus generation) to this path. */
  profile?: string;
}
