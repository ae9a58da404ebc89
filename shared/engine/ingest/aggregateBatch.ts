import { CAUSE_GROUP_TRAITS } from '../../catalogue/index.ts';
import type { Burst, CauseId, IncidentDelta, InstanceActivity } from '../../model/index.ts';
import { emptyCounts } from '../../model/index.ts';
import { parseUpstream } from '../../parse/index.ts';
import type { EngineSettings } from '../config/index.ts';
import { expiresAtFor } from '../config/index.ts';
import { addDistinct, incidentSlot, MAX_DISTINCT, MAX_SAMPLE_CHARS } from '../store/index.ts';
import type { EngineEvent } from './EngineEvent.ts';

/** Events of a run kept as sample candidates (masked until 5 distinct ones are found). */
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

/** A slot's events in this batch, split into runs by quiet gaps. */
interface SlotRuns {
  slot: string;
  runs: EngineEvent[][];
}

/**
 * Aggregates a batch into a few deltas per (instance, cause) and one activity record per instance.
 * Events are taken in time order (delivery order means nothing): the Lambda's `toEngineEvents`
 * already sorted them, so a linear check skips the sort unless some caller (CLI, tests) passed them
 * unsorted. A quiet gap inside the batch splits a cause's events into separate deltas, so each delta
 * belongs to one incident.
 */
export function aggregateBatch(
  events: readonly EngineEvent[],
  batchId: string,
  config: EngineSettings,
): BatchAggregate {
  const sorted = isTimeOrdered(events) ? events : [...events].sort(compareEvents);
  const causeCounts: Partial<Record<CauseId, number>> = {};
  // (logGroup, instance) -> cause -> runs; `ordered` keeps first-seen order (the order deltas are applied).
  const slots = new Map<string, Map<string, Map<CauseId, SlotRuns>>>();
  const ordered: SlotRuns[] = [];
  const byInstance = new Map<string, EngineEvent[]>();
  const quietMs = config.quietMs;
  for (const event of sorted) {
    const { cause } = event.classified;
    causeCounts[cause] = (causeCounts[cause] ?? 0) + 1;
    let perInstance = byInstance.get(event.instance);
    if (!perInstance) {
      perInstance = [];
      byInstance.set(event.instance, perInstance);
    }
    perInstance.push(event);
    if (cause === 'unparsed') continue;
    let instances = slots.get(event.logGroup);
    if (!instances) {
      instances = new Map();
      slots.set(event.logGroup, instances);
    }
    let causes = instances.get(event.instance);
    if (!causes) {
      causes = new Map();
      instances.set(event.instance, causes);
    }
    let slotRuns = causes.get(cause);
    if (!slotRuns) {
      slotRuns = { slot: incidentSlot(event.logGroup, event.instance, cause), runs: [] };
      causes.set(cause, slotRuns);
      ordered.push(slotRuns);
    }
    const current = slotRuns.runs.at(-1);
    if (current && event.timestamp - current.at(-1)!.timestamp < quietMs) current.push(event);
    else slotRuns.runs.push([event]);
  }
  const deltas: IncidentDelta[] = [];
  for (const { slot, runs } of ordered) {
    runs.forEach((run, n) => {
      // Ids are unique within their slot only (the guard is per incident): see `IncidentDelta.deltaId`.
      const delta = deltaOf(run, `${batchId}#${n}`, batchId, slot);
      deltas.push(delta);
      // Restart failures gather in the sweeper's correlated incident, not in a per-cause fleet slot.
      if (CAUSE_GROUP_TRAITS[delta.group].causeFleet) {
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
  const sampleLines: string[] = [];
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
    statusCounts: emptyCounts(),
    perInstance: emptyCounts(),
    upstreams: [],
    hosts: [],
    sampleLines,
    buckets: emptyCounts(),
  };
  delta.perInstance[first.instance] = run.length;
  // Counted in locals first: a handful of distinct statuses and minutes per run, thousands of events.
  const statuses = new Map<number | null, number>();
  let minute = Math.floor(first.timestamp / 60_000);
  let inMinute = 0;
  let lastUpstream: string | undefined;
  let lastHost: string | undefined;
  for (const event of run) {
    const line = event.classified;
    statuses.set(line.status, (statuses.get(line.status) ?? 0) + 1);
    const m = Math.floor(event.timestamp / 60_000);
    if (m !== minute) {
      delta.buckets[minute] = (delta.buckets[minute] ?? 0) + inMinute;
      minute = m;
      inMinute = 0;
    }
    inMinute++;
    // The line's own `upstreamRaw`, `host` and `raw`, not `line.entry`: reading the entry of a lazily
    // classified line parses it in full. Runs repeat the same upstream and host: only a value unlike
    // the previous one can be new, and only that one is split into its parts.
    const upRaw = line.upstreamRaw;
    if (upRaw !== undefined && upRaw !== lastUpstream && delta.upstreams.length < MAX_DISTINCT) {
      lastUpstream = upRaw;
      const up = parseUpstream(upRaw);
      addDistinct(delta.upstreams, upstreamLabel(up.scheme, up.address, up.port, up.socketPath, up.raw));
    }
    const host = line.host;
    if (host && host !== lastHost) {
      lastHost = host;
      addDistinct(delta.hosts, host);
    }
    // Sample candidates are the first events of the run: masking every one of 10 000 lines buys
    // nothing, and they are masked only if an incident needs them (`deltaSamples`).
    if (sampleLines.length < SAMPLE_TRIES) sampleLines.push(line.raw.slice(0, MAX_SAMPLE_CHARS * 2));
  }
  delta.buckets[minute] = (delta.buckets[minute] ?? 0) + inMinute;
  for (const [status, n] of statuses) delta.statusCounts[status === null ? 'none' : String(status)] = n;
  return delta;
}

function activityOf(events: EngineEvent[], batchId: string, config: EngineSettings): InstanceActivity {
  const first = events[0]!;
  const last = events.at(-1)!;
  const restartBursts: Burst[] = [];
  const statusByMinute = emptyCounts<Record<string, number>>();
  const lifecycle: { time: number; cause: CauseId }[] = [];
  for (const event of events) {
    const line = event.classified;
    if (line.status === 502 || line.status === 504) {
      const minute = Math.floor(event.timestamp / 60_000);
      let counts = statusByMinute[minute];
      if (!counts) {
        counts = emptyCounts();
        statusByMinute[minute] = counts;
      }
      counts[line.status] = (counts[line.status] ?? 0) + 1;
    }
    if (LIFECYCLE_CAUSES.has(line.cause)) lifecycle.push({ time: event.timestamp, cause: line.cause });
    if (line.group !== 'restart') continue;
    const burst = restartBursts.at(-1);
    if (burst && event.timestamp - burst.end <= config.burstGapMs) {
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

/** Time, then id: CloudWatch ids are equal-length digit strings, CLI ids `file:line` (numeric when both are). */
function compareEvents(x: EngineEvent, y: EngineEvent): number {
  return x.timestamp - y.timestamp || compareIds(x.eventId, y.eventId);
}

/** Whether the events are already in `compareEvents` order (then a stable sort would not move any). */
function isTimeOrdered(events: readonly EngineEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (compareEvents(events[i - 1]!, events[i]!) > 0) return false;
  return true;
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
