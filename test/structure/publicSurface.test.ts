import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { productionImports, ROOT, tsFiles } from './projectImports.ts';

/*
 * Each room of the core (a folder under shared/ with an index.ts) is used through its index.ts:
 * production code outside the room imports nothing else of it. Tests may reach inside (they test
 * the parts). One failure lists every import that reaches into another room.
 */

/** Rooms, deepest first: a file belongs to the deepest room that holds it. */
const ROOMS = tsFiles(join(ROOT, 'shared'))
  .filter((f) => f.endsWith('/index.ts') && dirname(f) !== join(ROOT, 'shared'))
  .map((f) => relative(ROOT, dirname(f)))
  .sort((a, b) => b.length - a.length);

const roomOf = (path: string) => ROOMS.find((room) => path.startsWith(`${room}/`));

/** Every import of production code that reaches past another room's index.ts. */
function deepImports(): string[] {
  const found: string[] = [];
  for (const { from, to, spec } of productionImports()) {
    const room = roomOf(to);
    if (!room || to === `${room}/index.ts` || from.startsWith(`${room}/`)) continue;
    found.push(`${from} imports ${spec} (use ${room}/index.ts)`);
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
