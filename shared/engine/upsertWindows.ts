import { formatTime } from '../alerts/formatTime.ts';
import { coveringWindow, mergeWindows, windowApplies, windowEnd } from './deployWindows.ts';
import type { EngineConfig } from './EngineConfig.ts';
import { expiresAtFor } from './expiresAtFor.ts';
import { inferRollingWaves } from './inferRollingWaves.ts';
import { flattenBursts } from './mergeBursts.ts';
import type { Burst, DeployWindow, InstanceActivity, StateStore } from './ports.ts';

/**
 * nginx lifecycle events (start / reload / stop) open a window on their instance; events closer
 * than `grace` share one, and a stored window they touch is extended rather than duplicated.
 * Mutates and returns `windows` (the caller's view of the store).
 */
export async function upsertLifecycleWindows(
  store: StateStore,
  activity: readonly InstanceActivity[],
  windows: DeployWindow[],
  config: EngineConfig,
): Promise<void> {
  const graceMs = config.grace * 1000;
  for (const record of activity) {
    for (const event of record.lifecycle) {
      const existing = windows.find(
        (w) =>
          w.source === 'lifecycle' &&
          w.logGroup === record.logGroup &&
          w.instances?.[0] === record.instance &&
          event.time >= w.start - graceMs &&
          event.time <= windowEnd(w, config) + graceMs,
      );
      const sighting: DeployWindow = {
        id: existing?.id ?? `nginx-${record.instance}-${formatTime(event.time)}`,
        source: 'lifecycle',
        logGroup: record.logGroup,
        start: event.time,
        end: event.time,
        instances: [record.instance],
        label: `nginx ${event.cause.replace('nginx_', '')}`,
        expiresAt: expiresAtFor(event.time, config),
      };
      const merged = existing ? mergeWindows(existing, sighting) : sighting;
      if (existing && JSON.stringify(existing) === JSON.stringify(merged)) continue;
      await store.putDeployWindow(merged);
      replace(windows, merged);
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
  config: EngineConfig,
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
    const gapMs = config.waveGap * 1000;
    const existing = windows.find(
      (w) =>
        w.source === 'inferred' &&
        w.logGroup === logGroup &&
        wave.start <= windowEnd(w, config) + gapMs &&
        wave.end >= w.start - gapMs,
    );
    const sighting: DeployWindow = {
      id: existing?.id ?? `inferred-${formatTime(wave.start)}`,
      source: 'inferred',
      logGroup,
      start: wave.start,
      end: wave.end,
      instances: wave.instances,
      seenIn: [logGroup],
      expiresAt: expiresAtFor(wave.end, config),
    };
    const merged = existing ? mergeWindows(existing, sighting) : sighting;
    if (existing && JSON.stringify(existing) === JSON.stringify(merged)) continue;
    await store.putDeployWindow(merged);
    replace(windows, merged);
  }
}

/** Records that the log group saw events during windows that name no log group (for their digest). */
export async function markWindowsSeen(
  store: StateStore,
  logGroup: string,
  activity: readonly InstanceActivity[],
  windows: DeployWindow[],
  config: EngineConfig,
): Promise<void> {
  const graceMs = config.grace * 1000;
  for (const w of windows) {
    if (w.source !== 'marker' || w.seenIn?.includes(logGroup)) continue;
    const touched = activity.some(
      (a) =>
        windowApplies(w, logGroup, a.instance) &&
        a.lastSeen >= w.start - graceMs &&
        a.firstSeen <= windowEnd(w, config) + graceMs,
    );
    if (!touched) continue;
    // Re-read just before writing: the deploy-events function may have set the end meanwhile.
    const fresh = (await store.listDeployWindows(w.start, w.start)).find((x) => x.id === w.id) ?? w;
    if (fresh.seenIn?.includes(logGroup)) continue;
    const merged: DeployWindow = { ...fresh, seenIn: [...(fresh.seenIn ?? []), logGroup].sort() };
    await store.putDeployWindow(merged);
    replace(windows, merged);
  }
}

function replace(windows: DeployWindow[], window: DeployWindow): void {
  const at = windows.findIndex((w) => w.id === window.id);
  if (at === -1) windows.push(window);
  else windows[at] = window;
}
