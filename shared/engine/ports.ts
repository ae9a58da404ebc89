/**
 * The incident engine's state port and the domain types it carries.
 *
 * Designed for DynamoDB (one table, TTL on `expiresAt`, conditional writes) and for CloudWatch Logs'
 * at-least-once, out-of-order delivery. The engine owns every merge rule (see `mergeDelta.ts`): a
 * store only reads, writes under a condition, and lists. Every method is async, also in memory.
 *
 * Times: `...Seen`, `start`, `end`, `time`, `claimedAt` are epoch milliseconds (event time);
 * `expiresAt` is epoch SECONDS, as DynamoDB's TTL wants.
 */
import type { CauseGroup, CauseId, Severity } from '../types.ts';

/** Epoch milliseconds. */
export type EpochMs = number;
/** Epoch seconds (DynamoDB TTL attribute). */
export type EpochSeconds = number;

export const ALERT_KINDS = ['page', 'notify', 'digest', 'resolved'] as const;
/** page: wake someone; notify: read today; digest: a deployment's summary; resolved: a paged incident closed. */
export type AlertKind = (typeof ALERT_KINDS)[number];

export const INCIDENT_STATES = ['open', 'closed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/**
 * One incident: errors of one cause on one instance (`instance` set) or on the whole log group
 * (`instance: null`, the fleet incident, fed by every instance). A slot (logGroup, instance, cause)
 * holds a sequence of incidents; only the newest (highest `seq`) can be open.
 */
export interface Incident {
  /** `${slot}#${seq}`: stable, used in alert keys. */
  id: string;
  /** `incidentSlot(logGroup, instance, cause)`. */
  slot: string;
  /** 1, 2, ... per slot: a new incident starts when a delta arrives after the previous one closed. */
  seq: number;
  /** Optimistic lock: 1 on the first write, +1 on every write. */
  version: number;
  logGroup: string;
  /** The instance, or null for the fleet incident of the log group. */
  instance: string | null;
  cause: CauseId;
  group: CauseGroup;
  /** The worst severity seen. */
  severity: Severity;
  state: IncidentState;
  firstSeen: EpochMs;
  lastSeen: EpochMs;
  /** Event time the sweeper closed it at (`lastSeen + quiet`). */
  closedAt?: EpochMs;
  /** Number of events. */
  count: number;
  /** Events by client status: `"502"`, `"504"`, ... and `"none"` when the line implies no status. */
  statusCounts: Record<string, number>;
  /** Events per instance (one key for an instance incident, several for a fleet incident). */
  perInstance: Record<string, number>;
  /** Distinct upstream addresses, capped. */
  upstreams: string[];
  /** Distinct `host:` values, capped (already bounded in length, still hostile: render neutralises). */
  hosts: string[];
  /** At most 5 distinct masked sample lines (IPs, numbers and ids replaced by tokens). */
  samples: string[];
  /** Events per epoch minute (`Math.floor(ms / 60000)` as a string), the newest 30 minutes kept. */
  buckets: Record<string, number>;
  /**
   * Ids of the newest deltas merged (at most `MAX_APPLIED_DELTAS`): the at-most-once guard of a batch
   * redelivered after it died while writing its deltas (see `MAX_APPLIED_DELTAS` for the trade-off).
   * Only `getIncident` is sure to return it: `listIncidents` may leave it empty.
   */
  appliedDeltas: string[];
  /** Event time each alert kind was decided for this incident (set once the alert was claimed). */
  alerted: Partial<Record<AlertKind, EpochMs>>;
  /** Latest alert time of the slot's previous incidents: the cooldown per (scope, cause). */
  previousAlertAt?: EpochMs;
  /** Id of the deploy window this incident was attributed to, when one is known. */
  deployment?: string;
  /** Decided a deploy transient (a restart that stopped within grace): digest material, never paged. */
  transient?: boolean;
  /** Fleet incidents: the fleet size the sweeper last saw (the denominator of "9 of 30 instances"). */
  fleetSize?: number;
  /** Fleet incidents: instances left out of `perInstance` by its cap (`MAX_FLEET_MEMBERS`). */
  perInstanceCut?: number;
  /** Correlated incidents: how many members the last page or update named, and when it was decided. */
  announced?: { members: number; at: EpochMs };
  expiresAt: EpochSeconds;
}

/**
 * What one batch contributes to one incident slot: the engine aggregates a batch of up to 10 000
 * events into a handful of deltas (one per cause, or a few when the batch holds a quiet gap).
 */
export interface IncidentDelta {
  /**
   * `${batchId}#${n}` (instance slot) or `${batchId}#${instance}#${n}` (fleet slot): unique within its
   * slot, which is all the guard needs (`appliedDeltas` holds the ids of one slot's incidents), and
   * short, since every incident item carries up to `MAX_APPLIED_DELTAS` of them.
   */
  deltaId: string;
  batchId: string;
  slot: string;
  logGroup: string;
  instance: string | null;
  cause: CauseId;
  group: CauseGroup;
  severity: Severity;
  firstSeen: EpochMs;
  lastSeen: EpochMs;
  count: number;
  statusCounts: Record<string, number>;
  perInstance: Record<string, number>;
  upstreams: string[];
  hosts: string[];
  /**
   * The raw text of the run's first events, the sample candidates: `deltaSamples(delta)` masks them
   * (at most 5 distinct) when an incident still has room for samples, so a busy incident that has
   * its samples already costs no masking per batch.
   */
  sampleLines: readonly string[];
  buckets: Record<string, number>;
}

export const DEPLOY_SOURCES = ['marker', 'lifecycle', 'inferred'] as const;
/** marker: explicit (CLI, markers file, CodeDeploy / ASG / Beanstalk / custom events); lifecycle: nginx reload/start/stop; inferred: a rolling wave. */
export type DeploySource = (typeof DEPLOY_SOURCES)[number];

/** A period during which restarts are expected. */
export interface DeployWindow {
  /** Deployment id (`d-ABC123`), `nginx-<instance>-<time>` for lifecycle, `inferred-<ISO time>` for a wave. */
  id: string;
  source: DeploySource;
  /** Only this log group; undefined = any (a CodeDeploy event does not know log groups). */
  logGroup?: string;
  start: EpochMs;
  /** Undefined while the deployment runs (the engine caps it with `maxDeployDuration`). */
  end?: EpochMs;
  /** Only these instances; undefined = every instance. */
  instances?: string[];
  /** Free text shown in alerts (e.g. the application / deployment group), already bounded. */
  label?: string;
  /**
   * Log groups the engine saw errors from during the window (filled by the engine, so the digest of
   * a marker that names no log group knows where to look).
   */
  seenIn?: string[];
  /** Set once the digest was claimed, so the sweeper stops considering this window. */
  digestSent?: boolean;
  /**
   * Optimistic lock, set by the store: 1 on the first write, +1 on every write; absent on a window
   * never stored. Several writers merge into one window (deploy-events invocations, every log group's
   * ingest marking `seenIn`, the sweeper's `digestSent`): each writes the window it read, changed,
   * and `putDeployWindow` refuses it when somebody wrote in between (see `writeDeployWindow`).
   */
  version?: number;
  expiresAt: EpochSeconds;
}

/** A run of `restart`-group events on one instance with gaps shorter than `burstGap`. */
export interface Burst {
  start: EpochMs;
  end: EpochMs;
  count: number;
  causes: CauseId[];
}

/**
 * What one batch saw of one instance: immutable, one record per (logGroup, instance, batchId), so
 * concurrent batches never conflict and a redelivered batch rewrites the same record. The engine
 * merges the records of a time range (fleet detection, rolling-wave inference, digests).
 */
export interface InstanceActivity {
  logGroup: string;
  instance: string;
  batchId: string;
  firstSeen: EpochMs;
  lastSeen: EpochMs;
  /** Events of any kind in the batch (an instance that logs is an active instance). */
  events: number;
  /** `restart`-group bursts in this batch. */
  restartBursts: Burst[];
  /** 502 / 504 counts of the batch per epoch minute: `{ "28391234": { "502": 3 } }`. */
  statusByMinute: Record<string, Record<string, number>>;
  /** nginx lifecycle events (reload / start / stop) seen in this batch. */
  lifecycle: { time: EpochMs; cause: CauseId }[];
  expiresAt: EpochSeconds;
}

/**
 * One instance of a log group's fleet, pre-aggregated for the fleet rules: when it was last heard
 * of and its merged restart bursts. Ingest merges each batch of its instance into it (one read, one
 * conditional write: one stream is one instance, so writers rarely meet); the sweeper lists a log
 * group's members once per evaluation instead of every batch reading every instance's activity.
 * Bounded: at most `MAX_MEMBER_BURSTS` bursts (the oldest dropped and counted in `burstsCut`) and
 * `MAX_MEMBER_BATCHES` batch ids.
 */
export interface FleetMember {
  logGroup: string;
  instance: string;
  /** Newest event delivered (any event, noise included), or when a source said the instance exists. */
  lastEvent: EpochMs;
  /** Restart bursts merged across batches (gaps up to `burstGap` joined), oldest first. */
  bursts: Burst[];
  /** Bursts dropped by the cap. */
  burstsCut: number;
  /** The newest nginx lifecycle event (start / reload / stop) seen: whose lifecycle windows to read. */
  lastLifecycle?: EpochMs;
  /** Ids of the newest batches merged: the at-most-once guard of a redelivered batch. */
  batches: string[];
  /** Optimistic lock: 0 = never merged by ingest (absent, or only touched), +1 on every merge. */
  version: number;
  expiresAt: EpochSeconds;
}

export const ALERT_STATES = ['claimed', 'sent'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** Whose nginx lifecycle windows a deploy window listing includes. */
export interface WindowScope {
  logGroup: string;
  instances: readonly string[];
}

/** Lists the instances of a log group that logged since a time (CloudWatch Logs `DescribeLogStreams`). */
export interface LogStreamLister {
  /** Instances whose stream's last event is at or after `since`: a bounded number of pages, newest first. */
  recentInstances(logGroup: string, since: EpochMs): Promise<string[]>;
}

/** The claim on one alert: its key is deterministic, so racing invocations claim the same key. */
export interface AlertRecord {
  /** `${kind}#${incidentId}` or `digest#${deploymentId}`. */
  key: string;
  kind: AlertKind;
  state: AlertState;
  /** The caller's clock when claimed (wall clock in Lambda, event time in the CLI): the lease start. */
  claimedAt: EpochMs;
  subject: string;
  expiresAt: EpochSeconds;
}

export const BATCH_PROGRESS = ['new', 'applied', 'done'] as const;
/**
 * How far a batch got: `new` (nothing recorded), `applied` (its incident deltas are all merged; its
 * alerts may not be published yet), `done` (its alerts are published too).
 */
export type BatchProgress = (typeof BATCH_PROGRESS)[number];

/** Which incidents to list. Give `logGroup`, or `openOnly` (the sweeper: every open incident). */
export interface IncidentQuery {
  logGroup?: string;
  openOnly?: boolean;
  /** Only incidents with `lastSeen >= from`. */
  from?: EpochMs;
  /** Only incidents with `firstSeen <= to`. */
  to?: EpochMs;
}

/**
 * The engine's state. Suggested DynamoDB layout (one table, pk/sk, TTL on `expiresAt`):
 * - incident: pk `INC#<logGroup>`, sk `<instance|*>#<cause>#<seq zero-padded>`; a sparse GSI on an
 *   `open` attribute for `listIncidents({ openOnly })`;
 * - activity: pk `ACT#<logGroup>`, sk `<lastSeen zero-padded>#<instance>#<batchId>`;
 * - deploy window: pk `DEPLOY`, sk `<id>` (few items; list and filter by time);
 * - batch: pk `BATCH#<batchId>`; alert: pk `ALERT#<key>`.
 */
export interface StateStore {
  /** What `markBatchApplied` / `markBatchDone` recorded of the batch (`new` once expired). Strongly consistent. */
  batchProgress(batchId: string): Promise<BatchProgress>;
  /** Records that every incident delta of the batch is merged. Idempotent; never undoes `done`. */
  markBatchApplied(batchId: string, expiresAt: EpochSeconds): Promise<void>;
  /** Records a fully processed batch (its alerts published). Idempotent. */
  markBatchDone(batchId: string, expiresAt: EpochSeconds): Promise<void>;

  /** The newest incident of a slot (highest `seq`), or undefined. Strongly consistent read. */
  getIncident(slot: string): Promise<Incident | undefined>;
  /**
   * CONDITIONAL write: succeeds only when the stored incident with this `id` has version
   * `expectedVersion` (0 = must not exist: `attribute_not_exists`). Returns false when the condition
   * failed (another invocation wrote first); the engine then re-reads and re-merges. The caller has
   * already set `incident.version = expectedVersion + 1`.
   */
  putIncident(incident: Incident, expectedVersion: number): Promise<boolean>;
  /**
   * Incidents matching the query (open and closed, not expired), any order. May lag behind writes
   * (DynamoDB: a global secondary index) and may leave `appliedDeltas` empty (the store then reads
   * less): listings are for decisions and reports; merges read with `getIncident`.
   */
  listIncidents(query: IncidentQuery): Promise<Incident[]>;

  /** Writes one batch's activity record (unconditional put: the key makes a redelivery overwrite it). */
  putActivity(activity: InstanceActivity): Promise<void>;
  /** Activity records of a log group with `lastSeen >= from` and `firstSeen <= to`. */
  listActivity(logGroup: string, from: EpochMs, to: EpochMs): Promise<InstanceActivity[]>;

  /** The member item of an instance, or undefined. Strongly consistent read. */
  getMember(logGroup: string, instance: string): Promise<FleetMember | undefined>;
  /**
   * CONDITIONAL write of a member: succeeds only when the stored member's `version` is
   * `expectedVersion` (0 = absent or only touched). The caller set `member.version = expectedVersion + 1`.
   */
  putMember(member: FleetMember, expectedVersion: number): Promise<boolean>;
  /**
   * Says an instance exists at `at` (Auto Scaling launch, a listed log stream): creates the member
   * or moves its `lastEvent` forward, atomically (never backwards, never touching its bursts).
   */
  touchMember(logGroup: string, instance: string, at: EpochMs, expiresAt: EpochSeconds): Promise<void>;
  /** Forgets an instance (Auto Scaling terminate). A later event of it makes it a member again. */
  removeMember(logGroup: string, instance: string): Promise<void>;
  /** The members of a log group heard of at or after `since` (may lag behind writes). */
  listMembers(logGroup: string, since: EpochMs): Promise<FleetMember[]>;

  /**
   * CONDITIONAL upsert by id: succeeds only when the stored window's `version` is `window.version`,
   * the version the caller read (absent = no window with this id, or one stored before versions
   * existed). Stores it with `version + 1` (1 when absent). Returns false when the condition failed
   * (somebody wrote in between): re-read, merge again, retry (`writeDeployWindow` does).
   */
  putDeployWindow(window: DeployWindow): Promise<boolean>;
  /** The window with this id, or undefined. Strongly consistent read. */
  getDeployWindow(id: string): Promise<DeployWindow | undefined>;
  /**
   * Windows overlapping [from, to] (a window without `end` overlaps everything after its start).
   * Callers pass `from` already widened by `maxDeployDuration`: a store may read by start-time
   * bucket and skip windows that started long before `from` (DynamoDB: the two days before it).
   * May lag behind writes; `getDeployWindow` is the strongly consistent read.
   *
   * nginx lifecycle windows (one per instance and reload: a fleet has thousands) are listed only for
   * the instances of `scope`, so the read does not grow with the fleet; without a scope a store may
   * leave them out (the memory store lists them all).
   */
  listDeployWindows(from: EpochMs, to: EpochMs, scope?: WindowScope): Promise<DeployWindow[]>;

  /**
   * CONDITIONAL put of the alert's deterministic key: true when this caller now owns it. Succeeds
   * when no record exists, or when the existing one is still `claimed` (never confirmed) and its
   * lease ran out: `claimedAt <= record.claimedAt - leaseMs` (a publisher that crashed mid-way).
   * Two racing invocations: exactly one gets true.
   */
  claimAlert(record: AlertRecord, leaseMs: number): Promise<boolean>;
  /** Marks a claimed alert `sent` (published): it can never be claimed again until it expires. */
  confirmAlert(key: string): Promise<void>;
  /** Deletes a claim whose publishing failed, so the retry can claim and send it. */
  releaseAlert(key: string): Promise<void>;

  /**
   * OPTIONAL, for a store that deletes nothing by itself (the memory store; DynamoDB's TTL needs no
   * call): deletes what can no longer matter at event time `now` (epoch SECONDS): items whose
   * `expiresAt` is before it, and what `settled` says no later read or delivery reaches. A long
   * replay calls it as event time advances, so its memory stays bounded.
   */
  expire?(now: EpochSeconds, settled?: Settled): Promise<void>;

  /**
   * OPTIONAL: waits before retry `attempt` (1, 2, ...) of a conditional write that lost to another
   * writer. DynamoDB: exponential backoff with jitter (randomness and sleeping live in functions/);
   * the memory store has no concurrent writers and needs none.
   */
  backoff?(attempt: number): Promise<void>;
}

/** What a time-ordered replay will neither read nor deliver again (see `StateStore.expire`). */
export interface Settled {
  /** Activity records that ended before this (event time, epoch ms): no read reaches them (`activityHorizon`). */
  activityBefore: EpochMs;
  /**
   * Batch records whose `expiresAt` is before this (epoch seconds): batches that ended before
   * `activityBefore` (their `expiresAt` is their last event plus `retention`), never delivered again.
   */
  batchesExpiringBefore: EpochSeconds;
}
