import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '#functions/adapters/DynamoStateStore.ts';
import { createHandler } from '#functions/deploy-events/createHandler.ts';
import { DEFAULT_ENGINE_SETTINGS } from '#shared/engine/config/EngineSettings.ts';
import { ingestBatch } from '#shared/engine/ingest/ingestBatch.ts';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import type { StateStore } from '#shared/engine/store/StateStore.ts';
import { customDeploy } from '../deploy/deployEventFixtures.ts';
import { at, batchOf, event } from '../engine/support.ts';
import { type Dynalite, startDynalite } from './support/dynalite.ts';

/*
 * A deploy window is read, merged and written by the deploy-events function (one invocation per
 * event, run concurrently) and by the engine (`seenIn` from every log group's ingest, `digestSent`,
 * inferred and lifecycle windows). Without a condition on the write, the last writer erases what the
 * others merged in between.
 */

let dynalite: Dynalite;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => dynalite?.stop());

/** The deployment starts at the engine support's T0, so its events fall inside the window. */
const START = new Date(at(0)).toISOString();
const range = [at(-3600), at(3600)] as const;

async function setup(makeStore: () => Promise<StateStore>) {
  const store = await makeStore();
  const handler = createHandler({ store, engine: DEFAULT_ENGINE_SETTINGS, log: () => {} });
  const started = (instance: string) =>
    handler(customDeploy('Deployment Started', START, { id: 'gh-42', instances: [instance] }));
  return { store, started };
}

describe.each([
  [
    'DynamoStateStore on dynalite',
    async () => new DynamoStateStore(dynalite.doc, await dynalite.createTable()),
  ],
  ['MemoryStateStore', async () => new MemoryStateStore()],
])('deploy windows under concurrent read-merge-write: %s', (_name, makeStore: () => Promise<StateStore>) => {
  it('two concurrent streams of deploy events for one deployment: every instance survives', async () => {
    const { store, started } = await setup(makeStore);
    const stream = async (prefix: string) => {
      for (let n = 0; n < 10; n++) await started(`i-${prefix}${n}`);
    };
    await Promise.all([stream('a'), stream('b')]);
    const [window] = await store.listDeployWindows(...range);
    expect(window?.instances).toHaveLength(20);
    expect(window?.instances).toEqual([
      ...Array.from({ length: 10 }, (_, n) => `i-a${n}`),
      ...Array.from({ length: 10 }, (_, n) => `i-b${n}`),
    ]);
  });

  it('the engine marking log groups seen races deploy events: both kinds of update survive', async () => {
    const { store, started } = await setup(makeStore);
    await started('i-first');
    const groups = Array.from({ length: 10 }, (_, n) => `/ec2/app-${n}/nginx/error.log`);
    const engine = async () => {
      for (const g of groups)
        await ingestBatch(batchOf([event('i-first', 30, 'refused', g)]), store, DEFAULT_ENGINE_SETTINGS);
    };
    const events = async () => {
      for (let n = 0; n < 10; n++) await started(`i-${n}`);
    };
    await Promise.all([engine(), events()]);
    const [window] = await store.listDeployWindows(...range);
    expect(window?.seenIn).toEqual([...groups].sort());
    expect(window?.instances).toHaveLength(11);
  });
});
