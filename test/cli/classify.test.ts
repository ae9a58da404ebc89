import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support.ts';

const T = '2026/11/03 14:02:11';
const LOG = [
  `${T} [notice] 1#1: start worker processes`,
  `${T} [error] 9#9: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1, server: a, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8000/", host: "a"`,
  `${T} [error] 9#9: *2 FastCGI sent in stderr: "PHP message: PHP Fatal error:  boom in /var/www/index.php:3`,
  'Stack trace:',
  `#0 {main}" while reading response header from upstream, client: 10.0.0.1, server: wp, request: "GET / HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "wp"`,
  '\u0000\u0001binary junk\u0002',
  `${T} [error] 9#9: *3 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.1, server: a, request: "GET /slow HTTP/1.1", upstream: "http://127.0.0.1:8000/slow", host: "\u001b[31mevil"`,
].join('\n');

describe('upstream-triage classify', () => {
  it('prints one NDJSON record per entry, numbered by first physical line, unparsed lines included', async () => {
    const r = await runCli(['classify', '--format', 'ndjson', '-'], LOG);
    expect(r.code).toBe(0);
    const records = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((x) => [x.line, x.cause, x.status])).toEqual([
      [1, 'nginx_start', null],
      [2, 'upstream_refused', 502],
      [3, 'fastcgi_stderr', 500],
      [6, 'unparsed', null],
      [7, 'upstream_timeout', 504],
    ]);
    expect(records[1]).toMatchObject({
      level: 'error',
      severity: expect.any(String),
      group: 'restart',
      time: '2026-11-03T14:02:11',
      client: '10.0.0.1',
      upstream: 'http://127.0.0.1:8000/',
      upstreamPort: 8000,
      errno: 111,
    });
    expect(records[3]).toMatchObject({ reason: 'binary' });
  });

  it('prints a table of causes and the fix for each actionable cause, with hostile text escaped', async () => {
    const dir = tempDir('ut-');
    const file = join(dir, 'error.log');
    writeFileSync(file, LOG);
    const r = await runCli(['classify', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/upstream_refused\s+restart\s+1/);
    expect(r.stdout).toContain('commands:');
    expect(r.stdout).toContain('did not parse');
    expect(r.stdout).not.toContain('\u001b[31mevil');
  });

  it('reads .gz files, and names a .gz file that is not gzip', async () => {
    const dir = tempDir('ut-gz-');
    writeFileSync(join(dir, 'error.log.gz'), gzipSync(LOG));
    const ok = await runCli(['classify', '--format', 'ndjson', join(dir, 'error.log.gz')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(5);
    writeFileSync(join(dir, 'bad.log.gz'), LOG);
    const bad = await runCli(['classify', join(dir, 'bad.log.gz')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not a valid gzip file');
  });

  it('exits 1 with one line naming a missing file', async () => {
    const r = await runCli(['classify', '/nonexistent/error.log']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('/nonexistent/error.log');
  });

  it('exits 2 on a usage error', async () => {
    expect((await runCli(['classify', '--format', 'xml'])).code).toBe(2);
    expect((await runCli(['classify', '--bogus'])).code).toBe(2);
    expect((await runCli(['nope'])).code).toBe(2);
  });
});
