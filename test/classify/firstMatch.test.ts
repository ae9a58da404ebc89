import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIGNATURES } from '#shared/catalogue/index.ts';
import { classifyLine, classifyText } from '#shared/classify/classifyLine.ts';
import type { ErrorLogEntry } from '#shared/model/index.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';
import { CorpusGenerator } from '../../bench/corpus.ts';
import { entriesOf, logFiles } from '../support/logEntries.ts';

/**
 * The classifier's signature choice (a literal scan picks the candidates, then the filters; the lazy
 * path may answer from its verdict cache) against its definition: the first signature of the
 * catalogue, in order, whose literal occurs in the message (`includes`) and whose filters all pass.
 * Both lazy and parsed paths, on every example, signature example and generated corpus entry, and on
 * messages made of the catalogue's literals.
 */
function firstMatch(entry: ErrorLogEntry): string {
  const sig = SIGNATURES.find(
    (s) =>
      entry.message.includes(s.contains) &&
      (s.levels === undefined || s.levels.includes(entry.level)) &&
      (s.errno === undefined || (entry.errnoName !== undefined && s.errno.includes(entry.errnoName))) &&
      (s.phases === undefined || s.phases.includes(entry.phase)) &&
      (s.unixSocket === undefined ||
        (entry.upstream?.socketPath !== undefined || entry.message.includes('unix:')) === s.unixSocket) &&
      (s.pattern === undefined || s.pattern.test(entry.message)),
  );
  return sig?.id ?? 'default.other';
}

function differences(lines: readonly string[]): unknown[] {
  const out: unknown[] = [];
  for (const line of lines) {
    const parsed = parseErrorLine(line);
    if (parsed.kind !== 'entry') continue;
    const expected = firstMatch(parsed);
    const full = classifyLine(parsed).signature;
    const lazy = classifyText(line).signature;
    if ((full !== expected || lazy !== expected) && out.length < 5) out.push({ line, expected, full, lazy });
  }
  return out;
}

const ROOT = join(import.meta.dirname, '../..');
const examples = logFiles(join(ROOT, 'examples')).flatMap((f) => entriesOf(readFileSync(f, 'utf8')));
const gen = new CorpusGenerator(5, 3);
const corpus = entriesOf(
  `${Array.from({ length: 10_000 }, (_, i) => gen.next(gen.instances[i % 3]!).text).join('\n')}\n`,
);
const LITERALS = [...new Set(SIGNATURES.map((s) => s.contains))];

describe('the classifier picks the first signature that matches, as a linear search would', () => {
  it('on every example, signature example and generated corpus entry (twice: the second time from its cache)', () => {
    const lines = [...examples, ...SIGNATURES.flatMap((s) => s.examples), ...corpus];
    expect(lines.length).toBeGreaterThan(10_000);
    expect(differences(lines)).toEqual([]);
    expect(differences(lines)).toEqual([]);
  });

  it('whatever the verdict cache holds for the same message: other level, phase or upstream socket', () => {
    const message = 'connect() to 127.0.0.1:8080 failed (13: Permission denied)';
    const line = (level: string, action: string, upstream: string) =>
      `2026/11/03 10:00:07 [${level}] 1#1: *5 ${message}${action}, client: 192.0.2.44, server: s, ` +
      `request: "GET / HTTP/1.1", upstream: "${upstream}", host: "h"`;
    const lines = [];
    for (const level of ['crit', 'error', 'info'])
      for (const action of ['', ' while connecting to upstream', ' while reading upstream'])
        for (const upstream of ['http://127.0.0.1:8080/', 'http://unix:/run/app.sock:/'])
          lines.push(line(level, action, upstream));
    // Each order, each line several times in a row and interleaved.
    const all = [...lines, ...lines.reverse(), ...lines.flatMap((l) => [l, l, l])];
    expect(new Set(all.map((l) => classifyText(l).signature)).size).toBeGreaterThan(1);
    expect(differences(all)).toEqual([]);
  });

  it('on messages made of overlapping pieces of the literals, in every level and phase', () => {
    let seed = 16;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const levels = ['debug', 'info', 'notice', 'warn', 'error', 'crit', 'alert', 'emerg'];
    const actions = [
      '',
      ' while connecting to upstream',
      ' while reading upstream',
      ' while sending to client',
    ];
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      let message = '';
      for (let k = 1 + next(4); k > 0; k--) {
        const lit = LITERALS[next(LITERALS.length)]!;
        // A literal whole, or its head or tail (near misses that leave the automaton mid-way).
        const cut = next(lit.length + 1);
        message += next(3) === 0 ? lit.slice(0, cut) : next(2) === 0 ? lit.slice(cut) : lit;
        if (next(2) === 0)
          message += [' ', ' (111: Connection refused) ', ' (2: No such file or directory)', 'unix:'][
            next(4)
          ];
      }
      const tail =
        next(2) === 0
          ? ''
          : `, client: 1.2.3.4, server: s, request: "GET / HTTP/1.1", upstream: "${next(2) === 0 ? 'http://10.0.0.1:80/' : 'http://unix:/run/a.sock:/'}", host: "h"`;
      lines.push(`2026/11/03 12:00:00 [${levels[next(8)]}] 1#1: *1 ${message}${actions[next(4)]}${tail}`);
    }
    expect(differences(lines)).toEqual([]);
  });
});
