/**
 * Incidents and the deltas a batch contributes to them. Times are epoch milliseconds (event time);
 * `expiresAt` is epoch seconds. The merge rules live in the engine's store room (`mergeDelta`).
 */
import type { AlertKind } from './alert.ts';
import type { CauseGroup, CauseId, Severity } from './line.ts';
import type { MinuteCounts } from './minuteCounts.ts';
import type { EpochMs, EpochSeconds } from './time.ts';

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
  /**
   * Events per epoch minute, the newest 30 minutes kept (flat pairs, see `MinuteCounts`; stored as
   * a count record keyed by minute, `minuteCountsToRecord`).
   */
  buckets: MinuteCounts;
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
  /** Events per epoch minute (flat pairs, see `MinuteCounts`). */
  buckets: MinuteCounts;
}
