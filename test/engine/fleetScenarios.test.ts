import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Alert } from '#shared/alerts/Alert.ts';
import { classifyLine } from '#shared/classify/classifyLine.ts';
import {
  DEFAULT_ENGINE_CONFIG,
  type EngineConfig,
  resolveEngineConfig,
} from '#shared/engine/config/index.ts';
import { deliverAlerts, ingestBatch, sweep } from '#shared/engine/index.ts';
import type { EngineEvent } from '#shared/engine/ingest/EngineEvent.ts';
import { replayEvents } from '#shared/engine/replayEvents.ts';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import type { DeployWindow } from '#shared/model/index.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';

/*
 * Fleet scenarios of 10 to 200 instances, recomposed in time from lines real nginx wrote (see
 * examples/single: captured from the Debian package). Each line keeps nginx's own text after its
 * timestamp; only the time and the connection number change. Replayed as `analyze` and the functions
 * see them: one batch per instance per 10 s, the sweeper every minute.
 */
const SINGLE = readFileSync(
  fileURLToPath(new URL('../../examples/single/error.log', import.meta.url)),
  'utf8',
).split('\n');
/** Real lines by what they are (their line number in examples/single/error.log). */
const REAL = {
  refused: SINGLE[6]!,
  timeout: SINGLE[11]!,
  noise: SINGLE[28]!,
} as const;
type Kind = keyof typeof REAL;

const T0 = Date.UTC(2026, 10, 3, 10, 0, 0);
const LOG_GROUP = '/fleet/nginx/error';
let serial = 0;

function nginxTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)} ${iso.slice(11, 19)}`;
}

/** The real line of `kind`, written by `instance` at `seconds` after T0. */
function line(instance: string, seconds: number, kind: Kind): EngineEvent {
  serial++;
  const ms = T0 + Math.round(seconds * 1000);
  const text = `${nginxTime(ms)}${REAL[kind].slice(19).replace(/\*\d+ /, `*${serial} `)}`;
  return {
    logGroup: LOG_GROUP,
    logStream: instance,
    instance,
    timestamp: ms,
    eventId: `${String(ms).padStart(20, '0')}${String(serial).padStart(8, '0')}`,
    classified: classifyLine(parseErrorLine(text)),
  };
}

/** `kind` every `step` seconds on `instance` over [from, to]. */
function span(instance: string, from: number, to: number, kind: Kind, step = 1): EngineEvent[] {
  const out: EngineEvent[] = [];
  for (let s = from; s <= to + 1e-9; s += step) out.push(line(instance, s, kind));
  return out;
}

const names = (n: number, prefix = 'i-0fleet') =>
  Array.from({ length: n }, (_, k) => `${prefix}${String(k).padStart(4, '0')}`);

/**
 * Sparse noise: one client-side line per instance every `every` seconds (a healthy instance), from
 * ten minutes before the scenario (the fleet existed before it: membership is learned from events).
 */
const noise = (instances: readonly string[], to: number, every = 300) =>
  instances.flatMap((i, k) => span(i, -600 + ((k * 7) % every), to, 'noise', every));

interface Outcome {
  sent: Alert[];
  kinds: string[];
}

async function play(
  events: EngineEvent[],
  options: { windows?: Omit<DeployWindow, 'expiresAt'>[]; cfg?: Partial<EngineConfig> } = {},
): Promise<Outcome> {
  const store = new MemoryStateStore();
  for (const w of options.windows ?? []) await store.putDeployWindow({ ...w, expiresAt: 0 });
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : 1));
  const outcome = await replayEvents(
    sorted,
    store,
    resolveEngineConfig({ ...DEFAULT_ENGINE_CONFIG, ...options.cfg }),
  );
  return {
    sent: outcome.sent,
    kinds: outcome.sent.map(
      (a) => `${a.kind}:${a.rule}:${a.scope.instance ?? (a.scope.fleet ? 'fleet' : '-')}`,
    ),
  };
}

const marker = (id: string, start: number, end: number): Omit<DeployWindow, 'expiresAt'> => ({
  id,
  source: 'marker',
  logGroups: [LOG_GROUP],
  start: T0 + start * 1000,
  end: T0 + end * 1000,
});

/** A rolling deploy: each instance's backend down `down` s, the next one `step` s later. */
function rolling(instances: readonly string[], down: number, step: number, start = 60): EngineEvent[] {
  return instances.flatMap((i, k) => span(i, start + k * step, start + k * step + down, 'refused'));
}

/**
 * `play`, with a publisher that can fail: a batch per instance per 10 s, the sweeper every minute,
 * and a sweeper run whose delivery throws is a failed invocation (the next run is the next minute,
 * as EventBridge's schedule runs it). `fail(alert, attempt)` says whether this publish fails.
 */
async function playFailing(
  events: EngineEvent[],
  fail: (alert: Alert, attempt: number) => boolean,
): Promise<{ sent: Alert[]; attempts: Map<string, number>; failedRuns: number }> {
  const store = new MemoryStateStore();
  const config = resolveEngineConfig(DEFAULT_ENGINE_CONFIG);
  const sent: Alert[] = [];
  const attempts = new Map<string, number>();
  let failedRuns = 0;
  const publish = async (alert: Alert) => {
    const attempt = (attempts.get(alert.key) ?? 0) + 1;
    attempts.set(alert.key, attempt);
    if (fail(alert, attempt)) throw new Error(`SNS unavailable (${alert.key})`);
    sent.push(alert);
  };
  const deliver = async (run: () => Promise<void>) => {
    try {
      await run();
    } catch {
      failedRuns++;
    }
  };
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : 1));
  const last = sorted.at(-1)!.timestamp;
  for (let tick = sorted[0]!.timestamp, i = 0; tick <= last + 3_600_000; tick += 10_000) {
    const byInstance = new Map<string, EngineEvent[]>();
    for (; i < sorted.length && sorted[i]!.timestamp < tick + 10_000; i++) {
      const e = sorted[i]!;
      byInstance.set(e.instance, [...(byInstance.get(e.instance) ?? []), e]);
    }
    for (const list of byInstance.values()) {
      const result = await ingestBatch(
        { logGroup: LOG_GROUP, logStream: list[0]!.logStream, events: list },
        store,
        config,
      );
      await deliver(async () => {
        await deliverAlerts(result.alerts, store, publish, { now: tick, config, batch: result });
      });
    }
    if ((tick - T0) % 60_000 === 0) {
      const result = await sweep(tick, store, config);
      await deliver(async () => {
        await deliverAlerts(result.alerts, store, publish, { now: tick, config });
      });
    }
  }
  return { sent, attempts, failedRuns };
}

describe('fleet scenarios from real nginx lines', () => {
  it.each([
    [12, true],
    [12, false],
    [20, true],
    [20, false],
  ])(
    'rolling deploy of %i instances (marker: %s): no page, one digest naming every instance',
    async (n, withMarker) => {
      const fleet = names(n);
      const events = [...noise(fleet, 60 + n * 30 + 600), ...rolling(fleet, 12, 30)];
      const windows = withMarker ? [marker('d-ROLL', 50, 60 + n * 30 + 20)] : [];
      const { sent, kinds } = await play(events, { windows });
      expect(kinds).toEqual(['digest:deployment-digest:-']);
      for (const i of fleet) expect(sent[0]!.body).toContain(i);
      expect(sent[0]!.body).toContain(`downtime on ${n} of ${n} instances`);
      expect(sent[0]!.body).not.toContain('down together');
    },
  );

  it('all-at-once deploy inside a marked window: no page; the digest says how many went down together and how to avoid it', async () => {
    const fleet = names(12);
    const events = [...noise(fleet, 900), ...fleet.flatMap((i, k) => span(i, 100 + (k % 3), 140, 'refused'))];
    const { sent, kinds } = await play(events, { windows: [marker('d-ALL', 90, 160)] });
    expect(kinds).toEqual(['digest:deployment-digest:-']);
    expect(sent[0]!.body).toContain('downtime on 12 of 12 instances');
    expect(sent[0]!.body).toContain('12 down together');
    expect(sent[0]!.body).toContain('smaller batches');
  });

  it('a zone of 9 of 30 instances failing for minutes: ONE page "9 of 30", a later joiner in an update, one resolved naming all', async () => {
    const fleet = names(30);
    const zone = fleet.slice(0, 9);
    const joiner = fleet[9]!;
    const events = [
      ...noise(fleet, 1500),
      ...zone.flatMap((i, k) => span(i, 100 + k, 700, 'refused')),
      ...span(joiner, 250, 700, 'refused'),
    ];
    const { sent, kinds } = await play(events);
    expect(kinds).toEqual([
      'page:fleet-outage:fleet',
      'notify:fleet-outage:fleet',
      'resolved:resolved:fleet',
    ]);
    const [page, update, resolved] = sent as [Alert, Alert, Alert];
    expect(page.subject).toContain('correlated failure: 9 of 30 instances failing at once since');
    expect(page.scope.instances).toEqual(zone);
    expect(update.subject).toContain('10 of 30 instances');
    expect(update.body).toContain(`joined ${joiner}`);
    expect(resolved.subject).toContain('10 of 30 instances');
    expect(resolved.scope.instances).toEqual([...zone, joiner].sort());
    // The subject and the JSON agree with the body on the scope.
    expect(page.body).toContain('9 of 30 instances');
    expect(JSON.stringify(page.json)).toContain('9 of 30 instances');
  });

  it('an update whose publish fails is sent by the next sweeper run, once; the next update counts from it', async () => {
    const fleet = names(30);
    const zone = fleet.slice(0, 9);
    const events = [
      ...noise(fleet, 1800),
      ...zone.flatMap((i, k) => span(i, 100 + k, 1200, 'refused')),
      ...span(fleet[9]!, 250, 1200, 'refused'),
      ...span(fleet[10]!, 700, 1200, 'refused'),
    ];
    const clean = await playFailing(events, () => false);
    const updates = (sent: Alert[]) => sent.filter((a) => a.kind === 'notify').map((a) => a.subject);
    expect(updates(clean.sent)).toHaveLength(2);
    // Every first publish of an update fails: each goes out at its second attempt, a minute later.
    const failing = await playFailing(events, (a, attempt) => a.kind === 'notify' && attempt === 1);
    expect(failing.failedRuns).toBe(2);
    expect(updates(failing.sent)).toEqual(updates(clean.sent));
    expect(updates(failing.sent)[0]).toContain('10 of 30 instances');
    expect(updates(failing.sent)[1]).toContain('11 of 30 instances');
    expect(failing.sent.filter((a) => a.kind === 'notify')[1]!.body).toContain('(was 10)');
    expect(
      [...failing.attempts.entries()].filter(([k]) => k.startsWith('update#')).map(([, n]) => n),
    ).toEqual([2, 2]);
    expect(failing.sent.map((a) => a.kind)).toEqual(clean.sent.map((a) => a.kind));
  });

  it('2 of 200 failing while the rest write sparse noise: two instance pages, never a fleet outage', async () => {
    const fleet = names(200);
    const events = [
      ...noise(fleet, 900),
      ...span(fleet[3]!, 100, 400, 'refused'),
      ...span(fleet[77]!, 110, 400, 'refused'),
    ];
    const { kinds, sent } = await play(events);
    expect(kinds.filter((k) => k.startsWith('page'))).toEqual([
      `page:restart-persisting:${fleet[3]}`,
      `page:restart-persisting:${fleet[77]}`,
    ]);
    expect(kinds).not.toContain('page:fleet-outage:fleet');
    expect(sent.every((a) => !a.subject.includes('fleet outage'))).toBe(true);
  });

  it('a backend crashing every minute, no deploy: one flapping page with the restarts, then resolved', async () => {
    const fleet = names(4);
    const events = [
      ...noise(fleet, 1500),
      ...Array.from({ length: 15 }, (_, k) => span(fleet[0]!, 60 + k * 60, 80 + k * 60, 'refused')).flat(),
    ];
    const { sent, kinds } = await play(events);
    expect(kinds).toEqual([`page:flapping:${fleet[0]}`, `resolved:resolved:${fleet[0]}`]);
    expect(sent[0]!.subject).toContain(`${fleet[0]} flapping: 3 restarts`);
    expect(sent[0]!.body).toContain('process manager');
  });

  it('the same bursts inside a marked deploy window do not count as flapping', async () => {
    const fleet = names(4);
    const events = [
      ...noise(fleet, 900),
      ...Array.from({ length: 5 }, (_, k) => span(fleet[0]!, 60 + k * 60, 80 + k * 60, 'refused')).flat(),
    ];
    const { kinds } = await play(events, { windows: [marker('d-SLOW', 50, 400)] });
    expect(kinds).toEqual(['digest:deployment-digest:-']);
  });

  it('a slow 504 drain below the capacity rate: no page, no fleet outage', async () => {
    const fleet = names(10);
    const events = [...noise(fleet, 900), ...span(fleet[2]!, 60, 660, 'timeout', 40)];
    const { kinds } = await play(events);
    expect(kinds).toEqual([]);
  });

  it('a deploy that leaves one of 10 instances broken: one page naming the deployment and the instance; the digest says it is still failing', async () => {
    const fleet = names(10);
    const events = [
      ...noise(fleet, 1200),
      ...rolling(fleet.slice(0, 9), 10, 30),
      ...span(fleet[9]!, 60 + 9 * 30, 60 + 9 * 30 + 400, 'refused'),
    ];
    const { sent, kinds } = await play(events, { windows: [marker('d-BAD', 50, 60 + 10 * 30)] });
    expect(kinds.filter((k) => k.startsWith('page'))).toEqual([`page:restart-persisting:${fleet[9]}`]);
    expect(sent.find((a) => a.kind === 'page')!.subject).toContain(
      `deployment d-BAD left ${fleet[9]} failing`,
    );
    const digest = sent.find((a) => a.kind === 'digest')!;
    expect(digest.body).toContain(`still failing: ${fleet[9]}`);
  });

  it('a zero-downtime deploy: a digest saying so, nothing else', async () => {
    const fleet = names(10);
    const { sent, kinds } = await play(noise(fleet, 900, 60), { windows: [marker('d-ZERO', 100, 400)] });
    expect(kinds).toEqual(['digest:deployment-digest:-']);
    expect(sent[0]!.subject).toContain('zero-downtime');
    expect(sent[0]!.subject).not.toContain('not zero-downtime');
  });

  it('a whole fleet of 15 failing outside any deploy: one page "all 15 of 15"', async () => {
    const fleet = names(15);
    const events = [...noise(fleet, 900), ...fleet.flatMap((i, k) => span(i, 100 + (k % 5), 400, 'refused'))];
    const { sent, kinds } = await play(events);
    expect(kinds).toEqual(['page:fleet-outage:fleet', 'resolved:resolved:fleet']);
    expect(sent[0]!.subject).toContain('fleet outage: all 15 of 15 instances failing at once');
  });

  it('a configured fleet size is the denominator: 3 failing of 2 files but 40 instances is "3 of 40"', async () => {
    const fleet = names(3);
    const events = fleet.flatMap((i) => span(i, 100, 400, 'refused'));
    const { sent, kinds } = await play(events, { cfg: { fleetSizes: { [LOG_GROUP]: 40 } } });
    expect(kinds[0]).toBe('page:fleet-outage:fleet');
    expect(sent[0]!.subject).toContain('3 of 40 instances');
  });

  it('replays are deterministic and do not depend on the order of events within a batch', async () => {
    const fleet = names(30);
    const events = [
      ...noise(fleet, 900),
      ...fleet.slice(0, 9).flatMap((i, k) => span(i, 100 + k, 500, 'refused')),
    ];
    const once = await play(events);
    const shuffled = [...events].reverse();
    const again = await play(shuffled);
    expect(again.sent.map((a) => [a.key, a.subject, a.body])).toEqual(
      once.sent.map((a) => [a.key, a.subject, a.body]),
    );
  });
});
