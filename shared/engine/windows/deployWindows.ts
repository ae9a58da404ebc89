import type { DeployWindow } from '../../model/index.ts';
import type { EngineSettings } from '../config/index.ts';

/** The window's end, or its start plus `maxDeployDuration` while it has none. */
export function windowEnd(window: DeployWindow, config: Pick<EngineSettings, 'maxDeployDurationMs'>): number {
  return window.end ?? window.start + config.maxDeployDurationMs;
}

/**
 * Whether the window applies to this log group and instance at all: its scope names the log group
 * (or it has no scope and `unscopedDeployWindows` is `all`), and it names the instance or no
 * instances. An inferred window's instances are only those seen restarting briefly: the instance
 * that never came back belongs to the same deployment, so an inferred window applies to its whole
 * log group.
 */
export function windowApplies(
  window: DeployWindow,
  logGroup: string,
  instance: string,
  config: Pick<EngineSettings, 'unscopedDeployWindows'>,
): boolean {
  if (window.logGroups === undefined) {
    if (config.unscopedDeployWindows === 'none') return false;
  } else if (!window.logGroups.includes(logGroup)) return false;
  return (
    window.instances === undefined || window.source === 'inferred' || window.instances.includes(instance)
  );
}

/**
 * The window, among those applying to the instance, that covers `time` with `grace` on both sides
 * (markers are rarely exact), preferring explicit markers, then the latest end.
 */
export function coveringWindow(
  windows: readonly DeployWindow[],
  logGroup: string,
  instance: string,
  time: number,
  config: Pick<EngineSettings, 'maxDeployDurationMs' | 'graceMs' | 'unscopedDeployWindows'>,
): DeployWindow | undefined {
  const graceMs = config.graceMs;
  let best: DeployWindow | undefined;
  for (const w of windows) {
    if (!windowApplies(w, logGroup, instance, config)) continue;
    if (time < w.start - graceMs || time > windowEnd(w, config) + graceMs) continue;
    if (
      !best ||
      rank(w) > rank(best) ||
      (rank(w) === rank(best) && windowEnd(w, config) > windowEnd(best, config))
    ) {
      best = w;
    }
  }
  return best;
}

/** Explicit markers say the most; lifecycle markers the least (a reload is not a deployment). */
function rank(w: DeployWindow): number {
  return w.source === 'marker' ? 2 : w.source === 'inferred' ? 1 : 0;
}

/**
 * When a window's digest is due: its end plus grace, and for an inferred wave also `waveGap`,
 * because the wave can still grow until then.
 */
export function digestDueAt(
  window: DeployWindow,
  config: Pick<EngineSettings, 'maxDeployDurationMs' | 'graceMs' | 'waveGapMs'>,
): number {
  const settleMs = window.source === 'inferred' ? Math.max(config.graceMs, config.waveGapMs) : config.graceMs;
  return windowEnd(window, config) + settleMs;
}

/**
 * How far back the sweeper looks for windows whose digest may be due: a window ending up to
 * `maxDeployDuration` late, its grace, an inferred wave's `waveGap`, and slack of the same again.
 */
export function digestLookbackMs(
  config: Pick<EngineSettings, 'maxDeployDurationMs' | 'graceMs' | 'waveGapMs'>,
): number {
  return 2 * config.maxDeployDurationMs + config.waveGapMs + 2 * config.graceMs;
}

/** Merges what two sightings of the same window know: earliest start, latest end, instances united. */
export function mergeWindows(a: DeployWindow, b: DeployWindow): DeployWindow {
  const merged: DeployWindow = {
    ...a,
    start: Math.min(a.start, b.start),
    expiresAt: Math.max(a.expiresAt, b.expiresAt),
  };
  const end = a.end === undefined || b.end === undefined ? (a.end ?? b.end) : Math.max(a.end, b.end);
  if (end === undefined) delete merged.end;
  else merged.end = end;
  if (a.instances === undefined || b.instances === undefined) delete merged.instances;
  else merged.instances = [...new Set([...a.instances, ...b.instances])].sort();
  // Scope knowledge accrues: a sighting that knows no log groups does not widen one that does.
  if (a.logGroups !== undefined || b.logGroups !== undefined)
    merged.logGroups = [...new Set([...(a.logGroups ?? []), ...(b.logGroups ?? [])])].sort();
  const seenIn = [...new Set([...(a.seenIn ?? []), ...(b.seenIn ?? [])])].sort();
  if (seenIn.length > 0) merged.seenIn = seenIn;
  if (a.digestSent || b.digestSent) merged.digestSent = true;
  return merged;
}
