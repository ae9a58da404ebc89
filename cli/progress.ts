import { statSync } from 'node:fs';
import type { Writable } from 'node:stream';

/** What a progress line says. */
export interface ProgressState {
  bytes: number;
  /** Sum of the input sizes; undefined when unknown (stdin, compressed input). */
  totalBytes: number | undefined;
  lines: number;
  elapsedMs: number;
}

/** `912 B`, `12.3 KiB`, `1.20 GiB`. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Math.max(0, n);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  return `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ${units[unit]}`;
}

/** `42`, `12.3k`, `4.56M`: a rate or count that fits a status line. */
export function formatCount(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 2 : n < 100_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 2 : n < 100_000_000 ? 1 : 0)}M`;
}

/** `45s`, `2m 05s`, `1h 03m`. */
export function formatEta(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Time left at the average speed so far; undefined until there is a speed to go by (half a second
 * and some bytes) or when the total is unknown.
 */
export function estimateEtaMs(state: ProgressState): number | undefined {
  if (state.totalBytes === undefined || state.elapsedMs < 500 || state.bytes <= 0) return undefined;
  const left = Math.max(0, state.totalBytes - state.bytes);
  return (left / state.bytes) * state.elapsedMs;
}

/**
 * One status line: `classify  12.3 MiB / 1.20 GiB  1%  45.6k lines  98.7k lines/s  ETA 2m 05s`,
 * cut to `columns` so it never wraps (a wrapped line cannot be redrawn with `\r`).
 */
export function formatProgress(label: string, state: ProgressState, columns = 100): string {
  const parts = [label];
  if (state.totalBytes !== undefined && state.totalBytes > 0) {
    const pct = Math.min(100, Math.floor((state.bytes / state.totalBytes) * 100));
    parts.push(`${formatBytes(state.bytes)} / ${formatBytes(state.totalBytes)}`, `${pct}%`);
  } else {
    parts.push(formatBytes(state.bytes));
  }
  parts.push(`${formatCount(state.lines)} lines`);
  if (state.elapsedMs >= 500) parts.push(`${formatCount((state.lines * 1000) / state.elapsedMs)} lines/s`);
  const eta = estimateEtaMs(state);
  if (eta !== undefined) parts.push(`ETA ${formatEta(eta)}`);
  const text = parts.join('  ');
  return text.length > columns - 1 ? text.slice(0, Math.max(0, columns - 1)) : text;
}

export interface ProgressOptions {
  label: string;
  totalBytes: number | undefined;
  /** The wall clock; tests inject their own. */
  now?: () => number;
  /** Redraw at most this often (default 250 ms: four times a second). */
  intervalMs?: number;
  /** Show nothing before this much time passed (default 1 s): short runs stay silent. */
  delayMs?: number;
}

/**
 * A progress line on a terminal: callers bump `bytes` and `lines` and call `tick()` as often as
 * they like; it redraws in place with `\r` at most every `intervalMs`, and `done()` clears it.
 */
export class ProgressMeter {
  /** Pass this to `readEntries({ progress })`: it adds the bytes it reads. */
  readonly counter = { bytes: 0 };
  lines = 0;
  private readonly now: () => number;
  private readonly started: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly stream: Writable & { columns?: number },
    private readonly options: ProgressOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  tick(): void {
    const t = this.now();
    if (t - this.started < (this.options.delayMs ?? 1000)) return;
    if (t - this.lastDraw < (this.options.intervalMs ?? 250)) return;
    this.lastDraw = t;
    this.drawn = true;
    const state = {
      bytes: this.counter.bytes,
      totalBytes: this.options.totalBytes,
      lines: this.lines,
      elapsedMs: t - this.started,
    };
    // A pseudo-terminal without a window size reports 0 columns: assume a common width then.
    const columns = this.stream.columns !== undefined && this.stream.columns > 0 ? this.stream.columns : 100;
    this.stream.write(`\r${formatProgress(this.options.label, state, columns)}\u001b[K`);
  }

  /** Clears the line (only if something was drawn), so the command's own output starts clean. */
  done(): void {
    if (this.drawn) this.stream.write('\r\u001b[K');
    this.drawn = false;
  }
}

/** The no-op stand-in when stderr is not a terminal: same shape, writes nothing. */
export class SilentProgress {
  readonly counter = { bytes: 0 };
  lines = 0;
  tick(): void {}
  done(): void {}
}

export type Progress = ProgressMeter | SilentProgress;

/**
 * A progress line on stderr when it is a terminal, silence otherwise (pipes, files, CI logs).
 * The total is the sum of the files' sizes; unknown with stdin (`-`) or compressed files, which
 * then show bytes and speed without a percentage or ETA.
 */
export function createProgress(
  stderr: Writable & { isTTY?: boolean; columns?: number },
  label: string,
  paths: readonly string[],
  now?: () => number,
): Progress {
  if (!stderr.isTTY) return new SilentProgress();
  return new ProgressMeter(stderr, { label, totalBytes: totalSize(paths), ...(now ? { now } : {}) });
}

function totalSize(paths: readonly string[]): number | undefined {
  let total = 0;
  for (const path of paths) {
    if (path === '-' || path.endsWith('.gz')) return undefined;
    try {
      total += statSync(path).size;
    } catch {
      // The reader reports a missing file with its own clear error; the total just stays unknown.
      return undefined;
    }
  }
  return total;
}

/**
 * Passes a stream of arrays of entries through, counting the entries (and their size, `sizeOf`, as
 * bytes read) on `progress`; the clock is read every 1024 entries only.
 */
export async function* countChunkProgress<T>(
  source: AsyncIterable<readonly T[]>,
  progress: Progress,
  sizeOf: (item: T) => number,
): AsyncGenerator<readonly T[]> {
  try {
    for await (const items of source) {
      for (const item of items) {
        progress.counter.bytes += sizeOf(item);
        progress.lines++;
        if ((progress.lines & 1023) === 0) progress.tick();
      }
      yield items;
    }
  } finally {
    progress.done();
  }
}
