import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The core must stay pure: time comes from events, state through ports, nothing from the host. */
const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url));
const FORBIDDEN: [string, RegExp][] = [
  ['an AWS SDK import', /from\s+['"]@aws-sdk\/|import\(\s*['"]@aws-sdk\/|require\(\s*['"]@aws-sdk\//],
  ['process.env', /\bprocess\s*\.\s*env\b|\bprocess\s*\[\s*['"]env['"]\s*\]/],
  ['the wall clock (Date.now)', /\bDate\s*\.\s*now\s*\(/],
  ['the wall clock (new Date() without arguments)', /\bnew\s+Date\s*\(\s*\)/],
  ['randomness', /\bMath\s*\.\s*random\s*\(|\bcrypto\s*\.\s*(?:randomUUID|getRandomValues)\s*\(/],
  ['timers', /\b(?:setTimeout|setInterval|performance\s*\.\s*now)\s*\(/],
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/** Comments may talk about what the code must not do; strip them before looking. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

describe('shared/ is a pure core', () => {
  const files = sources(SHARED);

  it('has sources to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('uses no AWS SDK, environment, wall clock, randomness or timers', () => {
    const offences: string[] = [];
    for (const file of files) {
      const text = code(readFileSync(file, 'utf8'));
      for (const [what, pattern] of FORBIDDEN)
        if (pattern.test(text)) offences.push(`${relative(SHARED, file)}: ${what}`);
    }
    expect(offences).toEqual([]);
  });

  it.each(FORBIDDEN)('would catch %s', (_what, pattern) => {
    const samples = [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      'const t = process.env.TABLE;',
      'const now = Date.now();',
      'const d = new Date();',
      'const r = Math.random();',
      'setTimeout(() => {}, 1);',
    ];
    expect(samples.some((s) => pattern.test(code(s)))).toBe(true);
  });
});
