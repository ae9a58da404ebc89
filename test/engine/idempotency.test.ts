import { describe, expect, it } from 'vitest';
import type { Alert } from '#shared/alerts/Alert.ts';
import { AlertDeliveryError, deliverAlerts } from '#shared/engine/alerting/deliverAlerts.ts';
import { aggregateBatch } from '#shared/engine/ingest/aggregateBatch.ts';
import { batchIdOf } from '#shared/engine/ingest/batchIdOf.ts';
import type { EngineEvent } from '#shared/engine/ingest/EngineEvent.ts';
import { ingestBatch } from '#shared/engine/ingest/ingestBatch.ts';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import type { Incident } from '#shared/model/index.ts';
import { batchOf, config, Driver, event, run } from './support.ts';

/** A deterministic shuffle (no randomness in tests either: a failure must reproduce). */
function shuffle<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function snapshot(store: MemoryStateStore) {
  const incidents = await store.listIncidents({ logGroup: '/ec2/nginx/error' });
  return incidents
    .map(({ appliedDeltas: _ids, samples, upstreams, hosts, ...rest }) => ({
      ...rest,
      samples: [...samples].sort(),
      upstreams: [...upstreams].sort(),
      hosts: [...hosts].sort(),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe('at-least-once, out-of-order delivery', () => {
  it('aggregates 10 000 events into a handful of deltas', () => {
    const events = [...run('i-a', 0, 4999, 'refused'), ...run('i-a', 0, 4999, 'timeout')];
    expect(events).toHaveLength(10_000);
    const aggregate = aggregateBatch(events, 'b-1', config());
    // One delta per instance slot per cause, and one per fleet slot for the capacity cause (restart
    // causes gather in the sweeper's correlated incident); the quiet gap splits none here.
    expect(aggregate.deltas).toHaveLength(3);
    expect(aggregate.deltas.reduce((s, d) => s + d.count, 0)).toBe(15_000);
    expect(aggregate.activity).toHaveLength(1);
  });

  it('splits a cause at a quiet gap inside a batch', () => {
    const events = [...run('i-a', 0, 10, 'permission'), ...run('i-a', 1000, 1010, 'permission')];
    const deltas = aggregateBatch(events, 'b-1', config()).deltas.filter((d) => d.instance !== null);
    expect(deltas.map((d) => d.count)).toEqual([11, 11]);
  });

  it('gives a batch the same id whatever the order of its events', () => {
    const events = run('i-a', 0, 50, 'refused');
    expect(batchIdOf(batchOf(shuffle(events, 7)))).toBe(batchIdOf(batchOf(events)));
    expect(batchIdOf(batchOf(events.slice(1)))).not.toBe(batchIdOf(batchOf(events)));
  });

  it('replaying a batch twice changes no count and sends nothing twice', async () => {
    const store = new MemoryStateStore();
    const driver = new Driver(store);
    const batch = run('i-a', 0, 120, 'refused');
    await driver.ingest(batch);
    await driver.sweepAt(125); // restart pages are the sweeper's
    const before = await snapshot(store);
    const published = driver.published.length;
    const again = await driver.ingest(batch);
    expect(again.duplicate).toBe(true);
    expect(await snapshot(store)).toEqual(before);
    expect(driver.published).toHaveLength(published);
    expect(published).toBe(1);
  });

  it('a batch redelivered before it was marked done (its publisher failed) merges nothing twice', async () => {
    const store = new MemoryStateStore();
    const cfg = config();
    const batch = batchOf([...run('i-a', 0, 30, 'permission')]);
    const first = await ingestBatch(batch, store, cfg);
    const before = await snapshot(store);
    const second = await ingestBatch(batch, store, cfg);
    expect(second.duplicate).toBe(false);
    expect(second.deltasApplied).toBe(0);
    expect(await snapshot(store)).toEqual(before);
    expect(first.deltasApplied).toBeGreaterThan(0);
  });

  it('events shuffled within batches give the same incidents and alerts', async () => {
    const events: EngineEvent[] = [
      ...run('i-a', 0, 5, 'refused'),
      ...run('i-b', 10, 15, 'refused'),
      ...run('i-c', 20, 200, 'refused', 2),
      event('i-b', 30, 'permission'),
      ...run('i-a', 40, 100, 'timeout', 5),
    ];
    const outcome = async (order: EngineEvent[]) => {
      const store = new MemoryStateStore();
      const driver = new Driver(store);
      // Same batches (60 s per instance), each batch's events in the given order.
      const batches = new Map<string, EngineEvent[]>();
      for (const e of order) {
        const key = `${e.instance}#${Math.floor(e.timestamp / 60_000)}`;
        batches.set(key, [...(batches.get(key) ?? []), e]);
      }
      const sorted = [...batches.values()].sort(
        (a, b) => Math.max(...a.map((e) => e.timestamp)) - Math.max(...b.map((e) => e.timestamp)),
      );
      for (const b of sorted) await driver.ingest(b);
      await driver.sweepAt(400);
      return {
        incidents: await snapshot(store),
        alerts: driver.published.map((a) => [a.key, a.subject, a.count]),
      };
    };
    const ordered = await outcome(events);
    expect(ordered.alerts.length).toBeGreaterThan(0);
    for (const seed of [1, 2, 3]) expect(await outcome(shuffle(events, seed))).toEqual(ordered);
  });

  it('batches delivered in reverse order still merge into one incident with the right span', async () => {
    const store = new MemoryStateStore();
    const driver = new Driver(store);
    const events = run('i-a', 0, 50, 'permission');
    for (const chunk of [events.slice(40), events.slice(20, 40), events.slice(0, 20)])
      await driver.ingest(chunk);
    const incidents = (await store.listIncidents({ logGroup: '/ec2/nginx/error' })).filter(
      (i) => i.instance === 'i-a',
    );
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.count).toBe(51);
    expect(incidents[0]!.firstSeen).toBe(events[0]!.timestamp);
    expect(incidents[0]!.lastSeen).toBe(events[50]!.timestamp);
    expect(driver.kinds()).toEqual(['page:config-first-sight:i-a']);
  });

  it('two invocations racing on the same incident publish one page', async () => {
    const store = new MemoryStateStore();
    const cfg = config();
    const published: Alert[] = [];
    const publish = async (a: Alert) => {
      published.push(a);
    };
    const a = batchOf(run('i-a', 0, 9, 'permission'));
    const b = batchOf(run('i-a', 10, 19, 'permission'));
    const [ra, rb] = await Promise.all([ingestBatch(a, store, cfg), ingestBatch(b, store, cfg)]);
    // Both decided the page (neither saw the other's claim yet) ...
    expect(ra.alerts.map((x) => x.alert.key)).toEqual(rb.alerts.map((x) => x.alert.key));
    await Promise.all([
      deliverAlerts(ra.alerts, store, publish, { now: 1, config: cfg, batch: ra }),
      deliverAlerts(rb.alerts, store, publish, { now: 1, config: cfg, batch: rb }),
    ]);
    // ... and the claim let one of them send it.
    expect(published.map((p) => p.kind)).toEqual(['page']);
    const incident = (await store.listIncidents({ logGroup: '/ec2/nginx/error' })).find(
      (i) => i.instance === 'i-a',
    );
    expect(incident?.count).toBe(20);
  });

  it('a failed publish releases the claim, keeps the batch open, and the retry sends the alert', async () => {
    const store = new MemoryStateStore();
    const cfg = config();
    const batch = batchOf(run('i-a', 0, 5, 'permission'));
    const first = await ingestBatch(batch, store, cfg);
    const failing = async () => {
      throw new Error('SNS throttled');
    };
    await expect(
      deliverAlerts(first.alerts, store, failing, { now: 1, config: cfg, batch: first }),
    ).rejects.toBeInstanceOf(AlertDeliveryError);
    expect(await store.batchProgress(first.batchId)).toBe('applied');
    const sent: Alert[] = [];
    const retry = await ingestBatch(batch, store, cfg);
    await deliverAlerts(retry.alerts, store, async (a) => void sent.push(a), {
      now: 2,
      config: cfg,
      batch: retry,
    });
    expect(sent.map((a) => a.kind)).toEqual(['page']);
    expect(await store.batchProgress(first.batchId)).toBe('done');
  });

  it('a batch whose alerts failed, redelivered after 400 other batches reached its incidents, counts nothing twice', async () => {
    // The ingest Lambda fails when SNS does, and is retried a minute or more later: by then a busy
    // incident has merged far more deltas than the few ids it keeps (its fleet incident most of all).
    const store = new MemoryStateStore();
    const cfg = config();
    const failed = batchOf(run('i-a', 0, 9, 'permission'));
    const first = await ingestBatch(failed, store, cfg);
    const failing = async () => {
      throw new Error('SNS throttled');
    };
    await expect(
      deliverAlerts(first.alerts, store, failing, { now: 1, config: cfg, batch: first }),
    ).rejects.toBeInstanceOf(AlertDeliveryError);
    const driver = new Driver(store, cfg);
    for (let b = 0; b < 400; b++)
      await driver.ingest([event(b % 2 === 0 ? 'i-a' : 'i-b', 10 + b, 'permission')]);

    const retry = await ingestBatch(failed, store, cfg);
    expect(retry.deltasApplied).toBe(0);
    await deliverAlerts(retry.alerts, store, async () => {}, { now: 500, config: cfg, batch: retry });
    await driver.sweepAt(420); // the sweeper brings the fleet incident up to its instances
    const counts = (await store.listIncidents({ logGroup: '/ec2/nginx/error' })).map((i) => [
      i.instance,
      i.count,
    ]);
    expect(counts.sort()).toEqual([
      [null, 410],
      ['i-a', 210],
      ['i-b', 200],
    ]);
  });

  it('a batch that died while writing its deltas merges, when redelivered, only the ones it had not written', async () => {
    // The second incident write of the first attempt fails (the invocation dies half-way).
    let writes = 0;
    class DyingStore extends MemoryStateStore {
      override async putIncident(incident: Incident, expected: number) {
        if (++writes === 2) throw new Error('Lambda timed out');
        return super.putIncident(incident, expected);
      }
    }
    const dying = new DyingStore();
    const cfg = config();
    const batch = batchOf(run('i-a', 0, 9, 'permission'));
    await expect(ingestBatch(batch, dying, cfg)).rejects.toThrow(/timed out/);
    const retry = await ingestBatch(batch, dying, cfg);
    expect(retry.deltasApplied).toBe(1);
    const counts = (await dying.listIncidents({ logGroup: '/ec2/nginx/error' })).map((i) => i.count);
    expect(counts).toEqual([10, 10]);
  });

  it('a claim whose publisher died is taken over after the lease, not before', async () => {
    const store = new MemoryStateStore();
    const record = {
      key: 'page#x',
      kind: 'page' as const,
      state: 'claimed' as const,
      claimedAt: 1_000,
      subject: 's',
      expiresAt: 0,
    };
    expect(await store.claimAlert(record, 300_000)).toBe(true);
    expect(await store.claimAlert({ ...record, claimedAt: 200_000 }, 300_000)).toBe(false);
    expect(await store.claimAlert({ ...record, claimedAt: 301_000 }, 300_000)).toBe(true);
    await store.confirmAlert('page#x');
    expect(await store.claimAlert({ ...record, claimedAt: 10_000_000 }, 300_000)).toBe(false);
  });
});
