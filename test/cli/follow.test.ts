import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli, tempDir } from './support.ts';

/*
 * --follow on a file the test appends to, rotates (rename + new file, with a last write to the
 * old one) and truncates (copytruncate), polled every 20 ms; every wait is bounded.
 */
const refused = (n: number, time = `12:00:${String(n % 60).padStart(2, '0')}`) =>
  `2026/11/03 ${time} [error] 7#7: *${n} connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.${Math.floor(n / 250)}.${n % 250}, server: shop, request: "GET /a HTTP/1.1", upstream: "http://127.0.0.1:8000/a", host: "shop"\n`;
const clientOf = (n: number) => `10.0.${Math.floor(n / 250)}.${n % 250}`;
const WAIT = { timeout: 10_000, interval: 20 };

function following(args: string[]) {
  const controller = new AbortController();
  let seen = '';
  const done = runCli(
    args,
    '',
    {},
    {
      interrupted: () => controller.signal,
      followPollMs: 20,
      onStdout: (text) => {
        seen = text;
      },
    },
  );
  return { done, stop: () => controller.abort(), seen: () => seen };
}

describe('--follow', () => {
  it('classify prints each entry once as it is written, across rotation and truncation', async () => {
    const dir = tempDir('ut-follow-');
    const log = join(dir, 'error.log');
    writeFileSync(log, refused(1));
    const f = following(['classify', '--follow', '--format', 'ndjson', log]);
    const clients = () =>
      f
        .seen()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l).client as string);
    const waitFor = (n: number) => vi.waitFor(() => expect(clients()).toHaveLength(n), WAIT);

    await waitFor(1);
    appendFileSync(log, refused(2) + refused(3));
    await waitFor(3);
    // logrotate's create mode: the old file renamed (nginx may still write to it once), a new one.
    renameSync(log, `${log}.1`);
    appendFileSync(`${log}.1`, refused(4));
    writeFileSync(log, refused(5));
    await waitFor(5);
    appendFileSync(log, refused(6) + refused(7));
    await waitFor(7);
    // copytruncate: the same file emptied, then written from the start.
    writeFileSync(log, refused(8));
    await waitFor(8);

    f.stop();
    const r = await f.done;
    expect(r.code).toBe(0);
    expect(clients()).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map(clientOf));
  });

  it('classify text: one line per entry as it comes, the table of causes on interrupt', async () => {
    const dir = tempDir('ut-follow-');
    const log = join(dir, 'error.log');
    writeFileSync(log, '');
    const f = following(['classify', '-f', log]);
    appendFileSync(log, refused(1));
    await vi.waitFor(() => expect(f.seen()).toContain('upstream_refused'), WAIT);
    expect(f.seen()).toMatch(
      /^2026-11-03 12:00:01 {2}upstream_refused +502 {2}http:\/\/127\.0\.0\.1:8000\/a\n$/,
    );
    f.stop();
    const r = await f.done;
    expect(r.stdout).toMatch(/CAUSE +GROUP +COUNT/);
    expect(r.stdout).toContain('1 entries, 1 cause');
  });

  it('analyze prints an alert as soon as the engine sends it, and the report so far on interrupt', async () => {
    const dir = tempDir('ut-follow-');
    const log = join(dir, 'web-1.log');
    const second = (s: number) =>
      refused(s, `12:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`);
    writeFileSync(log, Array.from({ length: 10 }, (_, s) => second(s)).join(''));
    const f = following(['analyze', '--follow', log]);
    // Nothing to page for yet: ten seconds of errors are within the grace period.
    await new Promise((r) => setTimeout(r, 100));
    expect(f.seen()).not.toContain('=== PAGE');
    appendFileSync(log, Array.from({ length: 140 }, (_, s) => second(s + 10)).join(''));
    await vi.waitFor(() => expect(f.seen()).toMatch(/=== PAGE \[\w+\] PAGE: web-1 failing/), WAIT);
    expect(f.seen()).not.toContain('VERDICT');
    f.stop();
    const r = await f.done;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('VERDICT\n  PAGE: web-1 failing for');
    expect(r.stdout).toContain('150 entries (0 unparsed)');
  });

  it('needs files', async () => {
    const r = await runCli(['classify', '--follow']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--follow needs files, not stdin');
  });
});
