import type { EngineConfig } from './EngineConfig.ts';
import type { Burst, InstanceActivity } from './ports.ts';

/** An instance's bursts and the instance they belong to. */
export interface InstanceBurst extends Burst {
  instance: string;
}

/**
 * Joins the restart bursts of many batch records into bursts per instance: bursts of one instance
 * closer than `burstGap` (across batch boundaries, in any delivery order) become one. Duplicate
 * records (a redelivered batch) merge into themselves, so counts are taken per batch id once.
 */
export function mergeBursts(
  activity: readonly InstanceActivity[],
  config: Pick<EngineConfig, 'burstGap'>,
): Map<string, Burst[]> {
  const gapMs = config.burstGap * 1000;
  // instance -> batch ids taken, and the raw bursts (not copied: only merged bursts are new objects).
  const seen = new Map<string, Set<string>>();
  const raw = new Map<string, Burst[]>();
  for (const record of activity) {
    let batches = seen.get(record.instance);
    let list = raw.get(record.instance);
    if (!batches || !list) {
      batches = new Set();
      list = [];
      seen.set(record.instance, batches);
      raw.set(record.instance, list);
    }
    if (batches.has(record.batchId)) continue;
    batches.add(record.batchId);
    for (const b of record.restartBursts) list.push(b);
  }
  const merged = new Map<string, Burst[]>();
  for (const [instance, list] of raw) {
    list.sort((a, b) => a.start - b.start);
    const out: Burst[] = [];
    let last: Burst | undefined;
    for (const b of list) {
      if (last && b.start - last.end <= gapMs) {
        last.end = Math.max(last.end, b.end);
        last.count += b.count;
        for (const c of b.causes) if (!last.causes.includes(c)) last.causes.push(c);
      } else {
        last = { ...b, causes: [...b.causes] };
        out.push(last);
      }
    }
    if (out.length > 0) merged.set(instance, out);
  }
  return merged;
}

/** Every burst of every instance, sorted by start. */
export function flattenBursts(bursts: ReadonlyMap<string, readonly Burst[]>): InstanceBurst[] {
  const all: InstanceBurst[] = [];
  for (const [instance, list] of bursts) for (const b of list) all.push({ ...b, instance });
  return all.sort((a, b) => a.start - b.start || (a.instance < b.instance ? -1 : 1));
}

/** Instances that logged anything in [from, to]: the fleet size the fleet rule compares against. */
export function activeInstances(
  activity: readonly InstanceActivity[],
  from: number,
  to: number,
): Set<string> {
  const active = new Set<string>();
  for (const a of activity) if (a.lastSeen >= from && a.firstSeen <= to) active.add(a.instance);
  return active;
}
