import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyLine } from '#shared/classify/classifyLine.ts';
import { toRecord } from '#shared/classify/toRecord.ts';
import { EntryAssembler } from '#shared/parse/EntryAssembler.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';
import { ensureNginx, NGINX_BIN } from '../realnginx/harness.ts';

function classify(line: string) {
  const parsed = parseErrorLine(line);
  return { parsed, c: classifyLine(parsed) };
}

describe("nginx's stderr form", () => {
  it.each([
    ['nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)', 'emerg', 'bind_failed'],
    ['nginx: [emerg] open() "/run/nginx.pid" failed (13: Permission denied)', 'emerg', 'pid_permission'],
    [
      'nginx: [alert] could not open error log file: open() "/var/log/nginx/error.log" failed (13: Permission denied)',
      'alert',
      'pid_permission',
    ],
    [
      'nginx: [emerg] host not found in upstream "app:8000" in /etc/nginx/conf.d/app.conf:12',
      'emerg',
      'dns_failure',
    ],
    [
      'nginx: [warn] the "user" directive makes sense only if the master process runs with super-user privileges, ignored in /etc/nginx/nginx.conf:1',
      'warn',
      'pid_permission',
    ],
    ['nginx: configuration file /etc/nginx/nginx.conf test failed', 'emerg', 'config_invalid'],
    ['nginx: the configuration file /etc/nginx/nginx.conf syntax is ok', 'notice', 'nginx_config_test'],
    ['nginx: configuration file /etc/nginx/nginx.conf test is successful', 'notice', 'nginx_config_test'],
  ] as const)('%s', (line, level, cause) => {
    const { parsed, c } = classify(line);
    expect(parsed).toMatchObject({ kind: 'entry', level, phase: 'none' });
    if (parsed.kind !== 'entry') return;
    expect(parsed.time).toBeUndefined();
    expect(parsed.pid).toBeUndefined();
    expect(parsed.tid).toBeUndefined();
    expect(c.cause).toBe(cause);
    expect(c.status).toBeNull();
  });

  it('is classified like the logged form', () => {
    const message = 'bind() to 0.0.0.0:80 failed (98: Address already in use)';
    const logged = classify(`2026/11/03 06:00:00 [emerg] 1190#1190: ${message}`);
    const stderr = classify(`nginx: [emerg] ${message}`);
    expect(stderr.parsed).toMatchObject({ message, errno: 98, errnoName: 'EADDRINUSE', syscall: 'bind()' });
    expect([stderr.c.cause, stderr.c.signature, stderr.c.status]).toEqual([
      logged.c.cause,
      logged.c.signature,
      logged.c.status,
    ]);
  });

  it('takes time and pid from a journald record (short-iso) and the pid alone from a syslog tag', () => {
    const iso = classify(
      '2026-11-03T06:00:01+0000 ip-10-0-1-20 nginx[1190]: nginx: [emerg] bind() to [::]:80 failed (98: Address already in use)',
    ).parsed;
    expect(iso).toMatchObject({
      kind: 'entry',
      time: '2026-11-03T06:00:01',
      pid: 1190,
      prefix: '2026-11-03T06:00:01+0000 ip-10-0-1-20 nginx[1190]: ',
    });
    const short = classify(
      'Nov 03 06:00:01 ip-10-0-1-20 nginx[1191]: nginx: [emerg] unknown directive "proxy_passs" in /etc/nginx/sites-enabled/default:27',
    );
    expect(short.parsed).toMatchObject({ kind: 'entry', pid: 1191, level: 'emerg' });
    expect(short.parsed.kind === 'entry' && short.parsed.time).toBeUndefined();
    expect(short.c.cause).toBe('config_invalid');
    // A syslog tag `nginx:` without a pid before the stderr form.
    expect(classify('<27>Nov  3 06:00:01 web1 nginx: nginx: [emerg] still could not bind()').c.cause).toBe(
      'bind_failed',
    );
  });

  it('writes time null and no pid / tid into the ndjson record', () => {
    const record = toRecord(classifyLine(parseErrorLine('nginx: [emerg] still could not bind()')), 7);
    expect(record).toMatchObject({ line: 7, level: 'emerg', time: null, cause: 'bind_failed' });
    expect(JSON.parse(JSON.stringify(record))).not.toHaveProperty('pid');
  });

  it.each([
    ['nginx version: nginx/1.26.3'],
    ['nginx: [bogus] something'],
    ['nginx: invalid option: "-x"'],
    ['this is nginx: [emerg] quoted in another program'.replace('this is ', 'this is-')],
  ])('leaves other text unparsed: %s', (line) => {
    expect(parseErrorLine(line).kind).toBe('unparsed');
  });

  it('starts a new entry after an open FastCGI quote', () => {
    const entries: string[] = [];
    const assembler = new EntryAssembler((text) => entries.push(text));
    assembler.push('2026/11/03 08:00:00 [error] 9#9: *1 FastCGI sent in stderr: "PHP message: start');
    assembler.push('nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)');
    assembler.end();
    expect(entries).toHaveLength(2);
  });
});

const nginx = ensureNginx();
const mustRun = Boolean(process.env.CI);

describe.skipIf(!nginx.available && !mustRun)('real nginx -t and a failed start, read back', () => {
  let dir = '';
  beforeAll(async () => {
    if (!nginx.available)
      throw new Error(`nginx is required in CI and could not be installed:\n${nginx.message}`);
    dir = await mkdtemp(path.join(tmpdir(), 'triage-stderr-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function config(name: string, body: string): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(
      file,
      `pid ${path.join(dir, `${name}.pid`)};\nerror_log ${path.join(dir, `${name}.error.log`)};\nevents {}\nhttp {\n  access_log off;\n${body}\n}\n`,
    );
    return file;
  }

  function stderrLines(output: string): string[] {
    return output.split('\n').filter((l) => l.trim() !== '');
  }

  it('nginx -t on a good config: both lines are config-test entries', async () => {
    const file = await config('good.conf', '  server { listen 127.0.0.1:1; }');
    const run = spawnSync(NGINX_BIN, ['-t', '-p', dir, '-c', file], { encoding: 'utf8', timeout: 20_000 });
    const lines = stderrLines(run.stderr);
    expect(lines.length, run.stderr).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(classify(line).c.cause, line).toBe('nginx_config_test');
  });

  it('nginx -t on a bad config: the [emerg] (logged form, before error_log is open) and the verdict are config_invalid', async () => {
    const file = await config('bad.conf', '  server { listen 127.0.0.1:1; proxy_passs http://x; }');
    const run = spawnSync(NGINX_BIN, ['-t', '-p', dir, '-c', file], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).not.toBe(0);
    const lines = stderrLines(run.stderr);
    expect(lines.map((l) => classify(l).c.cause)).toEqual(['config_invalid', 'config_invalid']);
    const verdict = classify(lines.at(-1)!).parsed;
    expect(verdict).toMatchObject({ kind: 'entry', level: 'emerg' });
    expect(verdict.kind === 'entry' && verdict.time).toBeUndefined();
  });

  it('a start on a busy port: every stderr line is bind_failed', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const file = await config('busy.conf', `  server { listen 127.0.0.1:${port}; }`);
      const child = spawn(NGINX_BIN, ['-p', dir, '-c', file, '-g', 'daemon off; master_process off;'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await new Promise((resolve) => child.on('close', resolve));
      clearTimeout(timer);
      const lines = stderrLines(stderr);
      expect(lines.length, stderr).toBeGreaterThan(0);
      for (const line of lines) {
        const { parsed, c } = classify(line);
        expect(c.cause, line).toBe('bind_failed');
        expect(parsed.kind === 'entry' && parsed.time).toBeUndefined();
      }
    } finally {
      busy.close();
    }
  }, 30_000);
});
