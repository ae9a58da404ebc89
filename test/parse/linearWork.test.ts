import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyLine } from '#shared/classify/classifyLine.ts';
import { EntryAssembler } from '#shared/parse/EntryAssembler.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';
import { countWork } from './workCounter.ts';

/**
 * Linear-time parsing, checked without a clock: the work (characters examined by string and regex
 * built-ins, see `countWork`) on a line whose repeated part is grown 100x must grow about 100x.
 * A quadratic step grows 10 000x. The bound is generous (x150) and the base lines are long enough
 * (tens of repeats) that fixed costs do not hide a square.
 */
const GROWTH = 100;
const MAX_RATIO = 150;

const HEAD = '2026/11/03 14:02:11 [error] 2817#2817: *4512 ';
const TAIL =
  ', client: 10.0.0.1, server: api.example.com, request: "GET /v1/x HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/x", host: "api.example.com"';

/** The shapes the issue measured and their relatives: a unit repeated inside a line. */
const SHAPES: readonly { name: string; before: string; unit: string; after: string }[] = [
  { name: 'many `, client: ` in the message', before: `${HEAD}x`, unit: ', client: a', after: '' },
  { name: 'many `, client: ` before a real tail', before: `${HEAD}x`, unit: ', client: a', after: TAIL },
  {
    name: 'decoded URI with `, key: "` in the request',
    before: `${HEAD}upstream timed out (110: Connection timed out) while reading response header from upstream, client: 1.2.3.4, server: s, request: "GET /`,
    unit: ', k: "',
    after: ' HTTP/1.1", host: "h"',
  },
  { name: 'quotes and commas', before: `${HEAD}x${TAIL.slice(0, 60)}`, unit: '", ', after: '"' },
  {
    name: 'FastCGI `Access to the script`',
    before: `${HEAD}FastCGI sent in stderr: "`,
    unit: 'Access to the script ',
    after: `"${TAIL}`,
  },
  {
    name: 'FastCGI PHP text',
    before: `${HEAD}FastCGI sent in stderr: "PHP message: `,
    unit: 'PHP Warning:  x() in /a.php on line 1 ',
    after: `" while reading response header from upstream${TAIL}`,
  },
  { name: 'errno-like parentheses', before: `${HEAD}upstream timed out `, unit: '(1: ', after: TAIL },
  {
    name: '` while ` repeated',
    before: `${HEAD}upstream prematurely closed connection`,
    unit: ' while reading',
    after: TAIL,
  },
  {
    name: 'no tail at all',
    before: `${HEAD}connect() failed (111: Connection refused) `,
    unit: 'abc, ',
    after: '',
  },
  {
    name: 'resolver tails',
    before: `${HEAD}recv() failed (111: Connection refused)`,
    unit: ', resolver: 1',
    after: ' while resolving, resolver: 127.0.0.53:53',
  },
  {
    name: 'stderr quote left open',
    before: `${HEAD}FastCGI sent in stderr: "`,
    unit: '" while a',
    after: '',
  },
  {
    name: "nginx's stderr form",
    before: 'Nov 03 06:00:01 web1 nginx[1190]: nginx: [emerg] ',
    unit: 'bind() to 0.0.0.0:80 failed, ',
    after: '(98: Address already in use)',
  },
  {
    name: 'unit of literals the catalogue looks for',
    before: HEAD,
    unit: 'connect() failed upstream timed out no live upstreams ',
    after: TAIL,
  },
];

function workOn(line: string): number {
  return countWork(() => {
    const entries: string[] = [];
    const assembler = new EntryAssembler((text) => entries.push(text));
    assembler.push(line);
    assembler.end();
    for (const text of entries) classifyLine(parseErrorLine(text));
  });
}

function ratio(before: string, unit: string, after: string, repeats: number): number {
  const base = workOn(before + unit.repeat(repeats) + after);
  const grown = workOn(before + unit.repeat(repeats * GROWTH) + after);
  return grown / base;
}

describe('parse and classify work grows linearly with the line', () => {
  it.each(SHAPES)('$name', ({ before, unit, after }) => {
    expect(ratio(before, unit, after, 30)).toBeLessThan(MAX_RATIO);
  });

  it('random units at random places of real lines', () => {
    const line = `${HEAD}connect() failed (111: Connection refused) while connecting to upstream${TAIL}`;
    fc.assert(
      fc.property(
        fc.nat({ max: line.length }),
        fc.oneof(
          fc.constantFrom(
            ', ',
            '"',
            ', client: ',
            ', host: "',
            ' while ',
            '(',
            ': ',
            '\\',
            'FastCGI sent in stderr: "',
          ),
          fc.string({ minLength: 1, maxLength: 12 }),
        ),
        (at, unit) => {
          expect(ratio(line.slice(0, at), unit, line.slice(at), 20)).toBeLessThan(MAX_RATIO);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('sees a quadratic step (the counter is not blind)', () => {
    const quadratic = (s: string) => {
      for (let i = s.indexOf('a'); i !== -1; i = s.indexOf('a', i + 1)) s.indexOf('z', i);
    };
    const base = countWork(() => quadratic('a'.repeat(30)));
    const grown = countWork(() => quadratic('a'.repeat(30 * GROWTH)));
    expect(grown / base).toBeGreaterThan(MAX_RATIO * 10);
  });
});
