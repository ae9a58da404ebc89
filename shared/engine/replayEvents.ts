import type { Alert } from '../alerts/index.ts';
import type { CauseId } from '../model/index.ts';
import { deliverAlerts, type SuppressedAlert } from './alerting/index.ts';
import type { EngineSettings } from './config/index.ts';
import { expiresAtFor } from './config/index.ts';
import type { EngineEvent } from './ingest/index.ts';
import { ingestBatch } from './ingest/index.ts';
import type { StateStore } from './store/index.ts';
import { sweep } from './sweep/index.ts';
import { activityHorizon, digestLookbackMs } from './windows/index.ts';

export interface ReplayOptions {
  /** Events of one stream within this many ms form one batch (CloudWatch delivers every few seconds). */
  batchMs: number;
  /** Ms between sweeps (the Lambda sweeper runs every minute). */
  sweepMs: number;
  /**
   * Where alerts go as they are decided: `sent` in publishing order, `suppressed` (held back by the
   * cooldown) once per key. Without it they are collected in `outcome.sent` and `outcome.suppressed`;
   * a caller that replays a long log passes its own and keeps only what it needs (a 1 GB log sends
   * thousands of alerts of a few KB each: half of what a replay held).
   */
  collect?: AlertCollector;
}

/** Receives a replay's alerts (see `ReplayOptions.collect`). */
export interface AlertCollector {
  sent(alert: Alert): void;
  suppressed(alert: Alert): void;
}

export interface ReplayOutcome {
  /** Alerts in the order they would have been published (empty when `options.collect` took them). */
  sent: Alert[];
  /** Alerts held back by the cooldown, once per key (empty when `options.collect` took them). */
  suppressed: Alert[];
  events: number;
  causeCounts: Partial<Record<CauseId, number>>;
  firstSeen: number;
  lastSeen: number;
  /** The time of the last sweep: the last event plus the time digests need to become due. */
  endedAt: number;
  batches: number;
}

/**
 * Replays time-ordered events as the Lambda would see them: one batch per stream per
 * `batchMs` of event time, the sweeper every `sweepMs` (also across gaps, until nothing
 * can change any more), and a last sweep when the input ends, late enough for the digests of
 * deployments that ended (but not so late that incidents still failing are declared resolved).
 * Events come one at a time or in arrays (a caller reading chunks hands each chunk's events at once:
 * one async step per array). After each sweep, a store with `expire` forgets what can no longer matter (see `activityHorizon`),
 * so memory stays bounded however long the input.
 */
export async function replayEvents(
  events:
    | AsyncIterable<EngineEvent | readonly EngineEvent[]>
    | Iterable<EngineEvent | readonly EngineEvent[]>,
  store: StateStore,
  config: EngineSettings,
  options: ReplayOptions = { batchMs: 10_000, sweepMs: 60_000 },
): Promise<ReplayOutcome> {
  const { batchMs: tickMs, sweepMs } = options;
  const horizonMs = config.quietMs + config.graceMs + config.waveGapMs + config.maxDeployDurationMs;
  const outcome: ReplayOutcome = {
    sent: [],
    suppressed: [],
    events: 0,
    causeCounts: {},
    firstSeen: 0,
    lastSeen: 0,
    endedAt: 0,
    batches: 0,
  };
  const suppressedKeys = new Set<string>();
  const pending = new Map<string, EngineEvent[]>();
  const collect: AlertCollector = options.collect ?? {
    sent: (alert) => outcome.sent.push(alert),
    suppressed: (alert) => outcome.suppressed.push(alert),
  };
  const publish = async (alert: Alert) => {
    collect.sent(alert);
  };
  const flush = async (now: number) => {
    for (const list of pending.values()) {
      const first = list[0]!;
      const result = await ingestBatch(
        { logGroup: first.logGroup, logStream: first.logStream, events: list },
        store,
        config,
      );
      outcome.batches++;
      for (const [cause, n] of Object.entries(result.causeCounts)) {
        outcome.causeCounts[cause as CauseId] = (outcome.causeCounts[cause as CauseId] ?? 0) + n;
      }
      noteSuppressed(result.suppressed);
      await deliverAlerts(result.alerts, store, publish, { now, config, batch: result });
    }
    pending.clear();
  };
  const runSweep = async (now: number) => {
    const result = await sweep(now, store, config);
    noteSuppressed(result.suppressed);
    await deliverAlerts(result.alerts, store, publish, { now, config });
    if (store.expire) {
      // What TTL would have deleted by now, and activity no later read reaches: bounded memory.
      const windows = await store.listDeployWindows(now - digestLookbackMs(config), now);
      const activityBefore = activityHorizon(now, windows, config);
      // A replay delivers each batch once: a batch that ended before the horizon never comes again.
      await store.expire(Math.floor(now / 1000), {
        activityBefore,
        batchesExpiringBefore: expiresAtFor(activityBefore, config),
      });
    }
  };
  // Read (and so rendered) once per key: the cooldown holds the same alert back at every evaluation.
  const noteSuppressed = (held: readonly SuppressedAlert[]) => {
    for (const s of held) {
      if (suppressedKeys.has(s.key)) continue;
      suppressedKeys.add(s.key);
      collect.suppressed(s.alert);
    }
  };

  let tickEnd: number | undefined;
  let lastSweep = 0;
  // The pending list of the stream of the event before: a file's events come in long runs.
  let lastGroup: string | undefined;
  let lastStream: string | undefined;
  let lastList: EngineEvent[] | undefined;
  let firstSeen = Infinity;
  let lastSeen = -Infinity;
  for await (const item of events) {
    const list: readonly EngineEvent[] = isEventArray(item) ? item : [item];
    for (let i = 0; i < list.length; i++) {
      const event = list[i]!;
      const timestamp = event.timestamp;
      if (tickEnd === undefined) {
        tickEnd = Math.floor(timestamp / tickMs) * tickMs + tickMs;
        lastSweep = tickEnd - tickMs;
        firstSeen = timestamp;
      }
      if (timestamp >= tickEnd) {
        outcome.firstSeen = firstSeen;
        outcome.lastSeen = lastSeen;
        lastList = undefined;
        while (timestamp >= tickEnd) {
          await flush(tickEnd);
          if (tickEnd - lastSweep >= sweepMs) {
            await runSweep(tickEnd);
            lastSweep = tickEnd;
          }
          // Across a long gap, stop sweeping once nothing can become due; jump to the event's tick.
          tickEnd =
            tickEnd - lastSeen > horizonMs
              ? Math.floor(timestamp / tickMs) * tickMs + tickMs
              : tickEnd + tickMs;
        }
      }
      if (lastList === undefined || event.logStream !== lastStream || event.logGroup !== lastGroup) {
        const key = `${event.logGroup}\u0000${event.logStream}`;
        lastList = pending.get(key);
        if (lastList === undefined) {
          lastList = [];
          pending.set(key, lastList);
        }
        lastGroup = event.logGroup;
        lastStream = event.logStream;
      }
      lastList.push(event);
      outcome.events++;
      if (timestamp < firstSeen) firstSeen = timestamp;
      if (timestamp > lastSeen) lastSeen = timestamp;
    }
  }
  if (tickEnd === undefined) return outcome;
  outcome.firstSeen = firstSeen;
  outcome.lastSeen = lastSeen;
  await flush(tickEnd);
  await runSweep(Math.max(tickEnd, outcome.lastSeen));
  outcome.endedAt = outcome.lastSeen + Math.max(config.graceMs, config.waveGapMs) + 1000;
  await runSweep(outcome.endedAt);
  return outcome;
}

function isEventArray(item: EngineEvent | readonly EngineEvent[]): item is readonly EngineEvent[] {
  return Array.isArray(item);
}
