import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SIGNATURES } from '#shared/catalogue/index.ts';
import { MAX_PATTERN_SCAN } from '#shared/catalogue/signatures/cappedPattern.ts';
import { regexShapeProblems } from './regexShape.ts';

const PATTERNS = SIGNATURES.flatMap((s) => (s.pattern ? [[s.id, s.pattern] as const] : []));

describe('catalogue patterns have linear shapes', () => {
  it.each([
    ['Access to the script .* has been denied', 'unanchored'],
    ['^(a+)+$', 'nested'],
    ['^(?:\\w+\\s?)*$', 'nested'],
    ['^\\d+\\d*x', 'adjacent'],
    ['^.*(?:, )?.*$', 'adjacent'],
    ['^a|b+c', 'unanchored'],
  ])('the checker rejects %s (%s)', (source, kind) => {
    expect(regexShapeProblems(source).map((p) => p.kind)).toContain(kind);
  });

  it.each([
    '^(?:recv|send)\\(\\) failed',
    'Primary script unknown',
    "Access to the script '[^'\\n]{1,1024}' has been denied",
    '^[a-z ]*process \\d+ exited on signal \\d+',
    '^nginx\\/\\d+\\.\\d+\\.\\d+(?: \\(.*\\))?$',
  ])('the checker accepts %s', (source) => {
    expect(regexShapeProblems(source)).toEqual([]);
  });

  it.each(PATTERNS)('%s', (_id, pattern) => {
    expect(regexShapeProblems(pattern.source), pattern.source).toEqual([]);
  });

  it('caps the text every pattern scans', () => {
    const long = `${'x'.repeat(MAX_PATTERN_SCAN)}Primary script unknown`;
    const sig = SIGNATURES.find((s) => s.id === 'fastcgi.stderr-primary-script-unknown')!;
    expect(sig.pattern!.test(long)).toBe(false);
    expect(sig.pattern!.test(long.slice(MAX_PATTERN_SCAN - 10))).toBe(true);
    for (const [id, pattern] of PATTERNS) {
      expect(pattern.test(`${'x'.repeat(MAX_PATTERN_SCAN)}`), id).toBe(false);
    }
  });
});

/** Regex literals in the parser's sources (after `=`, `(`, `!`, `,` or `return`). */
const PARSE_DIR = new URL('../../shared/parse/', import.meta.url);
const PARSER_PATTERNS = readdirSync(PARSE_DIR)
  .filter((f) => f.endsWith('.ts'))
  .flatMap((file) =>
    [
      ...readFileSync(new URL(file, PARSE_DIR), 'utf8').matchAll(
        /(?<=(?:[=(!,]|return)\s?)\/(?![/*])((?:\\.|\[(?:\\.|[^\]\\])*\]|[^/\n\\[])+)\/([dgimsuy]*)/g,
      ),
    ].map((m) => [`${file}: /${m[1]}/${m[2]}`, m[1]!, m[2]!] as const),
  );

describe('parser patterns have linear shapes', () => {
  it('finds the regex literals of shared/parse', () => {
    expect(PARSER_PATTERNS.length).toBeGreaterThanOrEqual(10);
  });

  it.each(PARSER_PATTERNS)('%s', (_name, source, flags) => {
    expect(() => new RegExp(source, flags)).not.toThrow();
    expect(regexShapeProblems(source, flags.includes('y'))).toEqual([]);
  });
});
