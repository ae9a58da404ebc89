/**
 * The incident engine's state port.
 *
 * Designed for DynamoDB (one table, TTL on `expiresAt`, conditional writes) and for CloudWatch Logs'
 * at-least-once, out-of-order delivery. The engine owns every merge rule (see `mergeDelta.ts`): a
 * store only reads, writes under a condition, and lists. Every method is async, also in memory.
 *
 * Times: `...Seen`, `start`, `end`, `time`, `claimedAt` are epoch milliseconds (event time);
 * `expiresAt` is epoch SECONDS, as DynamoDB's TTL wants.
 */
import type {
  AlertRecord,
  AlertState,
  DeployWindow,
  EpochMs,
  EpochSeconds,
  FleetMember,
  Incident,
  InstanceActivity,
  WindowScope,
} from '../../model/index.ts';

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
   * when no record exists, or when the existing one is still `claimed` (never confirmed) and either
   * has the same `owner` (the caller's own earlier claim: its response was lost, or the invocation
   * died and this is its retry) or its lease ran out: `claimedAt <= record.claimedAt - leaseMs` (a
   * publisher that crashed mid-way). Two racing invocations (different owners): exactly one gets true.
   */
  claimAlert(record: AlertRecord, leaseMs: number): Promise<boolean>;
  /** Marks a claimed alert `sent` (published): it can never be claimed again until it expires. Idempotent. */
  confirmAlert(key: string): Promise<void>;
  /** Deletes a claim whose publishing failed, so the retry can claim and send it. Never deletes a `sent` one. */
  releaseAlert(key: string): Promise<void>;
  /**
   * The state of the alert's record (`claimed`, `sent`), undefined when there is none. Strongly
   * consistent. Read only when a claim was refused: a `sent` alert whose publisher died before it
   * recorded the alert on its incident gets recorded by whoever finds it.
   */
  alertState(key: string): Promise<AlertState | undefined>;

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
