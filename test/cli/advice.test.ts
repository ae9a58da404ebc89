import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKEND_EVIDENCE, chooseRemediation } from '#shared/catalogue/causes/chooseRemediation.ts';
import { CAUSES } from '#shared/catalogue/index.ts';
import { runCli, tempDir } from './support.ts';

const dir = tempDir('ut-advice-');
const missing = (socket: string, n: number, s = n) =>
  `2026/11/03 12:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')} [crit] 7#7: *${n} connect() to unix:${socket} failed (2: No such file or directory) while connecting to upstream, client: 10.0.0.1, server: shop, request: "GET / HTTP/1.1", upstream: "http://unix:${socket}:/", host: "shop"`;

describe('advice follows the evidence', () => {
  it.each([
    [
      'gunicorn socket',
      'socket_missing',
      ['http://unix:/run/gunicorn.sock:/'],
      'gunicorn',
      'systemctl status gunicorn',
    ],
    [
      'php-fpm socket',
      'socket_missing',
      ['fastcgi://unix:/run/php/php8.3-fpm.sock:'],
      'php-fpm',
      'ls -l /run/php/',
    ],
    ['uwsgi socket', 'socket_missing', ['uwsgi://unix:/run/uwsgi/app.sock:'], 'uwsgi', 'ls -l /run/uwsgi/'],
    [
      'an unknown socket',
      'socket_missing',
      ['http://unix:/srv/app/app.sock:/'],
      'unix',
      "ss -xlp | grep '/srv/app/app.sock'",
    ],
    [
      'php-fpm over TCP',
      'upstream_refused',
      ['fastcgi://127.0.0.1:9000'],
      'php-fpm',
      "ss -ltnp 'sport = :9000'",
    ],
    ['a Node port', 'upstream_refused', ['http://127.0.0.1:3000/'], 'node', 'curl -v http://127.0.0.1:3000/'],
    [
      'any TCP port',
      'upstream_refused',
      ['http://10.0.3.4:8080/api'],
      'tcp',
      'curl -v http://10.0.3.4:8080/',
    ],
    [
      'gunicorn timeouts',
      'upstream_closed',
      ['http://unix:/run/gunicorn.sock:/'],
      'gunicorn',
      'WORKER TIMEOUT',
    ],
  ] as const)('%s: the %s variant', (_name, cause, evidence, variant, command) => {
    const advice = chooseRemediation(CAUSES[cause], evidence);
    expect(advice.variant).toBe(variant);
    expect(advice.commands.join('\n')).toContain(command);
    // Every placeholder filled, no other backend's commands.
    expect([...advice.checks, ...advice.fix, ...advice.commands].join('\n')).not.toMatch(/\{\w+\}/);
    if (variant !== 'php-fpm') expect(advice.commands.join('\n')).not.toContain('php');
  });

  it('a unix-socket line is left out for a TCP upstream, and no evidence is the generic advice', () => {
    const tcp = chooseRemediation(CAUSES.upstream_refused, ['http://127.0.0.1:8000/ gunicorn']);
    expect(tcp.variant).toBe('gunicorn');
    expect(tcp.commands).toContain("ss -ltnp 'sport = :8000'");
    expect(tcp.commands.join('\n')).not.toContain('ss -xlp');
    expect(chooseRemediation(CAUSES.upstream_refused, [])).toMatchObject({
      variant: undefined,
      commands: CAUSES.upstream_refused.commands,
    });
    expect(
      chooseRemediation(CAUSES.client_closed, ['http://unix:/run/gunicorn.sock:/']).variant,
    ).toBeUndefined();
  });

  it('every variant names a backend the evidence table knows or a transport', () => {
    const known = new Set([...BACKEND_EVIDENCE.map((b) => b.backend), 'unix', 'tcp']);
    for (const info of Object.values(CAUSES))
      for (const key of Object.keys(info.variants ?? {})) expect(known, `${info.id}.${key}`).toContain(key);
  });

  it('the page for a missing gunicorn socket advises gunicorn, not php-fpm (analyze, the real engine)', async () => {
    const log = join(dir, 'i-0c2d.log');
    writeFileSync(
      log,
      `${Array.from({ length: 150 }, (_, s) => missing('/run/gunicorn.sock', s)).join('\n')}\n`,
    );
    const r = await runCli(['analyze', log]);
    expect(r.code).toBe(0);
    const body = r.stdout.slice(r.stdout.indexOf('=== alert 1'));
    expect(body).toContain('$ systemctl status gunicorn');
    expect(body).toContain('$ ls -l /run/');
    expect(body).not.toContain('php');
  });

  it('classify text gives each cause the advice of its example line', async () => {
    const log = join(dir, 'php.log');
    writeFileSync(log, `${missing('/run/php/php8.3-fpm.sock', 1)}\n`);
    const r = await runCli(['classify', log]);
    expect(r.stdout).toContain("$ systemctl status 'php*-fpm*'");
    expect(r.stdout).toContain('$ ls -l /run/php/');
    expect(r.stdout).not.toContain('systemctl status php8.2-fpm');
  });
});
