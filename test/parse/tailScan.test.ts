import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIGNATURES } from '#shared/catalogue/index.ts';
import { lastTailValue, parseTail, type Tail, tailStart } from '#shared/parse/parseTail.ts';
import { CorpusGenerator } from '../../bench/corpus.ts';
import { entriesOf, logFiles } from '../support/logEntries.ts';

/**
 * The tail scan (parseTail / tailStart / lastTailValue) against the scan it replaced, kept here as
 * the reference: the same right-to-left acceptance, with each value's "no quote, no `, `" check
 * asked of `lastIndexOf` on the text instead of the next quote and `, ` found from the left.
 */
const KEYS = ['resolver', 'client', 'server', 'request', 'subrequest', 'upstream', 'host', 'referrer'];
const RANK = [0, 0, 1, 2, 3, 4, 5, 6];
const QUOTED = [false, false, false, true, true, true, true, true];

function referenceScan(text: string, firstKey: 'client' | 'resolver'): Tail | undefined {
  const marker = `, ${firstKey}: `;
  const first = text.indexOf(marker);
  if (first === -1) return undefined;
  const cands: { pos: number; known: number; colon: number; vs: number }[] = [];
  for (let i = first; i !== -1; i = text.indexOf(', ', i + 2)) {
    const colon = referenceKeyEnd(text, i + 2);
    if (colon === -1) continue;
    const known = KEYS.indexOf(text.slice(i + 2, colon));
    cands.push({ pos: i, known, colon, vs: text[colon + 1] === ' ' ? colon + 2 : colon + 1 });
  }
  const plain = (from: number, to: number) =>
    (to === 0 ? -1 : text.lastIndexOf('"', to - 1)) < from &&
    (to < 2 ? -1 : text.lastIndexOf(', ', to - 2)) < from;
  const accepted: { key: string; from: number; to: number }[] = [];
  let end = text.length;
  let lastRank = Number.POSITIVE_INFINITY;
  let truncated = false;
  let best: Tail | undefined;
  for (const { pos, known, colon, vs } of cands.reverse()) {
    const rank = known === -1 ? undefined : RANK[known]!;
    const atEnd = end === text.length;
    const quotedWhole = end - vs >= 2 && text[vs] === '"' && text[end - 1] === '"';
    let value: [number, number, boolean] | undefined;
    if (rank !== undefined && rank >= lastRank) value = undefined;
    else if (rank !== undefined && QUOTED[known]) {
      if (quotedWhole) value = [vs + 1, end - 1, false];
      else if (atEnd && text[vs] === '"') value = [vs + 1, end, true];
    } else if (atEnd && quotedWhole && rank === undefined) value = [vs + 1, end - 1, false];
    else if (plain(vs, end)) value = [vs, end, false];
    if (value === undefined) continue;
    accepted.push({ key: text.slice(pos + 2, colon), from: value[0], to: value[1] });
    end = pos;
    if (value[2]) truncated = true;
    if (rank !== undefined) lastRank = rank;
    if (known === KEYS.indexOf(firstKey) && vs === pos + marker.length) {
      const fields: Record<string, string> = {};
      for (const a of [...accepted].reverse())
        if (!(a.key in fields)) fields[a.key] = text.slice(a.from, a.to);
      best = { start: pos, fields, truncated };
    }
  }
  return best;
}

const KEY = /[a-z][a-z_/]*(?: [a-z][a-z_/]*){0,2}:/y;

function referenceKeyEnd(text: string, p: number): number {
  KEY.lastIndex = p;
  return KEY.test(text) ? KEY.lastIndex - 1 : -1;
}

function referenceTail(body: string): Tail | undefined {
  return (
    referenceScan(body, 'client') ??
    (body.includes(', resolver: ') ? referenceScan(body, 'resolver') : undefined)
  );
}

/** The scan's answers for a body, through each of its three entry points. */
function differences(bodies: readonly string[]): unknown[] {
  const out: unknown[] = [];
  for (const body of bodies) {
    const expected = referenceTail(body);
    const start = tailStart(body);
    const upstream = lastTailValue(body, 'upstream');
    const host = lastTailValue(body, 'host');
    const tail = parseTail(body);
    const same =
      JSON.stringify(tail) === JSON.stringify(expected) &&
      start === (expected?.start ?? -1) &&
      upstream === expected?.fields.upstream &&
      host === expected?.fields.host;
    if (!same && out.length < 5) out.push({ body, expected, tail, start, upstream, host });
  }
  return out;
}

const ROOT = join(import.meta.dirname, '../..');

/** The body of an entry (after `pid#tid: *cid `), or the whole text when it has no nginx head. */
function bodyOf(entry: string): string {
  const m = /^\S+ \S+ \[[a-z]+\] \d+#\d+: (?:\*\d+ )?/.exec(entry);
  return m ? entry.slice(m[0].length) : entry;
}

const examples = logFiles(join(ROOT, 'examples')).flatMap((f) => entriesOf(readFileSync(f, 'utf8')));
const signatureLines = SIGNATURES.flatMap((s) => s.examples);
const gen = new CorpusGenerator(11, 3);
const corpus = entriesOf(
  `${Array.from({ length: 20_000 }, (_, i) => gen.next(gen.instances[i % 3]!).text).join('\n')}\n`,
);
const REAL = [...examples, ...signatureLines, ...corpus].map(bodyOf);

/** Pieces that make tail boundaries ambiguous: markers, keys, quotes and `, ` inside values. */
const PIECES = [
  ', client: ',
  ', client: 1.2.3.4',
  ', server: ',
  ', request: "',
  ', subrequest: "/x"',
  ', upstream: "',
  ', host: "h"',
  ', referrer: "',
  ', resolver: ',
  ', custom key: "v"',
  ', k: v',
  ', ',
  '"',
  '", ',
  ':',
  ' ',
  'a',
];

describe('the tail scan finds what the lastIndexOf scan it replaced found', () => {
  it('on every example, signature example and generated corpus entry', () => {
    expect(REAL.length).toBeGreaterThan(20_000);
    expect(differences(REAL)).toEqual([]);
  });

  it('on those bodies with pieces spliced in or cut', () => {
    const body = fc.constantFrom(...REAL);
    const edit = fc.tuple(fc.nat(), fc.constantFrom(...PIECES));
    fc.assert(
      fc.property(body, fc.array(edit, { minLength: 1, maxLength: 4 }), fc.nat(), (b, edits, cut) => {
        let text = b;
        for (const [at, piece] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + piece + text.slice(i);
        }
        expect(differences([text, text.slice(0, cut % (text.length + 1))])).toEqual([]);
      }),
      { numRuns: 20_000 },
    );
  });

  it('on bodies made only of those pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 20 }), (pieces) => {
        expect(differences([`x${pieces.join('')}`, pieces.join('')])).toEqual([]);
      }),
      { numRuns: 20_000 },
    );
  });
});
