import { formatTime } from '../../alerts/index.ts';
import type { Burst, DeployWindow, InstanceActivity } from '../../model/index.ts';
import type { EngineSettings } from '../config/index.ts';
import { expiresAtFor } from '../config/index.ts';
import type { StateStore } from '../store/index.ts';
import { coveringWindow, mergeWindows, windowApplies, windowEnd } from './deployWindows.ts';
import { inferRollingWaves } from './inferRollingWaves.ts';
import { flattenBursts } from './mergeBursts.ts';
import { writeDeployWindow } from './writeDeployWindow.ts';

/**
 * nginx lifecycle events (start / reload / stop) open a window on their instance; events closer
 * than `grace` share one, and a stored window they touch is extended rather than duplicated.
 * Mutates and returns `windows` (the caller's view of the store).
 */
export async function upsertLifecycleWindows(
  store: StateStore,
  activity: readonly InstanceActivity[],
  windows: DeployWindow[],
  config: EngineSettings,
): Promise<void> {
  const graceMs = config.graceMs;
  for (const record of activity) {
    for (const event of record.lifecycle) {
      await writeDeployWindow(store, windows, (view) => {
        const existing = view.find(
          (w) =>
            w.source === 'lifecycle' &&
            w.logGroups?.includes(record.logGroup) === true &&
            w.instances?.[0] === record.instance &&
            event.time >= w.start - graceMs &&
            event.time <= windowEnd(w, config) + graceMs,
        );
        const sighting: DeployWindow = {
          id: existing?.id ?? `nginx-${record.instance}-${formatTime(event.time)}`,
          source: 'lifecycle',
          logGroups: [record.logGroup],
          start: event.time,
          end: event.time,
          instances: [record.instance],
          label: `nginx ${event.cause.replace('nginx_', '')}`,
          expiresAt: expiresAtFor(event.time, config),
        };
        return changed(existing, sighting);
      });
    }
  }
}

/**
 * Turns rolling waves found in the bursts into inferred deploy windows (`inferred-<first time>`),
 * unless an explicit marker already explains the bursts. A wave that overlaps a stored inferred
 * window of the log group extends it under the stored id, so ids stay stable as the wave grows.
 */
export async function upsertInferredWindows(
  store: StateStore,
  logGroup: string,
  bursts: ReadonlyMap<string, readonly Burst[]>,
  windows: DeployWindow[],
  now: number,
  config: EngineSettings,
): Promise<void> {
  const explained = (b: { instance: string; start: number }) =>
    coveringWindow(
      windows.filter((w) => w.source === 'marker'),
      logGroup,
      b.instance,
      b.start,
      config,
    ) !== undefined;
  for (const wave of inferRollingWaves(flattenBursts(bursts), now, config, explained)) {
    await writeDeployWindow(store, windows, (view) => {
      const existing = view.find(
        (w) =>
          w.source === 'inferred' &&
          w.logGroups?.includes(logGroup) === true &&
          wave.start <= windowEnd(w, config) + config.waveGapMs &&
          wave.end >= w.start - config.waveGapMs,
      );
      const sighting: DeployWindow = {
        id: existing?.id ?? `inferred-${formatTime(wave.start)}`,
        source: 'inferred',
        logGroups: [logGroup],
        start: wave.start,
        end: wave.end,
        instances: wave.instances,
        seenIn: [logGroup],
        expiresAt: expiresAtFor(wave.end, config),
      };
      return changed(existing, sighting);
    });
  }
}

/** Records that the log group saw events during windows that name no log group (for their digest). */
export async function markWindowsSeen(
  store: StateStore,
  logGroup: string,
  activity: readonly InstanceActivity[],
  windows: DeployWindow[],
  config: EngineSettings,
): Promise<void> {
  const graceMs = config.graceMs;
  // A copy to iterate: writing replaces entries of `windows`.
  for (const w of [...windows]) {
    if (w.source !== 'marker' || w.seenIn?.includes(logGroup)) continue;
    const touched = activity.some(
      (a) =>
        windowApplies(w, logGroup, a.instance, config) &&
        a.lastSeen >= w.start - graceMs &&
        a.firstSeen <= windowEnd(w, config) + graceMs,
    );
    if (!touched) continue;
    // The deploy-events function may change the window meanwhile (its end): the write is conditional.
    await writeDeployWindow(store, windows, (view) => {
      const fresh = view.find((x) => x.id === w.id);
      if (!fresh || fresh.seenIn?.includes(logGroup)) return undefined;
      return { ...fresh, seenIn: [...(fresh.seenIn ?? []), logGroup].sort() };
    });
  }
}

/** The stored window merged with a new sighting of it, or undefined when that changes nothing. */
function changed(existing: DeployWindow | undefined, sighting: DeployWindow): DeployWindow | undefined {
  if (!existing) return sighting;
  const merged = mergeWindows(existing, sighting);
  return JSON.stringify(existing) === JSON.stringify(merged) ? undefined : merged;
}
