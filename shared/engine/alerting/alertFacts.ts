import type { DeploymentFacts, InstanceFacts } from '../../alerts/index.ts';
import type { DeployWindow, Incident, MinuteCounts } from '../../model/index.ts';
import { addCounts, emptyCounts } from '../../model/index.ts';

/** Per-instance rows from instance incidents (summed when an instance has several). */
export function instanceRows(incidents: readonly Incident[]): InstanceFacts[] {
  const rows = new Map<string, InstanceFacts>();
  for (const i of incidents) {
    if (i.instance === null) continue;
    const row = rows.get(i.instance) ?? { instance: i.instance, count: 0, statusCounts: emptyCounts() };
    row.count += i.count;
    addCounts(row.statusCounts, i.statusCounts);
    row.firstSeen = Math.min(row.firstSeen ?? Infinity, i.firstSeen);
    row.lastSeen = Math.max(row.lastSeen ?? -Infinity, i.lastSeen);
    rows.set(i.instance, row);
  }
  return [...rows.values()].sort(
    (a, b) => (a.firstSeen ?? 0) - (b.firstSeen ?? 0) || a.instance.localeCompare(b.instance),
  );
}

/** A deploy window as alert facts. */
export function deploymentFacts(w: DeployWindow): DeploymentFacts {
  const facts: DeploymentFacts = { id: w.id, source: w.source, start: w.start };
  if (w.end !== undefined) facts.end = w.end;
  if (w.label !== undefined) facts.label = w.label;
  return facts;
}

/** The largest rolling sum of `minutes` consecutive per-minute buckets. */
export function peakRate(buckets: Readonly<MinuteCounts>, minutes: number): number {
  let best = 0;
  for (let i = 0; i < buckets.length; i += 2) {
    const start = buckets[i]!;
    let sum = 0;
    for (let k = i; k < buckets.length && buckets[k]! < start + minutes; k += 2) sum += buckets[k + 1]!;
    best = Math.max(best, sum);
  }
  return best;
}
