import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url);
const importsOf = (text: string) =>
  [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
const filesUnder = (dir: string) =>
  readdirSync(new URL(dir, ROOT), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `${dir}${f}`);

/*
 * One contract between the stack and the functions: an import-free module both sides read, and no
 * runtime module of the functions (Powertools, the AWS SDK, the handlers' config reader) loaded by
 * the stack for a name or a constant.
 */
describe('the stack/functions contract', () => {
  it('shared/contract imports nothing but its own files', () => {
    for (const file of filesUnder('shared/contract/')) {
      const outside = importsOf(readFileSync(new URL(file, ROOT), 'utf8')).filter(
        (spec) => !/^\.\/[\w-]+\.ts$/.test(spec),
      );
      expect(outside, file).toEqual([]);
    }
  });

  it('cdk/ reads from functions/ only the import-free bundling options', () => {
    const allowed = new Set(['#functions/bundling.ts']);
    const seen: string[] = [];
    for (const file of filesUnder('cdk/')) {
      for (const spec of importsOf(readFileSync(new URL(file, ROOT), 'utf8'))) {
        if (spec.startsWith('#functions/') || spec.includes('/functions/')) {
          seen.push(spec);
          expect(allowed.has(spec), `${file} imports ${spec}`).toBe(true);
        }
      }
    }
    expect(seen.length).toBeGreaterThan(0);
    // And those two stay import-free themselves.
    for (const spec of allowed) {
      const path = spec.replace('#functions/', 'functions/');
      expect(importsOf(readFileSync(new URL(path, ROOT), 'utf8')), path).toEqual([]);
    }
  });

  it('the functions take their environment names from the contract', () => {
    const config = readFileSync(new URL('functions/config.ts', ROOT), 'utf8');
    expect(importsOf(config)).toContain('#shared/contract/index.ts');
    expect(config).not.toMatch(/['"](TABLE_NAME|TOPIC_ARN|ENGINE_CONFIG)['"]/);
  });
});
