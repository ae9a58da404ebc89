import type { CauseId, ClassifiedLine } from '../types.ts';
import { addDistinct, addSample, MAX_SAMPLE_CHARS, MAX_SAMPLES } from './boundedSets.ts';
import type { EngineConfig } from './EngineConfig.ts';
import type { EngineEvent } from './EngineEvent.ts';
import { expiresAtFor } from './expiresAtFor.ts';
import { incidentSlot } from './incidentSlot.ts';
import { maskSample } from './maskSample.ts';
import type { Burst, IncidentDelta, InstanceActivity } from './ports.ts';

/** Groups whose incidents also feed a fleet incident (noise and lifecycle are only counted). */
const FLEET_GROUPS = new Set(['restart', 'config', 'capacity', 'app']);
/** Events of a run masked while looking for distinct samples. */
const SAMPLE_TRIES = 16;
/** Lifecycle causes that open an nginx lifecycle window on the instance. */
const LIFECYCLE_CAUSES = new Set<CauseId>(['nginx_start', 'nginx_reload', 'nginx_stop']);

/** What one batch amounts to, before the store is touched. */
export interface BatchAggregate {
  deltas: IncidentDelta[];
  activity: InstanceActivity[];
  /** Events by cause, `unparsed` included: nothing is dropped silently. */
  causeCounts: Partial<Record<CauseId, number>>;
  events: number;
  firstSeen: number;
  lastSeen: number;
}

/**
 * Aggregates a batch into a few deltas per (instance, cause) and one activity record per instance.
 * Events are sorted by time first (delivery order means nothing). A quiet gap inside the batch
 * splits a cause's events into separate deltas, so each delta belongs to one incident.
 */
export function aggregateBatch(
  events: readonly EngineEvent[],
  batchId: string,
  config: EngineConfig,
): BatchAggregate {
  const sorted = [...events].sort((x, y) => x.timestamp - y.timestamp || compareIds(x.eventId, y.eventId));
  const causeCounts: Partial<Record<CauseId, number>> = {};
  const runs = new Map<string, EngineEvent[][]>();
  const byInstance = new Map<string, EngineEvent[]>();
  const quietMs = config.quiet * 1000;
  for (const event of sorted) {
    const { cause } = event.classified;
    causeCounts[cause] = (causeCounts[cause] ?? 0) + 1;
    const perInstance = byInstance.get(event.instance) ?? [];
    perInstance.push(event);
    byInstance.set(event.instance, perInstance);
    if (cause === 'unparsed') continue;
    const slot = incidentSlot(event.logGroup, event.instance, cause);
    const slotRuns = runs.get(slot) ?? [];
    const current = slotRuns.at(-1);
    if (current && event.timestamp - current.at(-1)!.timestamp < quietMs) current.push(event);
    else slotRuns.push([event]);
    runs.set(slot, slotRuns);
  }
  const deltas: IncidentDelta[] = [];
  for (const [slot, slotRuns] of runs) {
    slotRuns.forEach((run, n) => {
      // Ids are unique within their slot only (the guard is per incident): see `IncidentDelta.deltaId`.
      const delta = deltaOf(run, `${batchId}#${n}`, batchId, slot);
      deltas.push(delta);
      if (FLEET_GROUPS.has(delta.group)) {
        const fleetSlot = incidentSlot(delta.logGroup, null, delta.cause);
        deltas.push({
          ...delta,
          deltaId: `${batchId}#${delta.instance}#${n}`,
          slot: fleetSlot,
          instance: null,
        });
      }
    });
  }
  const activity = [...byInstance.values()].map((list) => activityOf(list, batchId, config));
  return {
    deltas,
    activity,
    causeCounts,
    events: sorted.length,
    firstSeen: sorted[0]?.timestamp ?? 0,
    lastSeen: sorted.at(-1)?.timestamp ?? 0,
  };
}

function deltaOf(run: EngineEvent[], deltaId: string, batchId: string, slot: string): IncidentDelta {
  const first = run[0]!;
  const c = first.classified;
  const delta: IncidentDelta = {
    deltaId,
    batchId,
    slot,
    logGroup: first.logGroup,
    instance: first.instance,
    cause: c.cause,
    group: c.group,
    severity: c.severity,
    firstSeen: first.timestamp,
    lastSeen: run.at(-1)!.timestamp,
    count: run.length,
    statusCounts: {},
    perInstance: { [first.instance]: run.length },
    upstreams: [],
    hosts: [],
    samples: [],
    buckets: {},
  };
  let sampled = 0;
  for (const event of run) {
    const line = event.classified;
    const status = statusKey(line);
    delta.statusCounts[status] = (delta.statusCounts[status] ?? 0) + 1;
    const minute = String(Math.floor(event.timestamp / 60_000));
    delta.buckets[minute] = (delta.buckets[minute] ?? 0) + 1;
    if (line.entry.kind === 'entry') {
      const up = line.entry.upstream;
      if (up)
        addDistinct(delta.upstreams, upstreamLabel(up.scheme, up.address, up.port, up.socketPath, up.raw));
      if (line.entry.host) addDistinct(delta.hosts, line.entry.host);
    }
    // Samples come from the first events of the run: masking every one of 10 000 lines buys nothing.
    if (delta.samples.length < MAX_SAMPLES && sampled++ < SAMPLE_TRIES) {
      addSample(delta.samples, maskSample(line.entry.raw.slice(0, MAX_SAMPLE_CHARS * 2)));
    }
  }
  return delta;
}

function activityOf(events: EngineEvent[], batchId: string, config: EngineConfig): InstanceActivity {
  const first = events[0]!;
  const last = events.at(-1)!;
  const gapMs = config.burstGap * 1000;
  const restartBursts: Burst[] = [];
  const statusByMinute: Record<string, Record<string, number>> = {};
  const lifecycle: { time: number; cause: CauseId }[] = [];
  for (const event of events) {
    const line = event.classified;
    if (line.status === 502 || line.status === 504) {
      const minute = String(Math.floor(event.timestamp / 60_000));
      const counts = statusByMinute[minute] ?? {};
      counts[String(line.status)] = (counts[String(line.status)] ?? 0) + 1;
      statusByMinute[minute] = counts;
    }
    if (LIFECYCLE_CAUSES.has(line.cause)) lifecycle.push({ time: event.timestamp, cause: line.cause });
    if (line.group !== 'restart') continue;
    const burst = restartBursts.at(-1);
    if (burst && event.timestamp - burst.end <= gapMs) {
      burst.end = event.timestamp;
      burst.count++;
      if (!burst.causes.includes(line.cause)) burst.causes.push(line.cause);
    } else {
      restartBursts.push({ start: event.timestamp, end: event.timestamp, count: 1, causes: [line.cause] });
    }
  }
  return {
    logGroup: first.logGroup,
    instance: first.instance,
    batchId,
    firstSeen: first.timestamp,
    lastSeen: last.timestamp,
    events: events.length,
    restartBursts,
    statusByMinute,
    lifecycle,
    expiresAt: expiresAtFor(last.timestamp, config),
  };
}

function statusKey(line: ClassifiedLine): string {
  return line.status === null ? 'none' : String(line.status);
}

function upstreamLabel(
  scheme: string | undefined,
  address: string | undefined,
  port: number | undefined,
  socketPath: string | undefined,
  raw: string,
): string {
  if (socketPath !== undefined) return `unix:${socketPath}`;
  if (address === undefined) return raw;
  const host = address.includes(':') ? `[${address}]` : address;
  return `${scheme ? `${scheme}://` : ''}${host}${port === undefined ? '' : `:${port}`}`;
}

/** CloudWatch ids are equal-length digit strings; CLI ids are `file:line`: compare numerically when both are. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
