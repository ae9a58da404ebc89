import { MemoryStateStore } from '#shared/engine/index.ts';
import type { Burst, CauseId, EpochMs, FleetMember, InstanceActivity } from '#shared/model/index.ts';

/** One instance's restart bursts over the whole replay, in write order, as plain columns. */
interface BurstColumns {
  /** Batches taken: a rewrite of a batch (the same record again) adds nothing. */
  batches: Set<string>;
  starts: number[];
  ends: number[];
  counts: number[];
  causes: readonly CauseId[][];
}

const NO_MINUTES: InstanceActivity['statusByMinute'] = Object.freeze({});
const NO_LIFECYCLE = Object.freeze([]) as unknown as InstanceActivity['lifecycle'];

/**
 * The store `analyze` replays into: a `MemoryStateStore`, which forgets activity records once no
 * engine read can reach them (the replay calls `expire`, so memory stays bounded), that also keeps
 * what the report needs of them: the restart bursts of the whole input (the report merges them per
 * instance). Kept as number columns, with cause lists shared: a 1 GB log has tens of thousands.
 */
export class ReplayStore extends MemoryStateStore {
  /** logGroup -> instance -> bursts. */
  readonly #restarts = new Map<string, Map<string, BurstColumns>>();
  /** Cause lists by their text, so equal lists are one array. */
  readonly #causeLists = new Map<string, CauseId[]>();
  /** logGroup -> instances given as files: members for the whole replay, logging or not. */
  readonly #seeded = new Map<string, readonly string[]>();

  /** Every file given is an instance of the fleet (the CLI's membership source). */
  seedMembers(logGroup: string, instances: readonly string[]): void {
    this.#seeded.set(logGroup, [...instances]);
  }

  override async listMembers(logGroup: string, since: EpochMs): Promise<FleetMember[]> {
    const members = await super.listMembers(logGroup, since);
    const known = new Set(members.map((m) => m.instance));
    for (const instance of this.#seeded.get(logGroup) ?? []) {
      if (known.has(instance)) continue;
      members.push({
        logGroup,
        instance,
        lastEvent: since,
        bursts: [],
        burstsCut: 0,
        batches: [],
        version: 0,
        expiresAt: 0,
      });
    }
    return members;
  }

  override async putActivity(activity: InstanceActivity): Promise<void> {
    await super.putActivity(activity);
    if (activity.restartBursts.length === 0) return;
    let group = this.#restarts.get(activity.logGroup);
    if (!group) {
      group = new Map();
      this.#restarts.set(activity.logGroup, group);
    }
    let columns = group.get(activity.instance);
    if (!columns) {
      columns = { batches: new Set(), starts: [], ends: [], counts: [], causes: [] };
      group.set(activity.instance, columns);
    }
    if (columns.batches.has(activity.batchId)) return;
    columns.batches.add(activity.batchId);
    for (const b of activity.restartBursts) {
      columns.starts.push(b.start);
      columns.ends.push(b.end);
      columns.counts.push(b.count);
      (columns.causes as CauseId[][]).push(this.#shared(b.causes));
    }
  }

  /**
   * The restart bursts written for `logGroup` over the whole replay, as one activity record per
   * instance holding that instance's bursts in write order (nothing else): what `mergeBursts`
   * needs, and it merges them exactly as it merges the records they came from.
   */
  restartActivity(logGroup: string): InstanceActivity[] {
    const out: InstanceActivity[] = [];
    for (const [instance, c] of this.#restarts.get(logGroup) ?? []) {
      const restartBursts: Burst[] = c.starts.map((start, i) => ({
        start,
        end: c.ends[i]!,
        count: c.counts[i]!,
        causes: [...c.causes[i]!],
      }));
      out.push({
        logGroup,
        instance,
        batchId: '',
        firstSeen: 0,
        lastSeen: 0,
        events: 0,
        restartBursts,
        statusByMinute: NO_MINUTES,
        lifecycle: NO_LIFECYCLE,
        expiresAt: 0,
      });
    }
    return out;
  }

  #shared(causes: readonly CauseId[]): CauseId[] {
    const key = causes.join(',');
    let list = this.#causeLists.get(key);
    if (!list) {
      list = [...causes];
      this.#causeLists.set(key, list);
    }
    return list;
  }
}
