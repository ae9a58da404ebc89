import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyLine } from '#shared/classify/classifyLine.ts';
import { toRecord } from '#shared/classify/toRecord.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';

const FULL =
  '2026/11/03 14:02:11 [error] 2817#2818: *4512 connect() failed (111: Connection refused) while connecting to upstream, client: 172.31.7.14, server: api.example.com, request: "GET /v1/orders HTTP/1.1", subrequest: "/auth", upstream: "http://127.0.0.1:8000/v1/orders", host: "api.example.com", referrer: "https://a.example.com/", extra: x';
const CUT =
  '2026/11/03 14:02:11 [error] 1#1: *2 FastCGI sent in stderr: "PHP message: a\nb" while reading response header from upstream, client: 1.2.3.4, server: s, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php.sock:", host: "h", referrer: "http://r/x';

function recordOf(line: string, n = 1): Record<string, unknown> {
  return JSON.parse(JSON.stringify(toRecord(classifyLine(parseErrorLine(line)), n, 'error.log')));
}

describe('classify --format ndjson records', () => {
  it('carry every header field the parser reads', () => {
    expect(recordOf(FULL)).toMatchObject({
      level: 'error',
      time: '2026-11-03T14:02:11',
      pid: 2817,
      tid: 2818,
      cid: 4512,
      errno: 111,
      errnoName: 'ECONNREFUSED',
    });
  });

  it("match the README's field list", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const list = /ndjson` \(one record per entry: ([^;]*);/.exec(readme)?.[1];
    expect(list, 'the field list in README.md').toBeDefined();
    const documented = [...(list ?? '').matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]!);
    const keys = new Set([
      ...Object.keys(recordOf(FULL)),
      ...Object.keys(recordOf(CUT)),
      ...Object.keys(recordOf('junk')),
    ]);
    expect([...keys].sort()).toEqual([...documented].sort());
  });
});
