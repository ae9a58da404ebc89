import { CAUSE_GROUP_TRAITS } from '../../catalogue/index.ts';
import type {
  Burst,
  CauseId,
  ClassifiedLine,
  IncidentDelta,
  InstanceActivity,
  MinuteCounts,
} from '../../model/index.ts';
import { addNewestMinute, emptyCounts } from '../../model/index.ts';
import { parseUpstream } from '../../parse/index.ts';
import type { EngineSettings } from '../config/index.ts';
import { expiresAtFor } from '../config/index.ts';
import { addDistinct, incidentSlot, MAX_DISTINCT, MAX_SAMPLE_CHARS } from '../store/index.ts';
import { compareEventIds } from './compareEventIds.ts';
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
  const aggregator = new BatchAggregator(config);
  for (const event of sorted)
    aggregator.add(event.logGroup, event.instance, event.timestamp, event.classified);
  return aggregator.finish(batchId);
}

/** One run of a slot (its events with no quiet gap between them), counted as its events arrive. */
interface Run {
  /** The run's first line: its cause, group and severity are the delta's. */
  first: ClassifiedLine;
  logGroup: string;
  instance: string;
  firstSeen: number;
  lastSeen: number;
  count: number;
  statuses: Map<number | null, number>;
  buckets: MinuteCounts;
  minute: number;
  inMinute: number;
  upstreams: string[];
  hosts: string[];
  lastUpstream: string | undefined;
  lastHost: string | undefined;
  sampleLines: string[];
}

/** A slot's events in this batch, split into runs by quiet gaps. */
interface SlotRuns {
  slot: string;
  runs: Run[];
}

/** One instance's events in this batch, counted as they arrive. */
interface Activity {
  logGroup: string;
  instance: string;
  firstSeen: number;
  lastSeen: number;
  events: number;
  restartBursts: Burst[];
  statusByMinute: Record<string, Record<string, number>>;
  lifecycle: { time: number; cause: CauseId }[];
}

/**
 * {@link aggregateBatch} one event at a time, for a caller that classifies and aggregates in one pass
 * without keeping an event object per event (the Lambda's ingest): `add` every event in time order
 * (time, then id: the order `aggregateBatch` sorts into), then `finish` once. The same deltas,
 * activity and counts as `aggregateBatch` over the same events in that order.
 */
export class BatchAggregator {
  // A Map while counting: a record that gains cause keys in a different order in every batch made
  // this store megamorphic, about 0.5 µs per event. `finish` returns the record, keys in first-seen order.
  private readonly causeCounts = new Map<CauseId, number>();
  events = 0;
  private firstSeen = 0;
  private lastSeen = 0;
  // (logGroup, instance) -> cause -> runs; `ordered` keeps first-seen order (the order deltas are applied).
  private readonly slots = new Map<string, Map<string, Map<CauseId, SlotRuns>>>();
  private readonly ordered: SlotRuns[] = [];
  private readonly byInstance = new Map<string, Activity>();
  // The last (log group, instance) seen and its causes and activity: a batch is one stream.
  private lastGroup: string | undefined;
  private lastInstance: string | undefined;
  private lastCauses: Map<CauseId, SlotRuns> | undefined;
  private lastActivity: Activity | undefined;

  constructor(private readonly config: EngineSettings) {}

  /** Adds one classified event (events in time order, see the class). */
  add(logGroup: string, instance: string, timestamp: number, line: ClassifiedLine): void {
    const cause = line.cause;
    this.causeCounts.set(cause, (this.causeCounts.get(cause) ?? 0) + 1);
    if (this.events === 0) this.firstSeen = timestamp;
    this.lastSeen = timestamp;
    this.events++;
    let activity = this.lastActivity;
    if (activity === undefined || instance !== this.lastInstance) {
      activity = this.byInstance.get(instance);
      if (!activity) {
        activity = {
          logGroup,
          instance,
          firstSeen: timestamp,
          lastSeen: timestamp,
          events: 0,
          restartBursts: [],
          statusByMinute: emptyCounts<Record<string, number>>(),
          lifecycle: [],
        };
        this.byInstance.set(instance, activity);
      }
    }
    this.addActivity(activity, timestamp, line);
    let causes = this.lastCauses;
    if (causes === undefined || logGroup !== this.lastGroup || instance !== this.lastInstance) {
      let instances = this.slots.get(logGroup);
      if (!instances) {
        instances = new Map();
        this.slots.set(logGroup, instances);
      }
      causes = instances.get(instance);
      if (!causes) {
        causes = new Map();
        instances.set(instance, causes);
      }
    }
    this.lastGroup = logGroup;
    this.lastInstance = instance;
    this.lastCauses = causes;
    this.lastActivity = activity;
    if (cause === 'unparsed') return;
    let slotRuns = causes.get(cause);
    if (!slotRuns) {
      slotRuns = { slot: incidentSlot(logGroup, instance, cause), runs: [] };
      causes.set(cause, slotRuns);
      this.ordered.push(slotRuns);
    }
    const runs = slotRuns.runs;
    let run = runs.length > 0 ? runs[runs.length - 1]! : undefined;
    if (run === undefined || timestamp - run.lastSeen >= this.config.quietMs) {
      run = {
        first: line,
        logGroup,
        instance,
        firstSeen: timestamp,
        lastSeen: timestamp,
        count: 0,
        statuses: new Map(),
        buckets: [],
        minute: Math.floor(timestamp / 60_000),
        inMinute: 0,
        upstreams: [],
        hosts: [],
        lastUpstream: undefined,
        lastHost: undefined,
        sampleLines: [],
      };
      runs.push(run);
    }
    addToRun(run, timestamp, line);
  }

  /** The aggregate of every event added, its deltas named after `batchId`. */
  finish(batchId: string): BatchAggregate {
    const deltas: IncidentDelta[] = [];
    for (const { slot, runs } of this.ordered) {
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
    const activity = [...this.byInstance.values()].map((a) => activityOf(a, batchId, this.config));
    const causeCounts: Partial<Record<CauseId, number>> = {};
    for (const [cause, n] of this.causeCounts) causeCounts[cause] = n;
    return {
      deltas,
      activity,
      causeCounts,
      events: this.events,
      firstSeen: this.firstSeen,
      lastSeen: this.lastSeen,
    };
  }

  private addActivity(activity: Activity, timestamp: number, line: ClassifiedLine): void {
    activity.lastSeen = timestamp;
    activity.events++;
    const status = line.status;
    if (status === 502 || status === 504) {
      const minute = Math.floor(timestamp / 60_000);
      let counts = activity.statusByMinute[minute];
      if (!counts) {
        counts = emptyCounts();
        activity.statusByMinute[minute] = counts;
      }
      counts[status] = (counts[status] ?? 0) + 1;
    }
    if (LIFECYCLE_CAUSES.has(line.cause)) activity.lifecycle.push({ time: timestamp, cause: line.cause });
    if (line.group !== 'restart') return;
    const bursts = activity.restartBursts;
    const burst = bursts.length > 0 ? bursts[bursts.length - 1] : undefined;
    if (burst && timestamp - burst.end <= this.config.burstGapMs) {
      burst.end = timestamp;
      burst.count++;
      if (!burst.causes.includes(line.cause)) burst.causes.push(line.cause);
    } else {
      bursts.push({ start: timestamp, end: timestamp, count: 1, causes: [line.cause] });
    }
  }
}

/** Counts one event into its run: a handful of distinct statuses and minutes per run, thousands of events. */
function addToRun(run: Run, timestamp: number, line: ClassifiedLine): void {
  run.lastSeen = timestamp;
  run.count++;
  const status = line.status;
  run.statuses.set(status, (run.statuses.get(status) ?? 0) + 1);
  const m = Math.floor(timestamp / 60_000);
  if (m !== run.minute) {
    addNewestMinute(run.buckets, run.minute, run.inMinute);
    run.minute = m;
    run.inMinute = 0;
  }
  run.inMinute++;
  // The line's own `upstreamRaw`, `host` and `raw`, not `line.entry`: reading the entry of a lazily
  // classified line parses it in full. Runs repeat the same upstream and host: only a value unlike
  // the previous one can be new, and only that one is split into its parts.
  const upRaw = line.upstreamRaw;
  if (upRaw !== undefined && upRaw !== run.lastUpstream && run.upstreams.length < MAX_DISTINCT) {
    run.lastUpstream = upRaw;
    const up = parseUpstream(upRaw);
    addDistinct(run.upstreams, upstreamLabel(up.scheme, up.address, up.port, up.socketPath, up.raw));
  }
  const host = line.host;
  if (host && host !== run.lastHost) {
    run.lastHost = host;
    addDistinct(run.hosts, host);
  }
  // Sample candidates are the first events of the run: masking every one of 10 000 lines buys
  // nothing, and they are masked only if an incident needs them (`deltaSamples`).
  if (run.sampleLines.length < SAMPLE_TRIES) run.sampleLines.push(line.raw.slice(0, MAX_SAMPLE_CHARS * 2));
}

function deltaOf(run: Run, deltaId: string, batchId: string, slot: string): IncidentDelta {
  const c = run.first;
  const delta: IncidentDelta = {
    deltaId,
    batchId,
    slot,
    logGroup: run.logGroup,
    instance: run.instance,
    cause: c.cause,
    group: c.group,
    severity: c.severity,
    firstSeen: run.firstSeen,
    lastSeen: run.lastSeen,
    count: run.count,
    statusCounts: emptyCounts(),
    perInstance: emptyCounts(),
    upstreams: run.upstreams,
    hosts: run.hosts,
    sampleLines: run.sampleLines,
    buckets: run.buckets,
  };
  delta.perInstance[run.instance] = run.count;
  addNewestMinute(delta.buckets, run.minute, run.inMinute);
  for (const [status, n] of run.statuses) delta.statusCounts[status === null ? 'none' : String(status)] = n;
  return delta;
}

function activityOf(a: Activity, batchId: string, config: EngineSettings): InstanceActivity {
  return {
    logGroup: a.logGroup,
    instance: a.instance,
    batchId,
    firstSeen: a.firstSeen,
    lastSeen: a.lastSeen,
    events: a.events,
    restartBursts: a.restartBursts,
    statusByMinute: a.statusByMinute,
    lifecycle: a.lifecycle,
    expiresAt: expiresAtFor(a.lastSeen, config),
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

/** Time, then id (`compareEventIds`). */
function compareEvents(x: EngineEvent, y: EngineEvent): number {
  return x.timestamp - y.timestamp || compareEventIds(x.eventId, y.eventId);
}

/** Whether the events are already in `compareEvents` order (then a stable sort would not move any). */
function isTimeOrdered(events: readonly EngineEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (compareEvents(events[i - 1]!, events[i]!) > 0) return false;
  return true;
}
