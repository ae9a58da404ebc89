import { describe, expect, it } from 'vitest';
import { replayEvents } from '#shared/engine/replayEvents.ts';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import type { StateStore } from '#shared/engine/store/StateStore.ts';
import { activityHorizon } from '#shared/engine/windows/activityHorizon.ts';
import type { DeployWindow } from '#shared/model/index.ts';
import { LONG_INSTANCES, longMarker, longScenario, withoutExpire } from './longScenario.ts';
import { at, config, LOG_GROUP } from './support.ts';

describe('activityHorizon', () => {
  const cfg = config(); // activeWindow 3600, quiet 300, maxDeployDuration 3600, grace 90, waveGap 180
  const now = at(100_000);
  const base = now - (3600 + 3600) * 1000;
  const window = (over: Partial<DeployWindow>): DeployWindow => ({
    id: 'd-1',
    source: 'marker',
    start: now - 5 * 3600 * 1000,
    end: now - 1000,
    expiresAt: 0,
    ...over,
  });
  it.each([
    {
      what: 'no window: the last activeWindow, plus maxDeployDuration of margin',
      windows: [],
      horizon: base,
    },
    {
      what: 'a marker whose digest is still to come: from its start, less grace',
      windows: [window({})],
      horizon: now - 5 * 3600 * 1000 - 90_000,
    },
    {
      what: 'an unfinished inferred wave: from its start, less grace',
      windows: [window({ source: 'inferred', end: undefined })],
      horizon: now - 5 * 3600 * 1000 - 90_000,
    },
    { what: 'a window whose digest was sent', windows: [window({ digestSent: true })], horizon: base },
    { what: 'a lifecycle window (no digest)', windows: [window({ source: 'lifecycle' })], horizon: base },
    {
      what: 'a window that ended before the sweeper looks',
      windows: [window({ end: now - (2 * 3600 + 180 + 180) * 1000 - 1 })],
      horizon: base,
    },
    {
      what: 'a window starting later',
      windows: [window({ start: now + 1000, end: now + 2000 })],
      horizon: base,
    },
  ])('$what', ({ windows, horizon }) => {
    expect(activityHorizon(now, windows, cfg)).toBe(horizon);
  });

  it('keeps the last `quiet` when that is longer than activeWindow', () => {
    expect(activityHorizon(now, [], config({ quiet: 7200, activeWindow: 600 }))).toBe(
      now - (7200 + 3600) * 1000,
    );
  });
});

describe('a long replay forgets activity without changing anything it decides', () => {
  it('sends the same alerts and leaves the same incidents and windows as a replay that keeps everything', async () => {
    const events = longScenario();
    const cfg = config();
    const forgetting = new MemoryStateStore();
    const keeping = new MemoryStateStore();
    for (const store of [forgetting, keeping]) await store.putDeployWindow(longMarker());
    const a = await replayEvents(events, forgetting, cfg);
    const b = await replayEvents(events, withoutExpire(keeping) as StateStore, cfg);

    // The scenario exercises every rule, including the digest of a deployment five hours long.
    const kinds = new Set(a.sent.map((x) => `${x.kind}:${x.rule}`));
    for (const k of [
      'page:fleet-outage',
      'page:restart-persisting',
      'page:config-first-sight',
      'digest:deployment-digest',
    ])
      expect(kinds).toContain(k);
    expect(a.sent.some((x) => x.scope.deployment === 'd-LONG5H')).toBe(true);

    expect(a).toEqual(b);
    expect(await forgetting.listIncidents({})).toEqual(await keeping.listIncidents({}));
    expect(await forgetting.listDeployWindows(-Infinity, Infinity)).toEqual(
      await keeping.listDeployWindows(-Infinity, Infinity),
    );
    // ... while holding a few hours of activity instead of all of it.
    const held = (store: MemoryStateStore) => store.listActivity(LOG_GROUP, -Infinity, Infinity);
    const all = (await held(keeping)).length;
    expect(all).toBeGreaterThan(LONG_INSTANCES.length * 900);
    expect((await held(forgetting)).length).toBeLessThan(all / 3);
  });
});
