import type { Incident } from '../../model/index.ts';

/**
 * The open incidents a batch decides on: the store's listing corrected by what the batch itself just
 * wrote or read by key (`applyDelta` returns the incident as stored, from a strongly consistent read).
 *
 * On DynamoDB the listing comes from a global secondary index, which is eventually consistent: it
 * may still miss an incident the batch created a moment ago, or show it at an older version. So:
 * - by id, the higher `version` wins (a write always raises it);
 * - a slot's newest incident hides its older ones (only the newest `seq` of a slot can be open: an
 *   index that still shows `#1` open after `#2` started is behind);
 * - only open incidents remain.
 * Decisions then never depend on the index having caught up with this batch. Incidents of other
 * batches are as fresh as the index is: a few hundred milliseconds behind at worst, which the
 * sweeper's pass a minute later makes up for.
 */
export function mergeFreshIncidents(listed: readonly Incident[], fresh: readonly Incident[]): Incident[] {
  const byId = new Map<string, Incident>();
  for (const incident of [...listed, ...fresh]) {
    const known = byId.get(incident.id);
    if (!known || incident.version > known.version) byId.set(incident.id, incident);
  }
  const newestSeq = new Map<string, number>();
  for (const incident of byId.values())
    newestSeq.set(incident.slot, Math.max(newestSeq.get(incident.slot) ?? 0, incident.seq));
  return [...byId.values()].filter((i) => i.state === 'open' && i.seq === newestSeq.get(i.slot));
}
