import type { CauseId } from '../../model/index.ts';
import type { EngineSettings } from '../config/index.ts';
import type { InstanceBurst } from '../windows/index.ts';
import { correlatedThreshold } from './mergeMember.ts';

/** Instances failing together: the fleet rule's finding. */
export interface FleetOutage {
  instances: string[];
  start: number;
  end: number;
  causes: CauseId[];
}

/**
 * Finds the largest set of instances whose restart bursts overlap one another by more than
 * `overlapTolerance` (a rolling deploy's bursts follow each other, an outage's overlap) and started
 * within `fleetWindow` of each other. It is an outage when the set holds at least
 * `correlatedThreshold(fleetSize)` instances: `fleetMinInstances`, or `fleetFraction` of the fleet
 * when that is fewer (never fewer than 2). Only sets with a burst
 * still going at or after `since` count, so an old, already handled outage is not found again.
 *
 * Intervals shrunk by the tolerance overlap pairwise exactly when they share a point, and the
 * latest start of a pairwise-overlapping set is such a point: trying every start is enough.
 */
export function detectFleetOutage(
  bursts: readonly InstanceBurst[],
  fleetSize: number,
  since: number,
  config: Pick<
    EngineSettings,
    'overlapToleranceMs' | 'fleetWindowMs' | 'fleetFraction' | 'fleetMinInstances'
  >,
): FleetOutage | undefined {
  const needed = correlatedThreshold(fleetSize, config);
  let best: { at: number; members: InstanceBurst[] } | undefined;
  for (const candidate of bursts) {
    const at = candidate.start;
    const members = new Map<string, InstanceBurst>();
    for (const b of bursts) {
      if (b.start > at || b.start < at - config.fleetWindowMs || b.end - config.overlapToleranceMs <= at)
        continue;
      const known = members.get(b.instance);
      if (!known || b.end > known.end) members.set(b.instance, b);
    }
    if (members.size < needed) continue;
    const list = [...members.values()];
    if (Math.max(...list.map((b) => b.end)) < since) continue;
    if (!best || list.length > best.members.length) best = { at, members: list };
  }
  if (!best) return undefined;
  const causes = [...new Set(best.members.flatMap((b) => b.causes))];
  return {
    instances: best.members.map((b) => b.instance).sort(),
    start: Math.min(...best.members.map((b) => b.start)),
    end: Math.max(...best.members.map((b) => b.end)),
    causes,
  };
}
