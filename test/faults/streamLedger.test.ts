import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '#functions/adapters/DynamoStateStore.ts';
import { createHandler } from '#functions/ingest/createHandler.ts';
import { DEFAULT_ENGINE_SETTINGS } from '#shared/engine/config/EngineSettings.ts';
import { incidentSlot } from '#shared/engine/store/incidentSlot.ts';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import type { StateStore } from '#shared/engine/store/StateStore.ts';
import { MAX_LEDGER_CHARS, RunSet, type StreamLedgerStore } from '#shared/engine/store/streamLedger.ts';
import { awslogsEvent, eventId } from '../functions/support/awslogsPayload.ts';
import { type Dynalite, startDynalite } from '../functions/support/dynalite.ts';
import { exampleLines, nginxTimeMs } from '../functions/support/examples.ts';
import { RecordingMetrics } from '../functions/support/recorders.ts';

const LOG_GROUP = '/ec2/ledger/error.log';
const STREAM = 'i-0a1b2c3d4e5f60718';
const line = exampleLines('single/error.log').find((l) => l.includes('(13: Permission denied)')) ?? '';
const t0 = nginxTimeMs(line) ?? 0;
const SLOT = incidentSlot(LOG_GROUP, STREAM, 'socket_permission');

/** Events with ids `from`..`to` (one a second), as one delivery. */
const delivery = (from: number, to: number, extra: { timestamp: number; n: number }[] = []) =>
  awslogsEvent(
    [
      ...Array.from({ length: to - from + 1 }, (_, i) => ({
        id: eventId(t0, from + i),
        timestamp: t0 + (from + i) * 1000,
        message: line,
      })),
      ...extra.map((e) => ({ id: eventId(t0, e.n), timestamp: e.timestamp, message: line })),
    ],
    { logGroup: LOG_GROUP, logStream: STREAM },
  );

describe('RunSet', () => {
  it('holds ids as runs: a contiguous batch of 10 000 56-digit ids is one short run', () => {
    const ids = Array.from({ length: 10_000 }, (_, n) => eventId(t0, n));
    const { text, runs } = RunSet.encode(ids);
    expect(runs).toBe(1);
    expect(text.length).toBeLessThan(60);
    const set = RunSet.decode(text);
    expect(ids.every((id) => set.has(id))).toBe(true);
    expect(set.has(eventId(t0, 10_000))).toBe(false);
    expect(set.has(eventId(t0 - 1, 9_999))).toBe(false);
  });

  it('keeps gaps exact and unions overlapping sets', () => {
    const a = RunSet.encode(['10', '11', '12', '20', '22']);
    expect(a.runs).toBe(3);
    const b = RunSet.encode(['12', '13', '21']);
    const both = RunSet.union([a.text, b.text]);
    for (const n of [10, 11, 12, 13, 20, 21, 22]) expect(both.has(String(n))).toBe(true);
    for (const n of [9, 14, 19, 23]) expect(both.has(String(n))).toBe(false);
  });
});

function countCalls<S extends object>(store: S): { store: S; calls: string[] } {
  const calls: string[] = [];
  const counted = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: counted, calls };
}

let dynalite: Dynalite;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => dynalite?.stop());

const STORES: [string, () => Promise<StateStore & StreamLedgerStore>][] = [
  ['memory', async () => new MemoryStateStore()],
  ['dynalite', async () => new DynamoStateStore(dynalite.doc, await dynalite.createTable())],
];

describe.each(STORES)('per-event deduplication across deliveries (%s store)', (_name, newStore) => {
  async function setup() {
    const { store, calls } = countCalls(await newStore());
    const handler = createHandler({
      store,
      ledger: store,
      publisher: { publish: async () => 'm' },
      metrics: new RecordingMetrics(),
      log: () => {},
      engine: DEFAULT_ENGINE_SETTINGS,
      instancePattern: undefined,
      clock: () => t0 + 60_000,
    });
    return { store, calls, handler };
  }

  it('overlapping deliveries (ids 0-5, then 3-8) count 9, not 12; the same delivery again counts 0', async () => {
    const { store, handler, calls } = await setup();
    await handler(delivery(0, 5));
    calls.length = 0;
    expect(await handler(delivery(3, 8))).toMatchObject({ status: 'processed', events: 3 });
    // The ledger's share of the second delivery: one read, one conditional write.
    expect(calls.filter((c) => c.includes('StreamLedger'))).toEqual(['getStreamLedger', 'putStreamLedger']);
    expect((await store.getIncident(SLOT))?.count).toBe(9);
    expect(await handler(delivery(3, 8))).toMatchObject({ status: 'duplicate' });
    expect(await handler(delivery(2, 4))).toMatchObject({ status: 'duplicate', events: 0 });
    expect((await store.getIncident(SLOT))?.count).toBe(9);
  });

  it('two overlapping deliveries at once still count each event once', async () => {
    const { store, handler } = await setup();
    await Promise.all([handler(delivery(0, 5)), handler(delivery(3, 8)), handler(delivery(6, 9))]);
    expect((await store.getIncident(SLOT))?.count).toBe(10);
  });

  it('a delivery with an impossible time counts it unparsed and goes on', async () => {
    const { store, handler } = await setup();
    const result = await handler(delivery(0, 2, [{ timestamp: 1e300, n: 3 }]));
    expect(result).toMatchObject({ status: 'processed', events: 4 });
    expect((await store.getIncident(SLOT))?.count).toBe(3);
  });
});

describe('the ledger stays bounded', () => {
  it('one stream’s record keeps the newest deliveries within its budget over 200 deliveries', async () => {
    const store = new MemoryStateStore();
    const handler = createHandler({
      store,
      ledger: store,
      publisher: { publish: async () => 'm' },
      metrics: new RecordingMetrics(),
      log: () => {},
      engine: DEFAULT_ENGINE_SETTINGS,
      instancePattern: undefined,
      clock: () => t0 + 60_000,
    });
    for (let n = 0; n < 200; n++) await handler(delivery(n * 3, n * 3 + 2));
    const ledger = await store.getStreamLedger(LOG_GROUP, STREAM);
    const chars = ledger!.entries.reduce((s, e) => s + e.delivery.length + e.runs.length + 16, 0);
    expect(chars).toBeLessThanOrEqual(MAX_LEDGER_CHARS);
    expect(ledger!.entries.length).toBeGreaterThanOrEqual(15);
    expect(ledger!.entries.at(-1)?.runs).not.toBe('');
    expect((await store.getIncident(SLOT))?.count).toBe(600);
  }, 60_000);
});
