import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inReadingOrder, toInstanceFile } from '../../cli/analyze/readInstanceEvents.ts';
import { runCli, tempDir } from './support.ts';

const dir = tempDir('ut-input-');
const at = (time: string, n: number, level = 'error') =>
  `2026/11/03 ${time} [${level}] 7#7: *${n} connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.${n}, server: shop, request: "GET /a HTTP/1.1", upstream: "http://127.0.0.1:8000/a", host: "shop"`;
const timeout = (time: string, n: number) =>
  `2026/11/03 ${time} [error] 7#7: *${n} upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.${n}, server: shop, request: "GET /slow HTTP/1.1", upstream: "http://127.0.0.1:8000/slow", host: "shop"`;
const file = (name: string, lines: string[] | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, Buffer.isBuffer(lines) ? lines : `${lines.join('\n')}\n`);
  return path;
};
const ndjson = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));

describe('rotated logs of one instance', () => {
  it('names error.log.2.gz, error.log.1 and error.log as one instance, read oldest first', () => {
    const files = ['logs/error.log', 'logs/error.log.1', 'logs/error.log.2.gz', 'other.log'].map(
      toInstanceFile,
    );
    expect(files.map((f) => f.instance)).toEqual(['error', 'error', 'error', 'other']);
    expect(inReadingOrder(files).map((f) => f.path)).toEqual([
      'logs/error.log.2.gz',
      'logs/error.log.1',
      'logs/error.log',
      'other.log',
    ]);
  });

  it('analyze: one instance, no inferred deployment, the time range of all three files', async () => {
    const rot = tempDir('ut-rot-');
    const oldest = join(rot, 'error.log.2.gz');
    writeFileSync(oldest, gzipSync(`${at('10:00:00', 1)}\n`));
    writeFileSync(join(rot, 'error.log.1'), `${at('11:00:00', 2)}\n`);
    writeFileSync(join(rot, 'error.log'), `${at('12:00:00', 3)}\n`);
    const r = await runCli([
      'analyze',
      join(rot, 'error.log'),
      join(rot, 'error.log.1'),
      oldest,
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.instances.map((i: { instance: string }) => i.instance)).toEqual(['error']);
    expect(report.deployments).toEqual([]);
    expect(report.summary.events).toBe(3);
    expect(report.summary.firstSeen).toBe('2026-11-03T10:00:00Z');
    expect(report.summary.lastSeen).toBe('2026-11-03T12:00:00Z');
  });

  it('analyze: the same NAME= on several files is one instance', async () => {
    const a = file('part-a.log', [at('12:00:00', 1)]);
    const b = file('part-b.log', [at('12:00:05', 2)]);
    const r = await runCli(['analyze', `web=${b}`, `web=${a}`, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.instances.map((i: { instance: string }) => i.instance)).toEqual(['web']);
    expect(report.summary.events).toBe(2);
  });
});

describe('gzip by its magic bytes', () => {
  it('on stdin', async () => {
    const r = await runCli(
      ['classify', '--format', 'ndjson', '-'],
      '',
      {},
      {
        stdinBytes: gzipSync(`${at('12:00:00', 1)}\n${at('12:00:01', 2)}\n`),
      },
    );
    expect(r.code).toBe(0);
    expect(ndjson(r.stdout).map((x) => x.cause)).toEqual(['upstream_refused', 'upstream_refused']);
  });

  it('on a file without .gz in its name', async () => {
    const path = file('error.log.1', gzipSync(`${at('12:00:00', 1)}\n`));
    const r = await runCli(['classify', '--format', 'ndjson', path]);
    expect(ndjson(r.stdout).map((x) => x.cause)).toEqual(['upstream_refused']);
  });
});

describe('honest exit codes', () => {
  const access = file('access.log', [
    '10.0.0.1 - - [03/Nov/2026:12:00:00 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0"',
    '10.0.0.2 - - [03/Nov/2026:12:00:01 +0000] "GET /a HTTP/1.1" 502 157 "-" "curl/8.5.0"',
  ]);
  const binary = file(
    'ls',
    Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x0a, 0x00, 0x01, 0x0a]),
  );

  it.each([
    ['classify', access],
    ['classify', binary],
    ['analyze', access],
    ['analyze', binary],
  ])('%s on %s: exit 1, one line, no table and no 1970', async (command, path) => {
    const r = await runCli([command, path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `upstream-triage ${command}: no nginx error-log lines in ${path} (is it an access log?)\n`,
    );
    expect(r.stdout).not.toContain('1970');
    expect(r.stdout).not.toContain('CAUSE');
  });

  it('an empty error.log is a quiet log, not an error', async () => {
    const r = await runCli(['classify', file('empty.log', Buffer.alloc(0))]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 entries, 0 causes');
  });

  it('a mostly unparsed file prints a warning with the share; --quiet drops it', async () => {
    const path = file('mostly-junk.log', [at('12:00:00', 1), 'junk one', 'junk two', 'junk three']);
    const r = await runCli(['classify', path, '--format', 'ndjson']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `upstream-triage classify: warning: 75% of the 4 entries of ${path} did not parse as nginx error-log lines (cause "unparsed")\n`,
    );
    const a = await runCli(['analyze', path]);
    expect(a.stderr).toContain('warning: 75% of the 4 entries');
    expect(a.stdout).not.toContain('1970');
    expect((await runCli(['classify', path, '--quiet'])).stderr).toBe('');
  });
});

describe('filters in the input stage', () => {
  const mixed = file('mixed.log', [
    at('11:00:00', 1),
    timeout('11:30:00', 2),
    at('12:00:00', 3, 'crit'),
    timeout('12:30:00', 4),
    at('13:00:00', 5, 'warn'),
  ]);
  const clients = async (args: string[], env = {}) => {
    const r = await runCli(['classify', mixed, '--format', 'ndjson', ...args], '', env, {
      now: () => Date.UTC(2026, 10, 3, 13, 30),
    });
    expect(r.stderr).toBe('');
    return ndjson(r.stdout).map((x) => Number(String(x.client).split('.').at(-1)));
  };

  it.each([
    ['--since ISO (zone-less, UTC)', ['--since', '2026-11-03T12:00:00'], [3, 4, 5]],
    ['--until ISO with a zone', ['--until', '2026-11-03T12:00:00Z'], [1, 2]],
    ['--tz moves the entries', ['--since', '2026-11-03T12:00:00Z', '--tz', 'Europe/Paris'], [5]],
    ['--since relative to now', ['--since', '1h'], [4, 5]],
    ['--since and --until', ['--since', '2026-11-03T11:15:00Z', '--until', '1h'], [2, 3]],
    ['--cause repeatable', ['--cause', 'upstream_timeout'], [2, 4]],
    ['--cause comma list', ['--cause', 'upstream_timeout,upstream_refused'], [1, 2, 3, 4, 5]],
    ['--level and more severe', ['--level', 'crit'], [3]],
    ['--level error', ['--level', 'error'], [1, 2, 3, 4]],
    ['--instance by file name', ['--instance', 'mixed'], [1, 2, 3, 4, 5]],
    ['--instance of another', ['--instance', 'web-2'], []],
  ])('%s', async (_name, args, expected) => {
    expect(await clients(args as string[])).toEqual(expected);
  });

  it('analyze sees only what the filters keep', async () => {
    const r = await runCli(['analyze', mixed, '--cause', 'upstream_timeout', '--format', 'json']);
    expect(JSON.parse(r.stdout).summary.events).toBe(2);
  });

  it('the text table says the entries were filtered', async () => {
    const r = await runCli(['classify', mixed, '--cause', 'upstream_timeout']);
    expect(r.stdout).toContain('2 entries kept by the filters, 1 cause');
  });

  it.each([
    [['--since', 'yesterday'], "--since 'yesterday': expected an ISO time"],
    [['--cause', 'upstream_refusd'], "unknown cause 'upstream_refusd'"],
    [['--level', 'loud'], '--level must be one of debug, info'],
    [['--since', '1h', '--until', '2h'], '--until must be later than --since'],
  ])('%j is a usage error', async (args, message) => {
    const r = await runCli(['classify', mixed, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('one --format vocabulary, --color, --quiet', () => {
  const log = file('web-1.log', [at('12:00:00', 1), timeout('12:00:01', 2)]);

  it('classify --format json: the table as one object', async () => {
    const r = await runCli(['classify', log, '--format', 'json']);
    const body = JSON.parse(r.stdout);
    expect(body.total).toBe(2);
    expect(body.causes.map((c: { cause: string }) => c.cause).sort()).toEqual([
      'upstream_refused',
      'upstream_timeout',
    ]);
  });

  it('analyze --format ndjson: one alert per line', async () => {
    const burst = Array.from({ length: 150 }, (_, s) =>
      at(`12:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`, s),
    );
    const r = await runCli(['analyze', file('burst.log', burst), '--format', 'ndjson']);
    const alerts = ndjson(r.stdout);
    expect(alerts.map((a) => a.kind)).toEqual(['page']);
    expect(alerts[0].subject).toContain('burst failing');
  });

  it.each([
    ['classify', [log]],
    ['analyze', [log]],
  ])(
    '%s --color always colours the tables, never and auto (not a terminal) do not',
    async (command, args) => {
      expect((await runCli([command, ...args, '--color', 'always'])).stdout).toContain('\u001b[1m');
      expect((await runCli([command, ...args, '--color', 'never'])).stdout).not.toContain('\u001b[');
      expect((await runCli([command, ...args])).stdout).not.toContain('\u001b[');
    },
  );

  it("--html - writes the HTML to stdout, not a file named '-'", async () => {
    const r = await runCli(['analyze', log, '--html', '-']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>/i);
    expect(r.stdout).not.toContain('VERDICT\n');
    expect(existsSync('-')).toBe(false);
  });

  it('--quiet-period is the threshold that closes incidents; --quiet SECONDS still works', async () => {
    const burst = file(
      'burst-quiet.log',
      Array.from({ length: 150 }, (_, s) =>
        at(`12:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`, s),
      ),
    );
    const kinds = async (args: string[]) => {
      const r = await runCli(['analyze', burst, '--format', 'ndjson', ...args]);
      expect(r.code).toBe(0);
      return { kinds: ndjson(r.stdout).map((a) => a.kind), stderr: r.stderr };
    };
    // The replay ends 181 s after the last error: the default 300 s keeps the incident open.
    expect(await kinds([])).toEqual({ kinds: ['page'], stderr: '' });
    expect(await kinds(['--quiet-period', '60'])).toEqual({ kinds: ['page', 'resolved'], stderr: '' });
    expect(await kinds(['--quiet', '60'])).toEqual({
      kinds: ['page', 'resolved'],
      stderr: 'upstream-triage analyze: --quiet SECONDS is now --quiet-period SECONDS\n',
    });
    // --quiet alone is less output: no warning, no progress, the same report.
    expect(await kinds(['--quiet'])).toEqual({ kinds: ['page'], stderr: '' });
    const bad = await runCli(['analyze', burst, '--quiet-period', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--quiet-period:');
  });
});
