import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createProgress,
  estimateEtaMs,
  formatBytes,
  formatCount,
  formatEta,
  formatProgress,
  ProgressMeter,
  SilentProgress,
} from '../../cli/progress.ts';
import { runCli, tempDir } from './support.ts';

describe('progress formatting', () => {
  it.each([
    [0, '0 B'],
    [912, '912 B'],
    [1536, '1.50 KiB'],
    [12.3 * 1024 * 1024, '12.3 MiB'],
    [1.2 * 1024 ** 3, '1.20 GiB'],
    [512 * 1024 ** 3, '512 GiB'],
  ])('formatBytes(%d) = %s', (n, expected) => expect(formatBytes(n)).toBe(expected));

  it.each([
    [42, '42'],
    [1234, '1.23k'],
    [45_678, '45.7k'],
    [456_789, '457k'],
    [4_560_000, '4.56M'],
  ])('formatCount(%d) = %s', (n, expected) => expect(formatCount(n)).toBe(expected));

  it.each([
    [0, '0s'],
    [44_100, '45s'],
    [125_000, '2m 05s'],
    [3_780_000, '1h 03m'],
  ])('formatEta(%d) = %s', (ms, expected) => expect(formatEta(ms)).toBe(expected));

  it.each([
    [
      'a quarter done after 10 s: 30 s left',
      { bytes: 250, totalBytes: 1000, lines: 1, elapsedMs: 10_000 },
      30_000,
    ],
    ['done', { bytes: 1000, totalBytes: 1000, lines: 1, elapsedMs: 10_000 }, 0],
    ['total unknown (stdin)', { bytes: 250, totalBytes: undefined, lines: 1, elapsedMs: 10_000 }, undefined],
    ['too early to tell', { bytes: 250, totalBytes: 1000, lines: 1, elapsedMs: 100 }, undefined],
    ['nothing read yet', { bytes: 0, totalBytes: 1000, lines: 0, elapsedMs: 5_000 }, undefined],
  ])('estimateEtaMs: %s', (_name, state, expected) => expect(estimateEtaMs(state)).toBe(expected));

  it('says bytes of total, percent, lines, lines/s and ETA on one line', () => {
    const line = formatProgress('classify', {
      bytes: 256 * 1024 ** 2,
      totalBytes: 1024 ** 3,
      lines: 1_200_000,
      elapsedMs: 4000,
    });
    expect(line).toBe('classify  256 MiB / 1.00 GiB  25%  1.20M lines  300k lines/s  ETA 12s');
  });

  it('shows bytes and speed without percent or ETA when the total is unknown', () => {
    expect(
      formatProgress('analyze', { bytes: 2048, totalBytes: undefined, lines: 10, elapsedMs: 1000 }),
    ).toBe('analyze  2.00 KiB  10 lines  10 lines/s');
  });

  it('never writes a line wider than the terminal (a wrapped line cannot be redrawn)', () => {
    const line = formatProgress(
      'classify',
      { bytes: 256 * 1024 ** 2, totalBytes: 1024 ** 3, lines: 1_200_000, elapsedMs: 4000 },
      30,
    );
    expect(line.length).toBeLessThanOrEqual(29);
  });
});

/** A fake terminal and a hand-driven clock. */
function meter(options: { delayMs?: number; columns?: number } = {}) {
  const stream = Object.assign(new PassThrough(), { columns: options.columns ?? 120 });
  const writes: string[] = [];
  stream.on('data', (c: Buffer) => writes.push(c.toString('utf8')));
  let now = 1_000_000;
  const m = new ProgressMeter(stream, {
    label: 'classify',
    totalBytes: 1000,
    now: () => now,
    ...(options.delayMs === undefined ? {} : { delayMs: options.delayMs }),
  });
  return {
    m,
    writes,
    advance: (ms: number) => {
      now += ms;
    },
    flush: () => new Promise<void>((r) => setImmediate(r)),
  };
}

describe('ProgressMeter (injected clock)', () => {
  it('stays silent during the first second, then redraws in place at most four times a second', async () => {
    const { m, writes, advance, flush } = meter();
    m.counter.bytes = 100;
    m.lines = 10;
    m.tick();
    advance(900);
    m.tick();
    await flush();
    expect(writes).toEqual([]);
    advance(100); // 1.0 s: first draw
    m.tick();
    for (let i = 0; i < 10; i++) {
      advance(20); // 200 ms of ticks: no redraw
      m.tick();
    }
    advance(60); // 260 ms after the first draw
    m.counter.bytes = 500;
    m.tick();
    await flush();
    expect(writes).toHaveLength(2);
    for (const w of writes) {
      expect(w.startsWith('\r')).toBe(true);
      expect(w.endsWith('\u001b[K')).toBe(true);
      expect(w).not.toContain('\n');
    }
    expect(writes[0]).toContain('100 B / 1000 B  10%');
    expect(writes[1]).toContain('500 B / 1000 B  50%');
    expect(writes[1]).toMatch(/ETA \d+s/);
  });

  it('clears the line at the end, only when it drew one', async () => {
    const quiet = meter();
    quiet.m.done();
    await quiet.flush();
    expect(quiet.writes).toEqual([]);

    const { m, writes, advance, flush } = meter({ delayMs: 0 });
    m.tick();
    advance(10);
    m.done();
    m.done();
    await flush();
    expect(writes.at(-1)).toBe('\r\u001b[K');
    expect(writes.filter((w) => w === '\r\u001b[K')).toHaveLength(1);
  });

  it('assumes 100 columns on a terminal that reports none (a pty without a window size)', async () => {
    const { m, writes, flush } = meter({ delayMs: 0, columns: 0 });
    m.counter.bytes = 10;
    m.tick();
    await flush();
    expect(writes[0]).toMatch(/^\rclassify {2}10 B \/ 1000 B {2}1%/);
  });

  it('fits the terminal width', async () => {
    const { m, writes, flush } = meter({ delayMs: 0, columns: 20 });
    m.tick();
    await flush();
    expect(writes[0]?.replace('\r', '').replace('\u001b[K', '').length).toBeLessThanOrEqual(19);
  });
});

describe('createProgress', () => {
  it('is silent when stderr is not a terminal', () => {
    expect(createProgress(new PassThrough(), 'classify', ['-'])).toBeInstanceOf(SilentProgress);
  });

  it('sums the file sizes for the ETA on a terminal; unknown for stdin', async () => {
    const dir = tempDir('ut-progress-');
    writeFileSync(join(dir, 'a.log'), 'x'.repeat(300));
    writeFileSync(join(dir, 'b.log'), 'x'.repeat(700));
    const tty = Object.assign(new PassThrough(), { isTTY: true, columns: 200 });
    const writes: string[] = [];
    tty.on('data', (c: Buffer) => writes.push(c.toString('utf8')));
    let now = 0;
    const p = createProgress(tty, 'classify', [join(dir, 'a.log'), join(dir, 'b.log')], () => now);
    expect(p).toBeInstanceOf(ProgressMeter);
    now = 2000;
    p.counter.bytes = 500;
    p.tick();
    await new Promise<void>((r) => setImmediate(r));
    expect(writes[0]).toContain('500 B / 1000 B  50%');
  });

  it('classify writes nothing on a non-terminal stderr', async () => {
    const dir = tempDir('ut-progress-');
    const file = join(dir, 'error.log');
    writeFileSync(file, '2026/11/03 14:02:11 [notice] 1#1: start worker processes\n'.repeat(1000));
    const r = await runCli(['classify', '--format', 'ndjson', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toHaveLength(1000);
  });
});
