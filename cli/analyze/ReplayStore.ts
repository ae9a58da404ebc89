import { MemoryStateStore } from '#shared/engine/MemoryStateStore.ts';
import type { InstanceActivity } from '#shared/engine/ports.ts';

const NO_MINUTES: InstanceActivity['statusByMinute'] = Object.freeze({});
const NO_LIFECYCLE = Object.freeze([]) as unknown as InstanceActivity['lifecycle'];

/**
 * The store `analyze` replays into: a `MemoryStateStore`, which forgets activity records once no
 * engine read can reach them (the replay calls `expire`, so memory stays bounded), that also keeps
 * what the report needs of them: every record with restart bursts (the report merges the bursts
 * of the whole input per instance). Those are few (a record per stream per 10 s with restarts),
 * and they keep only their bursts.
 */
export class ReplayStore extends MemoryStateStore {
  /** logGroup -> `instance\0batchId` -> record; a rewrite keeps its place, as the store's does. */
  readonly #restarts = new Map<string, Map<string, InstanceActivity>>();

  override async putActivity(activity: InstanceActivity): Promise<void> {
    await super.putActivity(activity);
    if (activity.restartBursts.length === 0) return;
    let group = this.#restarts.get(activity.logGroup);
    if (!group) {
      group = new Map();
      this.#restarts.set(activity.logGroup, group);
    }
    group.set(`${activity.instance}\u0000${activity.batchId}`, {
      ...activity,
      restartBursts: activity.restartBursts.map((b) => ({ ...b, causes: [...b.causes] })),
      statusByMinute: NO_MINUTES,
      lifecycle: NO_LIFECYCLE,
    });
  }

  /**
   * The activity records with restart bursts written for `logGroup` over the whole replay, in write
   * order (their status counts and lifecycle events left out): what `mergeBursts` needs.
   */
  restartActivity(logGroup: string): InstanceActivity[] {
    return [...(this.#restarts.get(logGroup)?.values() ?? [])];
  }
}
