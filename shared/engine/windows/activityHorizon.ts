import type { DeployWindow, EpochMs } from '../../model/index.ts';
import type { EngineSettings } from '../config/index.ts';
import { digestLookbackMs } from './deployWindows.ts';

/**
 * The oldest event time an activity read of the engine can still reach once event time is `now`
 * (for `StateStore.expire`): activity ending before it can go. The reads are:
 * - a batch or a sweep: the last `activeWindow` (fleet size, bursts), at least the last `quiet`
 *   (the sweeper's range), before the batch's first event;
 * - a digest: from `grace` before the start of its window, for every window whose digest may still
 *   be sent (not sent yet, not a lifecycle window, not older than the sweeper's look-back).
 * `maxDeployDuration` more is kept as a margin for lines that come out of time order (a batch that
 * starts earlier than `now`); a line older than that would see less activity than it once did.
 *
 * @param windows the deploy windows the sweeper may still list (`listDeployWindows(now - digestLookbackMs(config), now)`)
 */
export function activityHorizon(
  now: EpochMs,
  windows: readonly DeployWindow[],
  config: Pick<
    EngineSettings,
    'activeWindowMs' | 'quietMs' | 'maxDeployDurationMs' | 'graceMs' | 'waveGapMs'
  >,
): EpochMs {
  let horizon = now - Math.max(config.activeWindowMs, config.quietMs) - config.maxDeployDurationMs;
  const lookbackFrom = now - digestLookbackMs(config);
  for (const w of windows) {
    if (w.source === 'lifecycle' || w.digestSent) continue;
    if (w.end !== undefined && w.end < lookbackFrom) continue;
    horizon = Math.min(horizon, w.start - config.graceMs);
  }
  return horizon;
}
