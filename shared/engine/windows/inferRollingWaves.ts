import type { EngineSettings } from '../config/index.ts';
import type { InstanceBurst } from './mergeBursts.ts';

/** A rolling wave: short restart bursts moving from instance to instance. */
export interface RollingWave {
  start: number;
  end: number;
  instances: string[];
  bursts: InstanceBurst[];
}

/**
 * Infers rolling deployments: short, finished bursts (shorter than `grace`, and no restart event
 * for `burstGap` after them by `now`: a burst still going may yet turn out long) on two or more instances, one
 * after another (each starting within `waveGap` after the wave's latest end, overlapping the
 * wave's bursts of other instances by no more than `overlapTolerance`). Bursts that overlap more
 * are concurrent (the fleet rule's business) and long bursts are failures: neither joins a wave,
 * neither breaks one. `explained` skips bursts an explicit deployment already covers.
 */
export function inferRollingWaves(
  bursts: readonly InstanceBurst[],
  now: number,
  config: Pick<EngineSettings, 'graceMs' | 'waveGapMs' | 'overlapToleranceMs' | 'burstGapMs'>,
  explained: (burst: InstanceBurst) => boolean = () => false,
): RollingWave[] {
  const graceMs = config.graceMs;
  const finishedBy = now - config.burstGapMs;
  const waves: RollingWave[] = [];
  let current: InstanceBurst[] = [];
  let currentEnd = -Infinity;
  const close = () => {
    const instances = [...new Set(current.map((b) => b.instance))].sort();
    if (instances.length >= 2) {
      waves.push({ start: current[0]!.start, end: currentEnd, instances, bursts: current });
    }
    current = [];
    currentEnd = -Infinity;
  };
  for (const burst of [...bursts].sort((a, b) => a.start - b.start)) {
    if (burst.end - burst.start >= graceMs || burst.end > finishedBy || explained(burst)) continue;
    if (current.length > 0 && burst.start - currentEnd > config.waveGapMs) close();
    const concurrent = current.some(
      (b) =>
        b.instance !== burst.instance &&
        Math.min(b.end, burst.end) - Math.max(b.start, burst.start) > config.overlapToleranceMs,
    );
    if (concurrent) continue;
    current.push(burst);
    currentEnd = Math.max(currentEnd, burst.end);
  }
  if (current.length > 0) close();
  return waves;
}
