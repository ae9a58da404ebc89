import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { productionImports, ROOT, tsFiles } from './projectImports.ts';

/*
 * The floors of the core. The domain model is the ground floor: it imports nothing of the project.
 * The engine's rooms stand in this order, each importing only rooms below it:
 *   config < store < windows < alerting < fleet < ingest, sweep < the engine's root (replay, index)
 * and code outside the engine uses the engine through shared/engine/index.ts alone.
 */
/** Room -> floor; ingest and sweep share a floor, so neither may import the other. */
const ENGINE_FLOORS = new Map([
  ['config', 0],
  ['store', 1],
  ['windows', 2],
  ['alerting', 3],
  ['fleet', 4],
  ['ingest', 5],
  ['sweep', 5],
]);
const ENGINE_ROOT = 6;

/** Every import between files of production code: [importer, imported], paths from the root. */
const imports = (): [string, string][] => productionImports().map(({ from, to }) => [from, to]);

/** The engine floor of a file (see ENGINE_FLOORS; -1 = in no room); undefined outside the engine. */
function engineFloor(path: string): number | undefined {
  if (!path.startsWith('shared/engine/')) return undefined;
  const room = path.slice('shared/engine/'.length).split('/');
  if (room.length === 1) return ENGINE_ROOT;
  return ENGINE_FLOORS.get(room[0]!) ?? -1;
}

describe('the floors of the core', () => {
  const all = imports();

  it('reads the imports', () => {
    expect(all.length).toBeGreaterThan(300);
    expect(all.some(([from]) => from.startsWith('shared/model/'))).toBe(true);
  });

  it('the domain model imports nothing outside shared/model/', () => {
    const out = all.filter(
      ([from, to]) => from.startsWith('shared/model/') && !to.startsWith('shared/model/'),
    );
    expect(out).toEqual([]);
  });

  it('every engine file stands in one of the rooms', () => {
    const stray = tsFiles(join(ROOT, 'shared/engine'))
      .map((f) => relative(ROOT, f))
      .filter((f) => engineFloor(f) === -1);
    expect(stray).toEqual([]);
  });

  it("the engine's rooms import only rooms below them (or files of their own room)", () => {
    const upward = all
      .filter(([from, to]) => {
        const a = engineFloor(from);
        const b = engineFloor(to);
        if (a === undefined || b === undefined) return false;
        const sameRoom = dirname(from) === dirname(to);
        return !sameRoom && (b > a || (a === b && a !== ENGINE_ROOT));
      })
      .map(([from, to]) => `${from} -> ${to}`);
    expect(upward).toEqual([]);
  });

  it('code outside the engine uses it through shared/engine/index.ts', () => {
    const deep = all
      .filter(([from, to]) => !from.startsWith('shared/engine/') && to.startsWith('shared/engine/'))
      .filter(([, to]) => to !== 'shared/engine/index.ts')
      .map(([from, to]) => `${from} -> ${to}`);
    expect(deep).toEqual([]);
  });

  it('nothing the engine imports stands above it (report, deploy, classify, functions, cli)', () => {
    const above = ['shared/report/', 'shared/deploy/', 'shared/classify/', 'functions/', 'cli/', 'cdk/'];
    const up = all
      .filter(([from, to]) => from.startsWith('shared/engine/') && above.some((p) => to.startsWith(p)))
      .map(([from, to]) => `${from} -> ${to}`);
    expect(up).toEqual([]);
  });
});
