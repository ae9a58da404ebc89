/** What the engine keeps of each instance: per-batch activity and the fleet member it merges into. */
import type { CauseId } from './line.ts';
import type { EpochMs, EpochSeconds } from './time.ts';

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
