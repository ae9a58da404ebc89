import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * Each room of the core (a folder under shared/ with an index.ts) is used through its index.ts:
 * production code outside the room imports nothing else of it. Tests may reach inside (they test
 * the parts). One failure lists every import that reaches into another room.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PRODUCTION = ['shared', 'functions', 'cli', 'cdk', 'bench', 'scripts'];
const IMPORT =
  /(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,]+?\s+from\s+)?'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Rooms, deepest first: a file belongs to the deepest room that holds it. */
const ROOMS = files(join(ROOT, 'shared'))
  .filter((f) => f.endsWith('/index.ts') && dirname(f) !== join(ROOT, 'shared'))
  .map((f) => relative(ROOT, dirname(f)))
  .sort((a, b) => b.length - a.length);

const roomOf = (path: string) => ROOMS.find((room) => path.startsWith(`${room}/`));

function target(spec: string, importer: string): string | undefined {
  if (spec === '#shared') return 'shared/index.ts';
  if (spec.startsWith('#shared/')) return `shared/${spec.slice('#shared/'.length)}`;
  if (spec.startsWith('#functions/')) return `functions/${spec.slice('#functions/'.length)}`;
  if (spec.startsWith('.')) return normalize(join(dirname(importer), spec));
  return undefined;
}

/** Every import of production code that reaches past another room's index.ts. */
function deepImports(): string[] {
  const found: string[] = [];
  for (const top of PRODUCTION) {
    for (const file of files(join(ROOT, top))) {
      const importer = relative(ROOT, file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2]!;
        const to = target(spec, importer);
        const room = to && roomOf(to);
        if (!room || to === `${room}/index.ts` || importer.startsWith(`${room}/`)) continue;
        found.push(`${importer} imports ${spec} (use ${room}/index.ts)`);
      }
    }
  }
  return found;
}

describe("the core's rooms are used through their index.ts", () => {
  it('finds the rooms', () => {
    expect(ROOMS).toEqual(expect.arrayContaining(['shared/engine', 'shared/parse', 'shared/report']));
  });

  it('every folder of the core is a room: it has an index.ts', () => {
    const folders = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? [path, ...folders(path)] : [];
      });
    const without = folders(join(ROOT, 'shared'))
      .filter((d) => !existsSync(join(d, 'index.ts')))
      .map((d) => relative(ROOT, d));
    expect(without).toEqual([]);
  });

  it('no production code imports another room from inside', () => {
    expect(deepImports()).toEqual([]);
  });
});
