import type { EngineEvent } from '#shared/engine/ingest/EngineEvent.ts';
import type { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import type { DeployWindow } from '#shared/model/index.ts';
import { at, event, LOG_GROUP, type MessageKind, run } from './support.ts';

export const LONG_INSTANCES = ['i-a', 'i-b', 'i-c', 'i-d'] as const;
const HOUR = 3600;

/**
 * Twelve hours of a four-instance fleet, in time order: steady noise, a rolling restart every two
 * hours, a fleet outage, a deployment that leaves one instance failing, a config error (twice, the
 * second within the cooldown), app errors, an nginx reload and a capacity burst. Long enough that a replay forgets activity several times.
 */
export function longScenario(): EngineEvent[] {
  const out: EngineEvent[] = [];
  const add = (events: EngineEvent[]) => out.push(...events);
  for (let s = 0; s < 12 * HOUR; s += 45)
    for (const [k, instance] of LONG_INSTANCES.entries()) add([event(instance, s + k, 'clientClosed')]);
  for (let h = 1; h < 12; h += 2)
    for (const [k, instance] of LONG_INSTANCES.entries())
      add(run(instance, h * HOUR + k * 40, h * HOUR + k * 40 + 8, 'refused'));
  for (const instance of LONG_INSTANCES) add(run(instance, 5.5 * HOUR, 5.5 * HOUR + 120, 'refused', 2));
  add(run('i-b', 8 * HOUR, 8 * HOUR + 360, 'refused', 3));
  add(run('i-c', 9 * HOUR, 9 * HOUR + 4, 'permission', 2));
  // Again after `quiet`, within the cooldown: a new incident whose page is held back.
  add(run('i-c', 9 * HOUR + 400, 9 * HOUR + 404, 'permission', 2));
  for (let s = 600; s < 12 * HOUR; s += 1020) add([event('i-d', s, 'fastcgi')]);
  add([event('i-a', 3 * HOUR + 7, 'reload')]);
  add(run('i-a', 10 * HOUR, 10 * HOUR + 100, 'timeout' as MessageKind, 5));
  return out.sort((x, y) => x.timestamp - y.timestamp);
}

/** A marker deployment five hours long: its digest reads activity from long before it is sent. */
export function longMarker(): DeployWindow {
  return {
    id: 'd-LONG5H',
    source: 'marker',
    logGroups: [LOG_GROUP],
    start: at(0.5 * HOUR),
    end: at(5.4 * HOUR),
    expiresAt: Math.floor(at(12 * HOUR) / 1000) + 7 * 86_400,
  };
}

/** The same store with `expire` hidden: a replay into it keeps everything (the reference). */
export function withoutExpire<S extends MemoryStateStore>(store: S): S {
  return new Proxy(store, {
    get(target, key) {
      if (key === 'expire') return undefined;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
