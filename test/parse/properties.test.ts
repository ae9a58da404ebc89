import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyLine } from '#shared/classify/classifyLine.ts';
import { CAUSE_IDS, UNPARSED_REASONS } from '#shared/model/index.ts';
import { EntryAssembler } from '#shared/parse/EntryAssembler.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';

const REAL = [
  '2026/11/03 14:02:11 [error] 2817#2817: *4512 connect() failed (111: Connection refused) while connecting to upstream, client: 172.31.7.14, server: api.example.com, request: "GET /v1/orders HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/orders", host: "api.example.com"',
  '2026/11/03 14:02:11 [crit] 9#9: *3 connect() to unix:/run/php/php8.2-fpm.sock failed (13: Permission denied) while connecting to upstream, client: 10.0.0.1, server: wp, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "wp", referrer: "http://wp/"',
  '2026/11/03 14:02:11 [notice] 1#1: signal 1 (SIGHUP) received from 4242, reconfiguring',
  '2026/11/03 14:02:11 [error] 5#5: *9 limiting requests, excess: 20.250 by zone "api", client: 10.0.0.1, server: a, request: "GET /api HTTP/1.1", host: "a"',
  '2026/11/03 14:02:11 [error] 9#9: *7 FastCGI sent in stderr: "PHP message: boom\nStack trace:\n#0 {main}" while reading response header from upstream, client: 2001:db8::1, server: wp, request: "GET / HTTP/1.1", upstream: "fastcgi://[::1]:9000", host: "wp"',
];
const CAUSES = new Set<string>(CAUSE_IDS);

/** Every input comes out as a classified entry or as `unparsed`, with a known cause; nothing throws. */
function checkTotal(text: string): void {
  const parsed = parseErrorLine(text);
  // Nothing is dropped: the line is kept whole (but a CR before a line end) however it parsed.
  expect(parsed.raw).toBe(text.replace(/\r(?=\n|$)/g, ''));
  if (parsed.kind === 'unparsed') expect(UNPARSED_REASONS).toContain(parsed.reason);
  const c = classifyLine(parsed);
  expect(CAUSES.has(c.cause)).toBe(true);
  expect(c.status === null || (Number.isInteger(c.status) && c.status >= 100 && c.status < 600)).toBe(true);
  if (parsed.kind === 'unparsed') expect(c.cause).toBe('unparsed');
}

/** Applies a random edit to a real line: cut, insert, delete, duplicate a span. */
const mutated = fc
  .tuple(
    fc.constantFrom(...REAL),
    fc.nat(),
    fc.nat(),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.integer({ min: 0, max: 3 }),
  )
  .map(([line, a, b, junk, op]) => {
    const i = a % (line.length + 1);
    const j = i + (b % (line.length - i + 1));
    if (op === 0) return line.slice(0, i);
    if (op === 1) return line.slice(0, i) + junk + line.slice(i);
    if (op === 2) return line.slice(0, i) + line.slice(j);
    return line.slice(0, j) + line.slice(i);
  });

describe('parser and classifier never throw and never lose an input', () => {
  it('random strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), checkTotal), { numRuns: 2000 });
  });

  it('random bytes decoded as UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) =>
        checkTotal(Buffer.from(bytes).toString('utf8')),
      ),
      { numRuns: 1000 },
    );
  });

  it('mutations of real lines', () => {
    fc.assert(fc.property(mutated, checkTotal), { numRuns: 3000 });
  });

  it('a timestamp and level in front of random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (rest) =>
        checkTotal(`2026/11/03 14:02:11 [error] 1#1: *1 ${rest}`),
      ),
      { numRuns: 2000 },
    );
  });

  it('the assembler emits every physical line exactly once, in order', () => {
    const lines = fc.array(
      fc.oneof(fc.constantFrom(...REAL.flatMap((l) => l.split('\n'))), fc.string({ maxLength: 50 })),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(lines, (input) => {
        const out: string[] = [];
        const a = new EntryAssembler((text) => out.push(...text.split('\n')));
        for (const l of input) a.push(l.replace(/\n/g, ' '));
        a.end();
        expect(out).toEqual(input.map((l) => l.replace(/\n/g, ' ')));
      }),
      { numRuns: 1000 },
    );
  });
});
