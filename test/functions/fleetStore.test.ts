import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '#functions/adapters/DynamoStateStore.ts';
import { applyMember } from '#shared/engine/fleet/applyMember.ts';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import type { StateStore } from '#shared/engine/store/StateStore.ts';
import type { DeployWindow, FleetMember, Incident, InstanceActivity } from '#shared/model/index.ts';
import { type Dynalite, startDynalite } from './support/dynalite.ts';

/*
 * The store contract of the fleet operations (member items, sharded listings, deploy windows by start
 * day), run on the memory store and on the DynamoDB store against dynalite: both must answer alike.
 */
let dynalite: Dynalite;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => dynalite?.stop());

const LG = '/fleet/nginx/error';
const T = Date.UTC(2026, 10, 3, 23, 50, 0);

const STORES: [string, () => Promise<StateStore>][] = [
  ['memory', async () => new MemoryStateStore()],
  ['dynamodb', async () => new DynamoStateStore(dynalite.doc, await dynalite.createTable())],
];

const member = (instance: string, lastEvent: number, version: number): FleetMember => ({
  logGroup: LG,
  instance,
  lastEvent,
  bursts: [{ start: lastEvent - 5000, end: lastEvent, count: 6, causes: ['upstream_refused'] }],
  burstsCut: 0,
  batches: ['b-1'],
  version,
  expiresAt: 2_000_000_000,
});

describe.each(STORES)('fleet store contract (%s)', (_name, makeStore) => {
  it('member items: conditional put by version, touch moves lastEvent forward only, remove, list since', async () => {
    const store = await makeStore();
    expect(await store.getMember(LG, 'i-a')).toBeUndefined();
    expect(await store.putMember(member('i-a', T, 1), 0)).toBe(true);
    // A writer that read nothing (version 0) loses against the stored version 1.
    expect(await store.putMember(member('i-a', T + 1000, 1), 0)).toBe(false);
    expect(await store.putMember(member('i-a', T + 1000, 2), 1)).toBe(true);
    expect((await store.getMember(LG, 'i-a'))?.lastEvent).toBe(T + 1000);

    // Touch: an instance the Auto Scaling group launched, or a stream listed; never backwards.
    await store.touchMember(LG, 'i-b', T - 60_000, 2_000_000_000);
    await store.touchMember(LG, 'i-a', T - 60_000, 2_000_000_000);
    const a = await store.getMember(LG, 'i-a');
    expect(a?.lastEvent).toBe(T + 1000);
    expect(a?.bursts).toHaveLength(1);
    const b = await store.getMember(LG, 'i-b');
    expect(b).toMatchObject({ instance: 'i-b', lastEvent: T - 60_000, bursts: [], version: 0 });
    // A touched member is merged into by ingest as a version-0 member.
    expect(await store.putMember(member('i-b', T, 1), 0)).toBe(true);

    for (let k = 0; k < 30; k++) await store.touchMember(LG, `i-${k}`, T - k * 3_600_000, 2_000_000_000);
    const recent = (await store.listMembers(LG, T - 5 * 3_600_000)).map((m) => m.instance).sort();
    expect(recent).toEqual(['i-0', 'i-1', 'i-2', 'i-3', 'i-4', 'i-5', 'i-a', 'i-b'].sort());
    await store.removeMember(LG, 'i-b');
    expect(await store.getMember(LG, 'i-b')).toBeUndefined();
    expect((await store.listMembers(LG, 0)).map((m) => m.instance)).not.toContain('i-b');
    expect(await store.listMembers('/other', 0)).toEqual([]);
  });

  it('open incidents of many slots are all listed (sharded index), per log group and whole', async () => {
    const store = await makeStore();
    const incident = (instance: string, logGroup = LG): Incident => ({
      id: `${logGroup}|${instance}|upstream_refused#1`,
      slot: `${logGroup}|${instance}|upstream_refused`,
      seq: 1,
      version: 1,
      logGroup,
      instance,
      cause: 'upstream_refused',
      group: 'restart',
      severity: 'high',
      state: 'open',
      firstSeen: T,
      lastSeen: T,
      count: 1,
      statusCounts: { '502': 1 },
      perInstance: { [instance]: 1 },
      upstreams: [],
      hosts: [],
      samples: [],
      buckets: [],
      appliedDeltas: ['x#0'],
      alerted: {},
      expiresAt: 2_000_000_000,
    });
    for (let k = 0; k < 40; k++) expect(await store.putIncident(incident(`i-${k}`), 0)).toBe(true);
    expect(await store.putIncident(incident('i-z', '/other'), 0)).toBe(true);
    expect(await store.listIncidents({ logGroup: LG, openOnly: true })).toHaveLength(40);
    expect(await store.listIncidents({ openOnly: true })).toHaveLength(41);
    expect(await store.listIncidents({ logGroup: LG, from: T })).toHaveLength(40);
    const listed = (await store.listIncidents({ logGroup: '/other', openOnly: true }))[0]!;
    expect(listed.appliedDeltas).toEqual([]);
  });

  it('deploy windows are listed by time across a day boundary, open-ended ones too, never far older ones', async () => {
    const store = await makeStore();
    const w = (id: string, start: number, end?: number): DeployWindow => ({
      id,
      source: 'marker',
      start,
      ...(end === undefined ? {} : { end }),
      expiresAt: 2_000_000_000,
    });
    for (const window of [
      w('before-midnight', T, T + 20 * 60_000), // ends after midnight UTC
      w('running', T - 30 * 60_000),
      w('long-ago', T - 5 * 86_400_000, T - 5 * 86_400_000 + 60_000),
      w('later', T + 3 * 3_600_000, T + 4 * 3_600_000),
    ])
      expect(await store.putDeployWindow(window)).toBe(true);
    const ids = async (from: number, to: number) =>
      (await store.listDeployWindows(from, to)).map((x) => x.id).sort();
    // Just after midnight: the window that started the day before and the one still running.
    expect(await ids(T + 15 * 60_000, T + 16 * 60_000)).toEqual(['before-midnight', 'running']);
    expect(await ids(T + 3.5 * 3_600_000, T + 3.6 * 3_600_000)).toEqual(['later', 'running']);
    expect((await store.getDeployWindow('long-ago'))?.id).toBe('long-ago');
  });
});

describe.each(STORES)('lifecycle windows by scope (%s)', (_name, makeStore) => {
  it('a listing with a scope has the lifecycle windows of its instances only, and every other window', async () => {
    const store = await makeStore();
    const lifecycle = (instance: string): DeployWindow => ({
      id: `nginx-${instance}`,
      source: 'lifecycle',
      logGroups: [LG],
      instances: [instance],
      start: T,
      end: T,
      expiresAt: 2_000_000_000,
    });
    for (let k = 0; k < 20; k++) expect(await store.putDeployWindow(lifecycle(`i-${k}`))).toBe(true);
    expect(
      await store.putDeployWindow({
        id: 'd-1',
        source: 'marker',
        start: T,
        end: T + 60_000,
        expiresAt: 2_000_000_000,
      }),
    ).toBe(true);
    const listed = await store.listDeployWindows(T - 60_000, T + 60_000, {
      logGroup: LG,
      instances: ['i-3'],
    });
    expect(listed.map((w) => w.id).sort()).toEqual(['d-1', 'nginx-i-3']);
  });
});

describe.each(STORES)('member merges under redelivery and concurrency (%s)', (_name, makeStore) => {
  const activity = (batchId: string, start: number, end: number, count: number): InstanceActivity => ({
    logGroup: LG,
    instance: 'i-a',
    batchId,
    firstSeen: start,
    lastSeen: end,
    events: count,
    restartBursts: [{ start, end, count, causes: ['upstream_refused'] }],
    statusByMinute: {},
    lifecycle: [],
    expiresAt: 2_000_000_000,
  });

  it('a redelivered batch counts once; concurrent and reordered batches all count, joined into one burst', async () => {
    const store = await makeStore();
    const cfg = { burstGapMs: 30_000 };
    const batches = [
      activity('b-3', T + 20_000, T + 29_000, 10),
      activity('b-1', T, T + 9_000, 10),
      activity('b-2', T + 10_000, T + 19_000, 10),
    ];
    await Promise.all(batches.map((b) => applyMember(store, b, cfg, 2_000_000_000)));
    await applyMember(store, batches[1]!, cfg, 2_000_000_000);
    const stored = await store.getMember(LG, 'i-a');
    expect(stored?.bursts).toEqual([{ start: T, end: T + 29_000, count: 30, causes: ['upstream_refused'] }]);
    expect(stored?.lastEvent).toBe(T + 29_000);
    expect(stored?.version).toBe(3);
  });
});

describe('DynamoDB store: no constant key', () => {
  it('spreads one log group over several partitions (members, activity, open incidents)', async () => {
    const table = await dynalite.createTable();
    const store = new DynamoStateStore(dynalite.doc, table);
    for (let k = 0; k < 64; k++) await store.touchMember(LG, `i-${k}`, T, 2_000_000_000);
    const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
    const scan = await (dynalite.doc as DynamoDBDocumentClient).send(new ScanCommand({ TableName: table }));
    const keys = new Set((scan.Items ?? []).map((i) => String(i.pk)));
    expect(keys.size).toBeGreaterThanOrEqual(6);
    expect([...keys].every((k) => k.startsWith(`MEM#${LG}#`))).toBe(true);
  });
});
