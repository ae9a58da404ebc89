import { describe, expect, it } from 'vitest';
import { replayEvents } from '#shared/engine/replayEvents.ts';
import { buildAnalyzeReport } from '../../cli/analyze/buildAnalyzeReport.ts';
import { ReplayStore } from '../../cli/analyze/ReplayStore.ts';
import { LONG_INSTANCES, longMarker, longScenario, withoutExpire } from '../engine/longScenario.ts';
import { config, LOG_GROUP } from '../engine/support.ts';

describe('ReplayStore', () => {
  it('gives analyze the report of the whole input though the store forgets old activity', async () => {
    const cfg = config();
    const events = longScenario();
    const report = async (store: ReplayStore) => {
      await store.putDeployWindow(longMarker());
      const outcome = await replayEvents(events, store, cfg);
      return buildAnalyzeReport(outcome, store, cfg, LOG_GROUP, [...LONG_INSTANCES]);
    };
    const forgetting = new ReplayStore();
    const expected = await report(withoutExpire(new ReplayStore()));
    expect(await report(forgetting)).toEqual(expected);
    // The instance table counts bursts from the first hours, which the store itself no longer holds.
    expect(expected.analysis.instances.every((i) => i.bursts >= 6)).toBe(true);
    const held = await forgetting.listActivity(LOG_GROUP, -Infinity, Infinity);
    expect(Math.min(...held.map((a) => a.firstSeen))).toBeGreaterThan(events[0]!.timestamp + 6 * 3600_000);
  });
});
