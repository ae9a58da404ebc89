import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '#functions/adapters/DynamoStateStore.ts';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import type { StateStore } from '#shared/engine/store/StateStore.ts';
import type { AlertRecord } from '#shared/model/index.ts';
import { type Dynalite, startDynalite } from '../functions/support/dynalite.ts';

let dynalite: Dynalite;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => dynalite?.stop());

const LEASE = 45_000;
const claim = (overrides: Partial<AlertRecord> = {}): AlertRecord => ({
  key: 'page#g|i-a|socket_permission#1',
  kind: 'page',
  state: 'claimed',
  claimedAt: 1_000_000,
  subject: 'PAGE: x',
  expiresAt: 2_000_000_000,
  owner: 'req-1',
  ...overrides,
});

describe.each([
  ['memory', async (): Promise<StateStore> => new MemoryStateStore()],
  [
    'dynalite',
    async (): Promise<StateStore> => new DynamoStateStore(dynalite.doc, await dynalite.createTable()),
  ],
])('the alert claim protocol (%s store)', (_name, newStore) => {
  it('the owner takes its own unconfirmed claim again at once; anybody else only after the lease', async () => {
    const store = await newStore();
    expect(await store.claimAlert(claim(), LEASE)).toBe(true);
    // The same invocation (its retry, or the SDK repeating a write that landed): at once.
    expect(await store.claimAlert(claim({ claimedAt: 1_000_010 }), LEASE)).toBe(true);
    // Somebody else: not within the lease (counted from the latest claim) ...
    expect(await store.claimAlert(claim({ owner: 'req-2', claimedAt: 1_000_010 + LEASE - 1 }), LEASE)).toBe(
      false,
    );
    // ... nor without an owner ...
    expect(await store.claimAlert(claim({ owner: undefined, claimedAt: 1_000_020 }), LEASE)).toBe(false);
    // ... but after it.
    expect(await store.claimAlert(claim({ owner: 'req-2', claimedAt: 1_000_010 + LEASE }), LEASE)).toBe(true);
    // Now the first owner is somebody else too.
    expect(await store.claimAlert(claim({ claimedAt: 1_000_010 + LEASE + 1 }), LEASE)).toBe(false);
    expect(await store.alertState(claim().key)).toBe('claimed');
  });

  it('a confirmed claim is taken by nobody, its owner included, and never released', async () => {
    const store = await newStore();
    expect(await store.claimAlert(claim(), LEASE)).toBe(true);
    await store.confirmAlert(claim().key);
    await store.confirmAlert(claim().key);
    expect(await store.alertState(claim().key)).toBe('sent');
    expect(await store.claimAlert(claim({ claimedAt: 9_000_000 }), LEASE)).toBe(false);
    expect(await store.claimAlert(claim({ owner: 'req-9', claimedAt: 9_000_000 }), LEASE)).toBe(false);
    await store.releaseAlert(claim().key);
    expect(await store.alertState(claim().key)).toBe('sent');
  });

  it('a released claim is free; an unknown alert has no state', async () => {
    const store = await newStore();
    expect(await store.alertState('page#nothing')).toBeUndefined();
    expect(await store.claimAlert(claim(), LEASE)).toBe(true);
    await store.releaseAlert(claim().key);
    expect(await store.alertState(claim().key)).toBeUndefined();
    expect(await store.claimAlert(claim({ owner: 'req-2' }), LEASE)).toBe(true);
  });
});
