import type { Alert } from '#shared/alerts/Alert.ts';
import { classifyLine } from '#shared/classify/classifyLine.ts';
import { deliverAlerts } from '#shared/engine/alerting/deliverAlerts.ts';
import {
  DEFAULT_ENGINE_CONFIG,
  type EngineConfig,
  type EngineSettings,
  resolveEngineConfig,
} from '#shared/engine/config/index.ts';
import type { EngineBatch, EngineEvent } from '#shared/engine/ingest/EngineEvent.ts';
import { ingestBatch } from '#shared/engine/ingest/ingestBatch.ts';
import type { StateStore } from '#shared/engine/store/StateStore.ts';
import { sweep } from '#shared/engine/sweep/sweep.ts';
import type { DeployWindow } from '#shared/model/index.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';

/** A fixed origin: 2026-11-03T10:00:00Z. Tests speak in seconds after it. */
export const T0 = Date.UTC(2026, 10, 3, 10, 0, 0);
export const LOG_GROUP = '/ec2/nginx/error';
export const at = (seconds: number) => T0 + seconds * 1000;

const TAIL = (n: number) =>
  `, client: 10.0.${n % 250}.${(n * 7) % 250}, server: shop, request: "GET /api/orders/${n} HTTP/1.1", upstream: "http://10.1.0.5:8000/api/orders/${n}", host: "shop.example.com"`;

/** Real nginx message shapes, one per cause group the decisions care about. */
export const MESSAGES = {
  refused: (n: number) =>
    `[error] 4711#4711: *${n} connect() failed (111: Connection refused) while connecting to upstream${TAIL(n)}`,
  permission: (n: number) =>
    `[crit] 4711#4711: *${n} connect() to unix:/run/app.sock failed (13: Permission denied) while connecting to upstream, client: 10.0.0.7, server: shop, request: "GET /x HTTP/1.1", upstream: "http://unix:/run/app.sock:/x", host: "shop.example.com"`,
  timeout: (n: number) =>
    `[error] 4711#4711: *${n} upstream timed out (110: Connection timed out) while reading response header from upstream${TAIL(n)}`,
  fastcgi: (n: number) =>
    `[error] 4711#4711: *${n} FastCGI sent in stderr: "PHP message: PHP Fatal error:  boom in /var/www/x.php:3" while reading response header from upstream, client: 10.0.0.7, server: shop, request: "GET /x HTTP/1.1", upstream: "fastcgi://unix:/run/php.sock:", host: "shop.example.com"`,
  clientClosed: (n: number) =>
    `[info] 4711#4711: *${n} client closed connection while waiting for request, client: 10.0.0.7, server: 0.0.0.0:80`,
  reload: (_n: number) => '[notice] 4711#4711: signal 1 (SIGHUP) received from 5531, reconfiguring',
} as const;
export type MessageKind = keyof typeof MESSAGES;

function nginxTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)} ${iso.slice(11, 19)}`;
}

let serial = 0;
/** One event, classified by the real parser and classifier. */
export function event(
  instance: string,
  seconds: number,
  kind: MessageKind,
  logGroup = LOG_GROUP,
): EngineEvent {
  serial++;
  const ms = at(seconds);
  return {
    logGroup,
    logStream: instance,
    instance,
    timestamp: ms,
    eventId: `${String(ms).padStart(20, '0')}${String(serial).padStart(8, '0')}`,
    classified: classifyLine(parseErrorLine(`${nginxTime(ms)} ${MESSAGES[kind](serial)}`)),
  };
}

/** Events every `step` seconds from `from` to `to` (inclusive) on one instance. */
export function run(instance: string, from: number, to: number, kind: MessageKind, step = 1): EngineEvent[] {
  const out: EngineEvent[] = [];
  for (let s = from; s <= to + 1e-9; s += step) out.push(event(instance, s, kind));
  return out;
}

export function batchOf(events: EngineEvent[]): EngineBatch {
  return { logGroup: events[0]?.logGroup ?? LOG_GROUP, logStream: events[0]?.logStream ?? 'none', events };
}

/** The engine's settings with some thresholds changed (in seconds, as an operator writes them). */
export function config(overrides: Partial<EngineConfig> = {}): EngineSettings {
  return resolveEngineConfig({ ...DEFAULT_ENGINE_CONFIG, ...overrides });
}

/**
 * Drives the engine the way the Lambda functions do: each batch is ingested and its alerts
 * delivered at `now` = its newest event; `sweepAt` runs the sweeper. Collects what was published.
 */
export class Driver {
  readonly published: Alert[] = [];
  constructor(
    readonly store: StateStore,
    readonly cfg: EngineSettings = config(),
  ) {}

  async ingest(events: EngineEvent[]) {
    const result = await ingestBatch(batchOf(events), this.store, this.cfg);
    const now = Math.max(...events.map((e) => e.timestamp));
    await deliverAlerts(result.alerts, this.store, async (a) => this.published.push(a), {
      now,
      config: this.cfg,
      batch: result,
    });
    return result;
  }

  /** Ingests events in batches of one instance and `seconds` of time, in time order. */
  async ingestAll(events: EngineEvent[], seconds = 10) {
    const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
    const groups = new Map<string, EngineEvent[]>();
    for (const e of sorted) {
      const key = `${e.instance}#${Math.floor((e.timestamp - T0) / (seconds * 1000))}`;
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    const batches = [...groups.values()].sort((a, b) => a.at(-1)!.timestamp - b.at(-1)!.timestamp);
    for (const b of batches) await this.ingest(b);
  }

  async sweepAt(seconds: number) {
    const result = await sweep(at(seconds), this.store, this.cfg);
    await deliverAlerts(result.alerts, this.store, async (a) => this.published.push(a), {
      now: at(seconds),
      config: this.cfg,
    });
    return result;
  }

  kinds(): string[] {
    return this.published.map(
      (a) => `${a.kind}:${a.rule}:${a.scope.instance ?? (a.scope.fleet ? 'fleet' : '-')}`,
    );
  }
}

/** A table-driven decision case: events, deploy windows, extra sweep times, and the alerts expected. */
export interface DecisionCase {
  name: string;
  events: () => EngineEvent[];
  windows?: Omit<DeployWindow, 'expiresAt'>[];
  sweeps?: number[];
  cfg?: Partial<EngineConfig>;
  /** `kind:rule:scope` of every published alert, in order. */
  expected: string[];
  /** Text the first alert's subject must contain. */
  subject?: string;
}

/** A deploy marker window from `start` to `end` seconds after T0. */
export const marker = (
  id: string,
  start: number,
  end: number,
  instances?: string[],
): Omit<DeployWindow, 'expiresAt'> => ({
  id,
  source: 'marker',
  logGroups: [LOG_GROUP],
  start: at(start),
  end: at(end),
  ...(instances ? { instances } : {}),
});

/**
 * Plays a case through a driver as the Lambda would see it: its windows stored first, then the
 * events in time order in batches, with the sweeps interleaved at their times. Returns the kinds sent.
 */
export async function replayCase(c: DecisionCase, driver: Driver): Promise<string[]> {
  for (const w of c.windows ?? []) await driver.store.putDeployWindow({ ...w, expiresAt: 0 });
  const sorted = [...c.events()].sort((a, b) => a.timestamp - b.timestamp);
  // The sweeper runs every minute (restart and fleet decisions are its): each minute up to a minute
  // after the last event, plus the case's own sweeps.
  const last = Math.ceil(((sorted.at(-1)?.timestamp ?? T0) - T0) / 1000);
  const minutes: number[] = [];
  for (let s = 60; s <= last + 60; s += 60) minutes.push(s);
  const sweeps = [...new Set([...minutes, ...(c.sweeps ?? [])])].sort((a, b) => a - b);
  let chunk: EngineEvent[] = [];
  for (const e of sorted) {
    while (sweeps.length > 0 && at(sweeps[0]!) <= e.timestamp) {
      await driver.ingestAll(chunk);
      chunk = [];
      await driver.sweepAt(sweeps.shift()!);
    }
    chunk.push(e);
  }
  await driver.ingestAll(chunk);
  for (const s of sweeps) await driver.sweepAt(s);
  return driver.kinds();
}
