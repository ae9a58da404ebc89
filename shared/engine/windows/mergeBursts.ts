import type { Burst, InstanceActivity } from '../../model/index.ts';
import type { EngineSettings } from '../config/index.ts';

/** An instance's bursts and the instance they belong to. */
export interface InstanceBurst extends Burst {
  instance: string;
}

/**
 * Joins the restart bursts of many batch records into bursts per instance: bursts of one instance
 * closer than `burstGap` (across batch boundaries, in any delivery order) become one. A duplicate
 * record (a redelivered batch: the same record again) merges into itself, so counts are taken per
 * batch id once. Runs for every batch with restarts over the last `activeWindow` of records: only
 * the records with bursts are looked at twice, and only merged bursts are new objects.
 */
export function mergeBursts(
  activity: readonly InstanceActivity[],
  config: Pick<EngineSettings, 'burstGapMs'>,
): Map<string, Burst[]> {
  // Per instance in first-seen order: the batch ids taken and the raw bursts.
  const raw = new Map<string, { batches: Set<string>; bursts: Burst[] }>();
  let instance: string | undefined;
  let entry: { batches: Set<string>; bursts: Burst[] } | undefined;
  for (const record of activity) {
    if (record.instance !== instance || !entry) {
      instance = record.instance;
      entry = raw.get(instance);
      if (!entry) {
        entry = { batches: new Set(), bursts: [] };
        raw.set(instance, entry);
      }
    }
    const bursts = record.restartBursts;
    if (bursts.length === 0 || entry.batches.has(record.batchId)) continue;
    entry.batches.add(record.batchId);
    for (let i = 0; i < bursts.length; i++) entry.bursts.push(bursts[i]!);
  }
  const merged = new Map<string, Burst[]>();
  for (const [name, { bursts: list }] of raw) {
    if (list.length === 0) continue;
    list.sort((a, b) => a.start - b.start);
    const out: Burst[] = [];
    let last: Burst | undefined;
    for (let i = 0; i < list.length; i++) {
      const b = list[i]!;
      if (last && b.start - last.end <= config.burstGapMs) {
        if (b.end > last.end) last.end = b.end;
        last.count += b.count;
        const causes = b.causes;
        for (let k = 0; k < causes.length; k++)
          if (!last.causes.includes(causes[k]!)) last.causes.push(causes[k]!);
      } else {
        last = { start: b.start, end: b.end, count: b.count, causes: b.causes.slice() };
        out.push(last);
      }
    }
    merged.set(name, out);
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
