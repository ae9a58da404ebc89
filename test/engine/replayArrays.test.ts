import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '#shared/engine/index.ts';
import { replayEvents } from '#shared/engine/replayEvents.ts';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import { longMarker, longScenario } from './longScenario.ts';
import { config } from './support.ts';

/** The events in arrays of uneven sizes (as `analyze` hands over its read chunks), some empty. */
async function* inArrays(events: readonly EngineEvent[]): AsyncGenerator<readonly EngineEvent[]> {
  let at = 0;
  for (let size = 0; at < events.length; size = (size * 7 + 3) % 500) {
    yield events.slice(at, at + size);
    at += size;
  }
}

describe('replayEvents', () => {
  it('gives the same outcome for events in arrays as for events one at a time', async () => {
    const cfg = config();
    const events = longScenario();
    const replay = async (input: Parameters<typeof replayEvents>[0]) => {
      const store = new MemoryStateStore();
      await store.putDeployWindow(longMarker());
      const outcome = await replayEvents(input, store, cfg);
      return { outcome, incidents: await store.listIncidents({}) };
    };
    const single = await replay(events);
    const arrays = await replay(inArrays(events));
    expect(single.outcome.sent.length).toBeGreaterThan(10);
    expect(arrays).toEqual(single);
  });

  it('returns an empty outcome for no events, in arrays or not', async () => {
    const cfg = config();
    const none = await replayEvents([], new MemoryStateStore(), cfg);
    const emptyArrays = await replayEvents([[], []], new MemoryStateStore(), cfg);
    expect(emptyArrays).toEqual(none);
    expect(none.firstSeen).toBe(0);
    expect(none.lastSeen).toBe(0);
  });
});
