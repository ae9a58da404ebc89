import { describe, expect, it } from 'vitest';
import type { ErrorLogEntry, ParsedLine } from '#shared/model/index.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';

const T = '2026/11/03 14:02:11';
const REFUSED = `${T} [error] 2817#2817: *4512 connect() failed (111: Connection refused) while connecting to upstream`;

function entry(line: string): ErrorLogEntry {
  const parsed: ParsedLine = parseErrorLine(line);
  if (parsed.kind !== 'entry') throw new Error(`expected an entry, got unparsed (${parsed.reason}): ${line}`);
  return parsed;
}

describe('parseErrorLine: the quirks of real logs', () => {
  it.each<[string, string, Partial<ErrorLogEntry> & Record<string, unknown>]>([
    [
      'a plain refused connect',
      `${REFUSED}, client: 172.31.7.14, server: api.example.com, request: "GET /v1/orders HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/orders", host: "api.example.com"`,
      {
        time: '2026-11-03T14:02:11',
        level: 'error',
        pid: 2817,
        tid: 2817,
        cid: 4512,
        message: 'connect() failed (111: Connection refused)',
        action: 'connecting to upstream',
        phase: 'connect',
        syscall: 'connect()',
        errno: 111,
        errnoText: 'Connection refused',
        client: '172.31.7.14',
        server: 'api.example.com',
        request: 'GET /v1/orders HTTP/1.1',
        host: 'api.example.com',
        upstream: {
          raw: 'http://127.0.0.1:8000/v1/orders',
          scheme: 'http',
          address: '127.0.0.1',
          port: 8000,
          path: '/v1/orders',
        },
      },
    ],
    [
      'comma and quotes inside the message',
      `${T} [error] 7#7: *1 open() "/var/www/a, b \\"c\\".html" failed (2: No such file or directory), client: 10.0.0.1, server: _, request: "GET /a,%20b HTTP/1.1", host: "x"`,
      {
        message: 'open() "/var/www/a, b \\"c\\".html" failed (2: No such file or directory)',
        errno: 2,
        client: '10.0.0.1',
        server: '_',
        host: 'x',
      },
    ],
    [
      'empty server and empty host',
      `${REFUSED}, client: 10.0.0.1, server: , request: "GET / HTTP/1.0", upstream: "http://10.0.1.5:80/", host: ""`,
      { server: '', host: '', request: 'GET / HTTP/1.0' },
    ],
    [
      'referrer after host',
      `${REFUSED}, client: 10.0.0.1, server: a, request: "GET / HTTP/1.1", upstream: "http://10.0.1.5:80/", host: "a", referrer: "https://a/x?y=1, z=2"`,
      { host: 'a', referrer: 'https://a/x?y=1, z=2' },
    ],
    [
      'IPv6 client and [::1] upstream',
      `${REFUSED}, client: 2001:db8::7, server: v6.example, request: "GET / HTTP/2.0", upstream: "http://[::1]:3000/", host: "v6.example"`,
      {
        client: '2001:db8::7',
        upstream: { raw: 'http://[::1]:3000/', scheme: 'http', address: '::1', port: 3000, path: '/' },
      },
    ],
    [
      'unix socket upstream with a URI',
      `${T} [crit] 9#9: *3 connect() to unix:/run/gunicorn.sock failed (2: No such file or directory) while connecting to upstream, client: 10.0.0.1, server: app, request: "POST /login HTTP/1.1", upstream: "http://unix:/run/gunicorn.sock:/login", host: "app"`,
      {
        level: 'crit',
        errno: 2,
        upstream: {
          raw: 'http://unix:/run/gunicorn.sock:/login',
          scheme: 'http',
          socketPath: '/run/gunicorn.sock',
          path: '/login',
        },
      },
    ],
    [
      'fastcgi://unix: upstream',
      `${T} [crit] 9#9: *3 connect() to unix:/run/php/php8.2-fpm.sock failed (13: Permission denied) while connecting to upstream, client: 10.0.0.1, server: wp, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "wp"`,
      {
        errno: 13,
        errnoText: 'Permission denied',
        upstream: {
          raw: 'fastcgi://unix:/run/php/php8.2-fpm.sock:',
          scheme: 'fastcgi',
          socketPath: '/run/php/php8.2-fpm.sock',
        },
      },
    ],
    [
      'upstream group name (no live upstreams)',
      `${T} [error] 9#9: *8 no live upstreams while connecting to upstream, client: 10.0.0.1, server: a, request: "GET / HTTP/1.1", upstream: "http://backend/", host: "a"`,
      {
        message: 'no live upstreams',
        upstream: { raw: 'http://backend/', scheme: 'http', address: 'backend', path: '/' },
      },
    ],
    [
      '[notice] without *cid',
      `${T} [notice] 1#1: signal 1 (SIGHUP) received from 4242, reconfiguring`,
      {
        level: 'notice',
        cid: undefined,
        message: 'signal 1 (SIGHUP) received from 4242, reconfiguring',
        phase: 'none',
        fields: {},
      },
    ],
    [
      'limiting requests, excess: .. by zone',
      `${T} [error] 5#5: *9 limiting requests, excess: 20.250 by zone "api", client: 10.0.0.1, server: a, request: "GET /api HTTP/1.1", host: "a"`,
      {
        message: 'limiting requests, excess: 20.250 by zone "api"',
        client: '10.0.0.1',
        request: 'GET /api HTTP/1.1',
      },
    ],
    [
      'CRLF line ending',
      `${REFUSED}, client: 10.0.0.1, server: a, request: "GET / HTTP/1.1", upstream: "http://10.0.1.5:80/", host: "a"\r`,
      { host: 'a' },
    ],
    [
      'syslog prefix',
      `<163>Nov  3 14:02:11 ip-172-31-7-14 nginx: ${REFUSED}, client: 10.0.0.1, server: a, request: "GET / HTTP/1.1", upstream: "http://10.0.1.5:80/", host: "a"`,
      { prefix: '<163>Nov  3 14:02:11 ip-172-31-7-14 nginx: ', errno: 111, host: 'a' },
    ],
    [
      'journald prefix',
      `Nov 03 14:02:11 ip-172-31-7-14 nginx[2817]: ${REFUSED}, client: 10.0.0.1, server: a, request: "GET / HTTP/1.1", upstream: "http://10.0.1.5:80/", host: "a"`,
      { prefix: 'Nov 03 14:02:11 ip-172-31-7-14 nginx[2817]: ', cid: 4512 },
    ],
    [
      'hostile request line that imitates the tail',
      `${REFUSED}, client: 10.0.0.1, server: a, request: "GET /x", host: "evil", upstream: "y HTTP/1.1", upstream: "http://10.0.1.5:80/x", host: "real"`,
      {
        request: 'GET /x", host: "evil", upstream: "y HTTP/1.1',
        host: 'real',
        upstream: { raw: 'http://10.0.1.5:80/x', scheme: 'http', address: '10.0.1.5', port: 80, path: '/x' },
      },
    ],
    [
      'raw non-UTF-8 bytes in the request (decoded as U+FFFD)',
      `${REFUSED}, client: 10.0.0.1, server: a, request: "GET /\uFFFD\uFFFD HTTP/1.1", upstream: "http://10.0.1.5:80/", host: "a"`,
      { request: 'GET /\uFFFD\uFFFD HTTP/1.1' },
    ],
    [
      'stream module keys without a space after the colon are kept',
      `${REFUSED}, client: 10.0.0.1, server: 0.0.0.0:5432, upstream: "10.0.1.9:5432", bytes from/to client:0/0, bytes from/to upstream:0/0`,
      {
        server: '0.0.0.0:5432',
        upstream: { raw: '10.0.1.9:5432', address: '10.0.1.9', port: 5432 },
        fields: {
          client: '10.0.0.1',
          server: '0.0.0.0:5432',
          upstream: '10.0.1.9:5432',
          'bytes from/to client': '0/0',
          'bytes from/to upstream': '0/0',
        },
      },
    ],
    [
      'resolver lines carry a resolver tail instead of the request tail',
      `${T} [error] 9#9: *12 api.internal could not be resolved (3: Host not found) while resolving, resolver: 127.0.0.53:53`,
      {
        message: 'api.internal could not be resolved (3: Host not found)',
        action: 'resolving',
        errno: 3,
        fields: { resolver: '127.0.0.53:53' },
      },
    ],
    [
      'SSL error text in parentheses is not an errno',
      `${T} [error] 9#9: *3 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream, client: 10.0.0.1, server: a, request: "GET / HTTP/1.1", upstream: "https://10.0.1.5:443/", host: "a"`,
      { errno: undefined, phase: 'handshake', syscall: 'SSL_do_handshake()' },
    ],
  ])('%s', (_name, line, want) => {
    const e = entry(line);
    const absent = Object.keys(want).filter((k) => want[k] === undefined);
    const present = Object.fromEntries(Object.entries(want).filter(([, v]) => v !== undefined));
    expect(e).toMatchObject(present);
    // Absent: no value (the entry keeps every key, undefined when absent; JSON leaves those out).
    for (const key of absent) expect(e[key as keyof typeof e]).toBeUndefined();
  });

  it('keeps a multi-line FastCGI entry whole: message, continuation lines and tail', () => {
    const text = [
      `${T} [error] 9#9: *7 FastCGI sent in stderr: "PHP message: PHP Fatal error:  Uncaught Error: Call to undefined function foo() in /var/www/index.php:3`,
      'Stack trace:',
      '#0 {main}',
      '  thrown in /var/www/index.php on line 3" while reading response header from upstream, client: 10.0.0.1, server: wp, request: "GET / HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "wp"',
    ].join('\n');
    const e = entry(text);
    expect(e.continuation).toHaveLength(3);
    expect(e.action).toBe('reading response header from upstream');
    expect(e.phase).toBe('header');
    expect(e.host).toBe('wp');
    expect(e.message.startsWith('FastCGI sent in stderr: "PHP message:')).toBe(true);
    expect(e.message.endsWith('on line 3"')).toBe(true);
  });

  it('marks a line cut at 2048 bytes as truncated and keeps what it has', () => {
    const head = `${T} [error] 9#9: *3 upstream sent too big header while reading response header from upstream, client: 10.0.0.1, server: a, request: "GET /`;
    const line = head + 'a'.repeat(2047 - head.length);
    const e = entry(line);
    expect(e.truncated).toBe(true);
    expect(e.client).toBe('10.0.0.1');
    expect(e.request?.startsWith('GET /aaa')).toBe(true);
    expect(e.message).toBe('upstream sent too big header');
  });

  it('marks a line cut inside the message (no tail at all) as truncated', () => {
    const head = `${T} [error] 9#9: *3 FastCGI sent in stderr: "PHP message: `;
    const e = entry(head + 'x'.repeat(2047 - head.length));
    expect(e.truncated).toBe(true);
    expect(e.client).toBeUndefined();
  });

  it('does not mark a short line without a tail as truncated', () => {
    expect(entry(`${T} [notice] 1#1: start worker processes`).truncated).toBe(false);
  });
});

describe('parseErrorLine: what is not an entry is unparsed with a reason, never thrown', () => {
  it.each([
    ['empty', '', 'empty'],
    ['blank', '   \t', 'empty'],
    ['plain text', 'nginx version: nginx/1.26.3', 'no-timestamp'],
    ['binary junk', '\u0000\u0001\u0002\u0003\uFFFD\uFFFD\u0007garbage', 'binary'],
    ['impossible date', '2026/13/45 25:61:00 [error] 1#1: *1 x', 'bad-timestamp'],
    ['unknown level', '2026/11/03 14:02:11 [invalid] 1#1: *1 x', 'bad-level'],
    ['no pid#tid', '2026/11/03 14:02:11 [error] 1:1 *1 x', 'no-pid'],
    ['no level', '2026/11/03 14:02:11 something else', 'no-level'],
  ])('%s', (_name, line, reason) => {
    expect(parseErrorLine(line)).toEqual({ kind: 'unparsed', reason, raw: line });
  });
});

describe('parseErrorLine: the action is the text after the last ` while `', () => {
  const HEAD = `${T} [error] 1#1: *5 `;
  it.each<[string, string, string, string | undefined]>([
    ['one', 'upstream timed out while reading upstream', 'upstream timed out', 'reading upstream'],
    ['two, the last an action', 'a while b while reading upstream', 'a while b', 'reading upstream'],
    [
      'two, only the first an action',
      'x while reading upstream while 12',
      'x while reading upstream while 12',
      undefined,
    ],
    ['overlapping', 'x while while reading upstream', 'x while', 'reading upstream'],
    ['at the very start', ' while reading upstream', '', 'reading upstream'],
    ['none', 'upstream timed out', 'upstream timed out', undefined],
  ])('%s', (_name, body, message, action) => {
    const e = entry(`${HEAD}${body}, client: 10.0.0.1, server: s`);
    expect([e.message, e.action]).toEqual([message, action]);
  });
});
