import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIGNATURES } from '#shared/catalogue/index.ts';
import { CauseTally } from '#shared/classify/CauseTally.ts';
import { classifyLine, classifyText, verdictOfText } from '#shared/classify/classifyLine.ts';
import { toRecord } from '#shared/classify/toRecord.ts';
import type { ClassifiedLine } from '#shared/model/index.ts';
import { isoTime, parseErrorLine, readPlainHead } from '#shared/parse/parseErrorLine.ts';
import { CorpusGenerator } from '../../bench/corpus.ts';
import { NGINX_MESSAGES } from '../catalogue/nginxMessages.ts';
import { entriesOf, logFiles } from '../support/logEntries.ts';

/**
 * The lazy path (`classifyText`: verdict from the raw text, entry built when read) against the full
 * path (`classifyLine(parseErrorLine(text))`) on every example and test corpus line, each also in
 * the rarer shapes the lazy path hands to the full parser (`\r`, a syslog prefix) and cut short.
 */
const ROOT = join(import.meta.dirname, '../..');
const PEER_CORPUS = join(ROOT, '../shared/reference/peer-corpus');

/** A catalogue message rendered as nginx writes it: bare, with an action and a tail, over a socket. */
function rendered(): string[] {
  const head = '2026/11/03 12:00:07 [LEVEL] 4100#4100: ';
  return NGINX_MESSAGES.flatMap((m) => {
    const h = head.replace('LEVEL', m.level);
    const action = m.action ? ` while ${m.action}` : '';
    if (m.bare) return [`${h}${m.sample}${m.tail ?? ''}`];
    return [
      `${h}*1007 ${m.sample}${action}, client: 10.0.0.5, server: api.example.com, ` +
        `request: "GET /v1/x HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/x", host: "api.example.com"`,
      `${h}*1008 ${m.sample}${action}, client: 10.0.0.5, server: _, request: "POST /i.php HTTP/2.0", ` +
        `upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "a.example", referrer: "https://a.example/"`,
      `${h}*1009 ${m.sample}${action}`,
    ];
  });
}

/** Entries of the benchmark's generated fleet: every template, cut lines, junk, multi-line traces. */
function generated(count: number): string[] {
  const gen = new CorpusGenerator(7, 3);
  const text: string[] = [];
  for (let i = 0; i < count; i++) text.push(gen.next(gen.instances[i % 3]!).text);
  return entriesOf(`${text.join('\n')}\n`);
}

/** The same entry in the shapes the lazy path leaves to the full parser, and cut where nginx cuts. */
function variants(line: string): string[] {
  const firstBreak = line.indexOf('\n');
  return [
    line,
    `${line}\r`,
    firstBreak === -1 ? `<13>Nov  3 14:02:11 web-1 nginx: ${line}` : line,
    line.slice(0, Math.floor(line.length * 0.6)),
    line.slice(0, Math.floor(line.length * 0.9)),
  ];
}

/** Pieces that move the message's bounds, the action, the errno or the upstream when spliced in. */
const SPLICES = [
  ', client: ',
  ', client: 10.0.0.9, server: x',
  ', upstream: "unix:/run/a.sock:"',
  ', host: "',
  '"',
  ' while ',
  ' while reading upstream',
  ' while connecting to upstream',
  '(111: Connection refused)',
  '(61: Connection refused)',
  'unix:',
  '\n',
  '\r',
  ', resolver: 10.0.0.2',
  'upstream timed out',
  'connect() failed',
];

/** Seeded splices of those pieces into real lines (a linear congruential generator: the same every run). */
function mutated(lines: readonly string[], count: number): string[] {
  let seed = 20261206;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let line = lines[next(lines.length)]!;
    for (let k = 1 + next(3); k > 0; k--) {
      const at = next(line.length + 1);
      line = line.slice(0, at) + SPLICES[next(SPLICES.length)]! + line.slice(at);
    }
    out.push(line);
  }
  return out;
}

const view = (c: ClassifiedLine) => ({
  cause: c.cause,
  signature: c.signature,
  status: c.status,
  severity: c.severity,
  group: c.group,
  raw: c.raw,
  time: c.time,
  upstreamRaw: c.upstreamRaw,
  host: c.host,
});

/** Lines where the two paths differ, the first few with both results. */
function mismatches(lines: readonly string[]): unknown[] {
  const out: unknown[] = [];
  for (const line of lines) {
    for (const text of variants(line)) {
      const full = classifyLine(parseErrorLine(text));
      const lazy = classifyText(text);
      const sameVerdict = JSON.stringify(view(lazy)) === JSON.stringify(view(full));
      const sameEntry = JSON.stringify(lazy.entry) === JSON.stringify(full.entry);
      const sameRecord = JSON.stringify(toRecord(lazy, 3, 'f')) === JSON.stringify(toRecord(full, 3, 'f'));
      // The verdict alone (what counting reads): the common shape only, with the same verdict and time.
      const verdict = verdictOfText(text);
      const sameVerdictOnly =
        verdict === undefined
          ? readPlainHead(text) === undefined
          : readPlainHead(text) !== undefined &&
            JSON.stringify(verdict) ===
              JSON.stringify({
                cause: full.cause,
                signature: full.signature,
                status: full.status,
                severity: full.severity,
                group: full.group,
              }) &&
            isoTime(text, 0) === full.time;
      if (!(sameVerdict && sameEntry && sameRecord && sameVerdictOnly) && out.length < 5)
        out.push({ text, lazy: view(lazy), full: view(full), sameEntry, sameRecord, verdict });
    }
  }
  return out;
}

const examples = logFiles(join(ROOT, 'examples')).flatMap((f) => entriesOf(readFileSync(f, 'utf8')));

describe('classifyText (lazy) gives what classifyLine(parseErrorLine()) gives', () => {
  it('on every entry of the examples', () => {
    expect(examples.length).toBeGreaterThan(500);
    expect(mismatches(examples)).toEqual([]);
  });

  it("on every catalogue signature's example lines", () => {
    const lines = SIGNATURES.flatMap((s) => s.examples);
    expect(lines.length).toBeGreaterThan(100);
    expect(mismatches(lines)).toEqual([]);
  });

  it('on every message of the nginx source table, bare, with tails and over a socket', () => {
    expect(mismatches(rendered())).toEqual([]);
  });

  it("on the benchmark corpus's generated entries", () => {
    const lines = generated(4_000);
    expect(lines.length).toBeGreaterThan(3_000);
    expect(mismatches(lines)).toEqual([]);
  });

  it('on real lines with tail markers, quotes, actions, errnos and sockets spliced in', () => {
    expect(mismatches(mutated([...examples, ...SIGNATURES.flatMap((s) => s.examples)], 3000))).toEqual([]);
  });

  it('on junk, empty, prefixed, stderr-form and BSD-errno lines', () => {
    const lines = [
      '',
      ' ',
      'not a log line',
      '\u0000\u0001\u0002binary',
      '2026/13/40 99:99:99 [error] 1#1: bad time',
      '2026/11/03 12:00:00 [loud] 1#1: bad level',
      '2026/11/03 12:00:00 [error] no pid',
      '1969/12/31 23:59:59 [error] 1#1: *5 connect() failed (111: Connection refused)',
      '2026/00/03 12:00:00 [error] 1#1: month 0',
      '2026/11/03 24:00:00 [error] 1#1: hour 24',
      '2026/11/03 23:59:60 [warn] 1#1: leap second',
      '2026/11/03 12:00:00 [error] 1#1: *x not a cid',
      '2026/11/03 12:00:00 [error] 1#1: * alone',
      '2026/11/03 12:00:00 [error] 1#1: *12',
      '2026/11/03 12:00:00 [error] 1#1:*5 no space',
      '2026/11/03 12:00:00 [emerg] 1#1: emerg',
      '2026/11/03 12:00:00 [error] #1: no pid digits',
      '2026/11/03 12:00:00 [crit] 12345678901234567890#1: big pid',
      'nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)',
      '2026-11-03T12:00:00+00:00 web-1 nginx[812]: nginx: [emerg] open() "/run/nginx.pid" failed (13: Permission denied)',
      'nginx: configuration file /etc/nginx/nginx.conf test failed',
      '2026/11/03 12:00:00 [error] 1#1: *5 connect() failed (61: Connection refused) while connecting to upstream, client: 1.2.3.4, server: x, request: "GET / HTTP/1.1", upstream: "http://10.0.0.1:80/", host: "x"',
      '2026/11/03 12:00:00 [error] 1#1: *5 connect() failed (111: Connection refused) while connecting to upstream, client: 1.2.3.4, server: x, request: "GET / HTTP/1.1", upstream: "http://[::1]:80/", host: "x"',
      '2026/11/03 12:00:00 [error] 1#1: *5 open() "/srv/\u00e9t\u00e9/\ud83d\ude00\ud800.png" failed (2: No such file or directory), client: 1.2.3.4, server: x, request: "GET /\u2028\t\\ HTTP/1.1", host: "x", custom: "y\u0001"',
      '2026/11/03 12:00:00 [error] 1#1: *5 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 1.2.3.4, server: x, request: "GET /?a=, client: 9.9.9.9 HTTP/1.1", upstream: "http://10.0.0.1:80/?a=, client: 9.9.9.9", host: "x, referrer: \\"y\\""',
    ];
    expect(mismatches(lines)).toEqual([]);
  });

  it('counts the same with CauseTally.addText as with add(classifyLine(parseErrorLine()))', () => {
    const lines = [...examples, ...generated(3_000), ...mutated(examples, 1000)].flatMap(variants);
    const byText = new CauseTally();
    const byEntry = new CauseTally();
    for (const line of lines) {
      byText.addText(line);
      byEntry.add(classifyLine(parseErrorLine(line)));
    }
    expect(byText.total).toBe(lines.length);
    expect(JSON.stringify(byText.rows())).toBe(JSON.stringify(byEntry.rows()));
  });

  it('builds the entry only when it is read, and once', () => {
    const line = examples.find((l) => classifyLine(parseErrorLine(l)).status === 502)!;
    const lazy = classifyText(line);
    expect(Object.keys(lazy)).not.toContain('entry');
    expect(lazy.entry).toBe(lazy.entry);
    expect(lazy.entry).toEqual(parseErrorLine(line));
  });
});

describe('peer corpus (../shared/reference/peer-corpus)', () => {
  const present = existsSync(PEER_CORPUS);
  if (!present && process.env.CI !== 'true') {
    it.skip(`skipped: ${PEER_CORPUS} is absent (it is read from ../shared, never copied; CI=true requires it)`, () => {});
    return;
  }
  it('is present', () => {
    expect(present).toBe(true);
  });
  const folders = present
    ? readdirSync(PEER_CORPUS).filter((f) => existsSync(join(PEER_CORPUS, f, 'error.log')))
    : [];
  it.each(folders)('%s: every entry classifies the same lazily', (folder) => {
    const lines = entriesOf(readFileSync(join(PEER_CORPUS, folder, 'error.log'), 'utf8'));
    expect(lines.length).toBeGreaterThan(0);
    expect(mismatches(lines)).toEqual([]);
  });
});
