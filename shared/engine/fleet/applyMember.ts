import type { FleetMember, InstanceActivity } from '../../model/index.ts';
import type { EngineSettings } from '../config/index.ts';
import type { StateStore } from '../store/index.ts';
import { StoreContentionError } from '../store/index.ts';
import { mergeMember } from './mergeMember.ts';

const MAX_ATTEMPTS = 8;

/**
 * Merges a batch's activity into its instance's member item under optimistic locking (one read,
 * one conditional write; on conflict, backoff, read again). Returns the member as stored.
 */
export async function applyMember(
  store: StateStore,
  activity: InstanceActivity,
  config: Pick<EngineSettings, 'burstGapMs'>,
  expiresAt: number,
): Promise<FleetMember> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) await store.backoff?.(attempt);
    const current = await store.getMember(activity.logGroup, activity.instance);
    const outcome = mergeMember(current, activity, config, expiresAt);
    if (outcome.kind === 'unchanged') return outcome.member;
    if (await store.putMember(outcome.member, current?.version ?? 0)) return outcome.member;
  }
  throw new StoreContentionError(
    `member ${activity.logGroup} ${activity.instance}: conditional write lost ${MAX_ATTEMPTS} times`,
  );
}
