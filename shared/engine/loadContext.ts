import type { EngineConfig } from './EngineConfig.ts';
import { activeInstances, mergeBursts } from './mergeBursts.ts';
import type { Burst, DeployWindow, StateStore } from './ports.ts';

/** Cross-instance state around a time range of one log group. */
export interface LoadedContext {
  windows: DeployWindow[];
  bursts: Map<string, Burst[]>;
  active: Set<string>;
}

/**
 * Reads the deploy windows that may cover [from, to] and, when `withActivity`, the instance
 * activity of the last `activeWindow` (merged bursts and the set of active instances). Batches
 * without restart events skip the activity read: only restart decisions need it.
 */
export async function loadContext(
  store: StateStore,
  logGroup: string,
  from: number,
  to: number,
  config: EngineConfig,
  withActivity: boolean,
): Promise<LoadedContext> {
  const graceMs = config.grace * 1000;
  const windows = await store.listDeployWindows(
    from - config.maxDeployDuration * 1000 - graceMs,
    to + graceMs,
  );
  if (!withActivity) return { windows, bursts: new Map(), active: new Set() };
  const activeMs = config.activeWindow * 1000;
  const activity = await store.listActivity(
    logGroup,
    Math.min(from, to - activeMs),
    to + config.waveGap * 1000,
  );
  return {
    windows,
    bursts: mergeBursts(activity, config),
    active: activeInstances(activity, to - activeMs, to),
  };
}
