import type {
  AlertRecord,
  Burst,
  DeployWindow,
  EpochMs,
  EpochSeconds,
  FleetMember,
  Incident,
  InstanceActivity,
  WindowScope,
} from '../../model/index.ts';
import { copyCounts, emptyCounts } from '../../model/index.ts';
import { copyIncident, shallowIncident } from './copyIncident.ts';
import { freezeIncident, isFrozenIncident } from './freezeIncident.ts';
import type { BatchProgress, IncidentQuery, Settled, StateStore } from './StateStore.ts';
import type { StreamLedger, StreamLedgerStore } from './streamLedger.ts';

/** One (slot, seq) incident: its stored record, the record as listings show it, its insertion rank. */
interface StoredIncident {
  readonly slot: SlotEntry;
  /** Order of the first write of this (slot, seq): listings keep insertion order, as before. */
  readonly order: number;
  record: Readonly<Incident>;
  /**
   * The record without `appliedDeltas` (listings never return them), built when first listed after
   * a write (`listedOf`): an incident is written by every batch and listed about once a minute.
   */
  listed: Readonly<Incident> | undefined;
}

interface SlotEntry {
  /** Order of the slot's first write. */
  readonly rank: number;
  readonly bySeq: Map<number, StoredIncident>;
  newest: StoredIncident | undefined;
  /** Log groups whose lists hold this slot (one, unless a caller mixes log groups in a slot). */
  readonly groups: Set<string>;
}

/**
 * Activity records of one log group in insertion order, with a running maximum of `lastSeen` so a
 * time-range read starts at the first record that can match instead of scanning the whole history.
 * The oldest records are dropped from the front (`expire`).
 */
interface ActivityLog {
  records: Readonly<InstanceActivity>[];
  /** `maxLastSeen[i]` = the largest `lastSeen` of `records[0..i]`: non-decreasing, so searchable. */
  maxLastSeen: number[];
  /** `instance\0batchId` -> position (absolute: `position - dropped` indexes `records`). */
  positions: Map<string, number>;
  /** Records dropped from the front so far. */
  dropped: number;
}

const NO_DELTAS: readonly string[] = Object.freeze([]);

/**
 * The in-memory `StateStore` for the CLI and tests, with DynamoDB's semantics: values are copied in,
 * as a database would, and stored frozen, so the values reads hand out cannot be changed (code that
 * tried to change stored state without writing it back would throw). Copies are shape-aware (a few
 * small allocations, no `structuredClone`); an incident already frozen throughout (the engine
 * freezes what it writes) is kept as it is, since nobody can change it. Reads hand out the frozen
 * records without copying, and listings read indexes (open incidents, activity by time) instead of
 * scanning everything.
 *
 * Nothing expires by itself: a long replay calls `expire` with its event time (see there).
 */
export class MemoryStateStore implements StateStore, StreamLedgerStore {
  /** Batch id -> expiresAt, one map per progress (no object per batch: a replay writes thousands). */
  readonly #applied = new Map<string, EpochSeconds>();
  readonly #done = new Map<string, EpochSeconds>();
  readonly #slots = new Map<string, SlotEntry>();
  /** logGroup -> its slots in slot order. */
  readonly #slotsByGroup = new Map<string, SlotEntry[]>();
  readonly #open = new Set<StoredIncident>();
  #writes = 0;
  readonly #activity = new Map<string, ActivityLog>();
  readonly #windows = new Map<string, Readonly<DeployWindow>>();
  readonly #alerts = new Map<string, AlertRecord>();
  /** logGroup -> instance -> member. */
  readonly #members = new Map<string, Map<string, Readonly<FleetMember>>>();
  readonly #ledgers = new Map<string, Readonly<StreamLedger>>();

  async batchProgress(batchId: string): Promise<BatchProgress> {
    return this.#done.has(batchId) ? 'done' : this.#applied.has(batchId) ? 'applied' : 'new';
  }

  async markBatchApplied(batchId: string, expiresAt: EpochSeconds): Promise<void> {
    if (!this.#done.has(batchId) && !this.#applied.has(batchId)) this.#applied.set(batchId, expiresAt);
  }

  async markBatchDone(batchId: string, expiresAt: EpochSeconds): Promise<void> {
    this.#applied.delete(batchId);
    // A rewrite keeps its place in the map (expiry goes by write order): delete first, as a new put.
    this.#done.delete(batchId);
    this.#done.set(batchId, expiresAt);
  }

  async getIncident(slot: string): Promise<Incident | undefined> {
    return this.#slots.get(slot)?.newest?.record;
  }

  async putIncident(incident: Incident, expectedVersion: number): Promise<boolean> {
    let slot = this.#slots.get(incident.slot);
    let stored = slot?.bySeq.get(incident.seq);
    if ((stored?.record.version ?? 0) !== expectedVersion) return false;
    if (!slot) {
      slot = { rank: this.#slots.size, bySeq: new Map(), newest: undefined, groups: new Set() };
      this.#slots.set(incident.slot, slot);
    }
    if (!slot.groups.has(incident.logGroup)) this.#addToGroup(slot, incident.logGroup);
    // A deeply frozen incident cannot change any more: keep it as it is (the engine writes those).
    const record = isFrozenIncident(incident) ? incident : freezeIncident(copyIncident(incident));
    if (stored) {
      stored.record = record;
      stored.listed = undefined;
    } else {
      stored = { slot, order: this.#writes++, record, listed: undefined };
      slot.bySeq.set(incident.seq, stored);
    }
    if (slot.newest === undefined || incident.seq >= slot.newest.record.seq) {
      // Only the newest incident of a slot is ever read with its merge guard (`getIncident`); the
      // others are only listed, without it. Their guard is dropped: 32 ids an old incident need not keep.
      if (slot.newest !== undefined && slot.newest !== stored) slot.newest.record = listedOf(slot.newest);
      slot.newest = stored;
    } else {
      stored.record = listedOf(stored);
    }
    if (record.state === 'open') this.#open.add(stored);
    else this.#open.delete(stored);
    return true;
  }

  /** Without `appliedDeltas`, as `DynamoStateStore` lists them: nothing may rely on them in a listing. */
  async listIncidents(query: IncidentQuery): Promise<Incident[]> {
    const out: Incident[] = [];
    const matches = (i: Readonly<Incident>) =>
      (query.logGroup === undefined || i.logGroup === query.logGroup) &&
      (!query.openOnly || i.state === 'open') &&
      (query.from === undefined || i.lastSeen >= query.from) &&
      (query.to === undefined || i.firstSeen <= query.to);
    if (query.openOnly) {
      // Few: sorted into the order a full scan would give (slot order, then write order).
      const open = [...this.#open].sort((a, b) => a.slot.rank - b.slot.rank || a.order - b.order);
      for (const stored of open) if (matches(stored.record)) out.push(listedOf(stored));
      return out;
    }
    const slots =
      query.logGroup === undefined ? this.#slots.values() : (this.#slotsByGroup.get(query.logGroup) ?? []);
    for (const slot of slots) {
      for (const stored of slot.bySeq.values()) if (matches(stored.record)) out.push(listedOf(stored));
    }
    return out;
  }

  async putActivity(activity: InstanceActivity): Promise<void> {
    let log = this.#activity.get(activity.logGroup);
    if (!log) {
      log = { records: [], maxLastSeen: [], positions: new Map(), dropped: 0 };
      this.#activity.set(activity.logGroup, log);
    }
    const record = freezeActivity(activity);
    const key = `${activity.instance}\u0000${activity.batchId}`;
    const known = log.positions.get(key);
    if (known !== undefined && known >= log.dropped) {
      // A redelivered batch rewrites its record in place (DynamoDB: the same key).
      const at = known - log.dropped;
      log.records[at] = record;
      for (let i = at; i < log.records.length; i++) {
        const before = i === 0 ? -Infinity : log.maxLastSeen[i - 1]!;
        log.maxLastSeen[i] = Math.max(before, log.records[i]!.lastSeen);
      }
      return;
    }
    const before = log.maxLastSeen.at(-1) ?? -Infinity;
    log.positions.set(key, log.dropped + log.records.length);
    log.records.push(record);
    log.maxLastSeen.push(Math.max(before, record.lastSeen));
  }

  async listActivity(logGroup: string, from: EpochMs, to: EpochMs): Promise<InstanceActivity[]> {
    const log = this.#activity.get(logGroup);
    if (!log) return [];
    const out: InstanceActivity[] = [];
    // Every record before the first whose running maximum reaches `from` ended before `from`.
    for (let i = firstAtLeast(log.maxLastSeen, from); i < log.records.length; i++) {
      const a = log.records[i]!;
      if (a.lastSeen >= from && a.firstSeen <= to) out.push(a);
    }
    return out;
  }

  async getMember(logGroup: string, instance: string): Promise<FleetMember | undefined> {
    return this.#members.get(logGroup)?.get(instance);
  }

  async putMember(member: FleetMember, expectedVersion: number): Promise<boolean> {
    const group = this.#members.get(member.logGroup) ?? new Map<string, Readonly<FleetMember>>();
    if ((group.get(member.instance)?.version ?? 0) !== expectedVersion) return false;
    this.#members.set(member.logGroup, group);
    group.set(member.instance, freezeMember(member));
    return true;
  }

  async touchMember(logGroup: string, instance: string, at: EpochMs, expiresAt: EpochSeconds): Promise<void> {
    const group = this.#members.get(logGroup) ?? new Map<string, Readonly<FleetMember>>();
    this.#members.set(logGroup, group);
    const known = group.get(instance);
    if (known && known.lastEvent >= at) return;
    group.set(
      instance,
      freezeMember(
        known
          ? { ...known, lastEvent: at, expiresAt: Math.max(known.expiresAt, expiresAt) }
          : {
              logGroup,
              instance,
              lastEvent: at,
              bursts: [],
              burstsCut: 0,
              batches: [],
              version: 0,
              expiresAt,
            },
      ),
    );
  }

  async removeMember(logGroup: string, instance: string): Promise<void> {
    this.#members.get(logGroup)?.delete(instance);
  }

  async listMembers(logGroup: string, since: EpochMs): Promise<FleetMember[]> {
    const out: FleetMember[] = [];
    for (const m of this.#members.get(logGroup)?.values() ?? []) if (m.lastEvent >= since) out.push(m);
    return out;
  }

  async putDeployWindow(window: DeployWindow): Promise<boolean> {
    if (this.#windows.get(window.id)?.version !== window.version) return false;
    this.#windows.set(window.id, freezeWindow({ ...window, version: (window.version ?? 0) + 1 }));
    return true;
  }

  async getDeployWindow(id: string): Promise<DeployWindow | undefined> {
    return this.#windows.get(id);
  }

  async listDeployWindows(from: EpochMs, to: EpochMs, scope?: WindowScope): Promise<DeployWindow[]> {
    const out: DeployWindow[] = [];
    const inScope = (w: DeployWindow) =>
      scope === undefined ||
      w.source !== 'lifecycle' ||
      (w.logGroups?.[0] === scope.logGroup && scope.instances.includes(w.instances?.[0] ?? ''));
    for (const w of this.#windows.values())
      if (w.start <= to && (w.end === undefined || w.end >= from) && inScope(w)) out.push(w);
    return out;
  }

  async claimAlert(record: AlertRecord, leaseMs: number): Promise<boolean> {
    const existing = this.#alerts.get(record.key);
    const claimable =
      existing === undefined ||
      (existing.state === 'claimed' &&
        ((record.owner !== undefined && existing.owner === record.owner) ||
          existing.claimedAt <= record.claimedAt - leaseMs));
    if (!claimable) return false;
    // A retaken claim keeps its place in write order (expiry goes by it), as an overwrite in DynamoDB.
    this.#alerts.set(record.key, { ...record, state: 'claimed' });
    return true;
  }

  async confirmAlert(key: string): Promise<void> {
    const existing = this.#alerts.get(key);
    if (existing) existing.state = 'sent';
  }

  async releaseAlert(key: string): Promise<void> {
    // Only an unconfirmed claim, as DynamoStateStore: a `sent` record keeps blocking duplicates.
    if (this.#alerts.get(key)?.state === 'claimed') this.#alerts.delete(key);
  }

  async alertState(key: string): Promise<AlertRecord['state'] | undefined> {
    return this.#alerts.get(key)?.state;
  }

  async getStreamLedger(logGroup: string, logStream: string): Promise<StreamLedger | undefined> {
    return this.#ledgers.get(`${logGroup}\u0000${logStream}`);
  }

  async putStreamLedger(ledger: StreamLedger): Promise<boolean> {
    const key = `${ledger.logGroup}\u0000${ledger.logStream}`;
    if ((this.#ledgers.get(key)?.version ?? 0) !== ledger.version - 1) return false;
    const entries = Object.freeze(ledger.entries.map((e) => Object.freeze({ ...e })));
    this.#ledgers.set(key, Object.freeze({ ...ledger, entries: entries as StreamLedger['entries'] }));
    return true;
  }

  /**
   * Deletes, at event time `now`, what DynamoDB's TTL would have deleted by then, and what a replay
   * says it will not read or deliver again (`settled`), so a long replay runs in bounded memory:
   * - batch records, alert claims and activity records whose `expiresAt` is before `now`;
   * - activity records that ended before `settled.activityBefore` (see `activityHorizon`);
   * - batch records whose `expiresAt` is before `settled.batchesExpiringBefore`.
   * Incidents and deploy windows stay: they are few, the engine's memory of what happened (sequence
   * numbers, cooldowns, digests) and what the CLI reports.
   *
   * Like TTL, it works from the oldest end: an item is deleted once the items written before it are
   * (batch records and claims by write order, activity by time), so an item written out of order may
   * outlive its time a little. Nothing reads it by then, and DynamoDB takes up to days as well.
   */
  async expire(now: EpochSeconds, settled?: Settled): Promise<void> {
    const batchesBefore = Math.max(now, settled?.batchesExpiringBefore ?? now);
    const activityBefore = settled?.activityBefore ?? -Infinity;
    for (const batches of [this.#applied, this.#done])
      for (const [id, expiresAt] of batches) {
        if (expiresAt >= batchesBefore) break;
        batches.delete(id);
      }
    for (const [key, claim] of this.#alerts) {
      if (claim.expiresAt >= now) break;
      this.#alerts.delete(key);
    }
    for (const group of this.#members.values())
      for (const [instance, m] of group) if (m.expiresAt < now) group.delete(instance);
    for (const log of this.#activity.values()) {
      let n = 0;
      while (n < log.records.length) {
        const a = log.records[n]!;
        if (a.expiresAt >= now && a.lastSeen >= activityBefore) break;
        log.positions.delete(`${a.instance}\u0000${a.batchId}`);
        n++;
      }
      if (n === 0) continue;
      log.records.splice(0, n);
      log.maxLastSeen.splice(0, n);
      log.dropped += n;
    }
  }

  /** Every alert record, for tests and the CLI report. */
  alertRecords(): AlertRecord[] {
    return [...this.#alerts.values()].map((r) => ({ ...r }));
  }

  #addToGroup(slot: SlotEntry, logGroup: string): void {
    slot.groups.add(logGroup);
    const list = this.#slotsByGroup.get(logGroup) ?? [];
    this.#slotsByGroup.set(logGroup, list);
    // Slot order within the group, as a scan of every slot would list them.
    let at = list.length;
    while (at > 0 && list[at - 1]!.rank > slot.rank) at--;
    list.splice(at, 0, slot);
  }
}

/** A stored incident as listings show it (without `appliedDeltas`), built once per write. */
function listedOf(stored: StoredIncident): Readonly<Incident> {
  if (stored.listed === undefined) {
    const listed = shallowIncident(stored.record);
    listed.appliedDeltas = NO_DELTAS as string[];
    stored.listed = Object.freeze(listed);
  }
  return stored.listed;
}

/** The index of the first value >= `min` in a non-decreasing array (its length when none is). */
function firstAtLeast(sorted: readonly number[], min: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < min) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const NO_BURSTS: readonly Burst[] = Object.freeze([]);
const NO_LIFECYCLE: InstanceActivity['lifecycle'] = Object.freeze(
  [],
) as unknown as InstanceActivity['lifecycle'];
const NO_MINUTES: InstanceActivity['statusByMinute'] = Object.freeze({});

/**
 * A frozen copy of an activity record, built field by field: freezing a spread copy (`{ ...a }`)
 * gives every object a hidden class of its own in V8, and the engine's loops over a few hundred
 * records per batch then ran megamorphic, about 2.5 times slower. Empty parts are shared.
 */
function freezeActivity(a: InstanceActivity): Readonly<InstanceActivity> {
  let statusByMinute = NO_MINUTES;
  for (const minute in a.statusByMinute) {
    if (statusByMinute === NO_MINUTES) statusByMinute = emptyCounts<Record<string, number>>();
    statusByMinute[minute] = Object.freeze(copyCounts(a.statusByMinute[minute]!));
  }
  const record: InstanceActivity = {
    logGroup: a.logGroup,
    instance: a.instance,
    batchId: a.batchId,
    firstSeen: a.firstSeen,
    lastSeen: a.lastSeen,
    events: a.events,
    restartBursts:
      a.restartBursts.length === 0
        ? (NO_BURSTS as Burst[])
        : a.restartBursts.map((b) =>
            Object.freeze({
              start: b.start,
              end: b.end,
              count: b.count,
              causes: Object.freeze([...b.causes]) as Burst['causes'],
            }),
          ),
    statusByMinute: Object.freeze(statusByMinute),
    lifecycle:
      a.lifecycle.length === 0
        ? NO_LIFECYCLE
        : a.lifecycle.map((l) => Object.freeze({ time: l.time, cause: l.cause })),
    expiresAt: a.expiresAt,
  };
  Object.freeze(record.restartBursts);
  Object.freeze(record.lifecycle);
  return Object.freeze(record);
}

/**
 * A frozen copy of a member. Bursts frozen throughout (a stored member's, which a merge without
 * restarts hands back) are kept as they are: nobody can change them any more.
 */
function freezeMember(m: FleetMember): Readonly<FleetMember> {
  return Object.freeze({
    ...m,
    bursts: isFrozenBursts(m.bursts)
      ? m.bursts
      : (Object.freeze(
          m.bursts.map((b) =>
            Object.freeze({ ...b, causes: Object.freeze([...b.causes]) as Burst['causes'] }),
          ),
        ) as Burst[]),
    batches: Object.freeze([...m.batches]) as string[],
  });
}

function isFrozenBursts(bursts: readonly Burst[]): boolean {
  if (!Object.isFrozen(bursts)) return false;
  for (const b of bursts) if (!Object.isFrozen(b) || !Object.isFrozen(b.causes)) return false;
  return true;
}

/** A frozen copy of a deploy window (optional fields absent stay absent). */
function freezeWindow(window: DeployWindow): Readonly<DeployWindow> {
  const copy: DeployWindow = { ...window };
  if (window.instances) copy.instances = Object.freeze([...window.instances]) as string[];
  if (window.seenIn) copy.seenIn = Object.freeze([...window.seenIn]) as string[];
  return Object.freeze(copy);
}
