import { CAUSE_GROUP_TRAITS } from '../../catalogue/index.ts';
import type { Incident } from '../../model/index.ts';
import { addCounts, emptyCounts } from '../../model/index.ts';
import type { StateStore } from '../store/index.ts';
import { updateIncident } from '../store/index.ts';
import { MAX_FLEET_MEMBERS } from './evaluateFleet.ts';

/**
 * Brings each open fleet incident of a config / capacity / app cause up to date with the open
 * instance incidents of its cause (ingest only creates it: many instances never write one item):
 * members and their counts, last seen, statuses. Writes only what changed. Returns the listing with
 * the refreshed incidents in place.
 */
export async function refreshCauseFleets(
  store: StateStore,
  listed: readonly Incident[],
): Promise<Incident[]> {
  const out = [...listed];
  for (let n = 0; n < out.length; n++) {
    const fleet = out[n]!;
    if (fleet.instance !== null || fleet.state !== 'open' || !CAUSE_GROUP_TRAITS[fleet.group].causeFleet)
      continue;
    const members = listed.filter(
      (i) => i.instance !== null && i.cause === fleet.cause && i.lastSeen >= fleet.firstSeen,
    );
    if (members.length === 0) continue;
    const lastSeen = Math.max(fleet.lastSeen, ...members.map((i) => i.lastSeen));
    const grows =
      lastSeen > fleet.lastSeen || members.some((i) => (fleet.perInstance[i.instance!] ?? 0) < i.count);
    if (!grows) continue;
    const stored = await updateIncident(store, fleet.slot, fleet.seq, (incident) => {
      const perInstance = emptyCounts();
      Object.assign(perInstance, incident.perInstance);
      let cut = incident.perInstanceCut ?? 0;
      for (const i of members) {
        const name = i.instance!;
        if (!(name in perInstance) && Object.keys(perInstance).length >= MAX_FLEET_MEMBERS) {
          cut++;
          continue;
        }
        perInstance[name] = Math.max(perInstance[name] ?? 0, i.count);
      }
      const statusCounts = emptyCounts();
      for (const i of members) addCounts(statusCounts, i.statusCounts);
      incident.perInstance = perInstance;
      if (cut > 0) incident.perInstanceCut = cut;
      incident.count = Math.max(
        incident.count,
        Object.values(perInstance).reduce((a, b) => a + b, 0),
      );
      incident.lastSeen = Math.max(incident.lastSeen, lastSeen);
      for (const [status, count] of Object.entries(statusCounts))
        incident.statusCounts[status] = Math.max(incident.statusCounts[status] ?? 0, count);
      incident.expiresAt = Math.max(incident.expiresAt, ...members.map((i) => i.expiresAt));
      return incident;
    });
    if (stored) out[n] = stored;
  }
  return out;
}
