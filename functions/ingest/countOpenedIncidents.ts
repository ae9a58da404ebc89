import type { EngineEvent } from '#shared/engine/EngineEvent.ts';
import { incidentSlot } from '#shared/engine/incidentSlot.ts';
import type { Incident, StateStore } from '#shared/engine/ports.ts';
import type { CauseGroup } from '#shared/types.ts';

/** Incidents users care about; `noise` and `lifecycle` incidents exist only to be counted. */
const COUNTED: ReadonlySet<CauseGroup> = new Set(['restart', 'config', 'capacity', 'app']);

/**
 * How many instance incidents this batch opened. Reads the batch's own slots (a handful: one stream,
 * a few causes) with strongly consistent reads: a just-written incident may not be in a GSI yet.
 */
export async function countOpenedIncidents(
  store: StateStore,
  events: readonly EngineEvent[],
  batchId: string,
): Promise<number> {
  // Distinct (log group, instance, cause) first: building a slot key per event was most of the cost.
  const seen = new Map<string, Map<string, Set<string>>>();
  const slots = new Set<string>();
  for (const e of events) {
    if (!COUNTED.has(e.classified.group)) continue;
    let instances = seen.get(e.logGroup);
    if (!instances) {
      instances = new Map();
      seen.set(e.logGroup, instances);
    }
    let causes = instances.get(e.instance);
    if (!causes) {
      causes = new Set();
      instances.set(e.instance, causes);
    }
    if (causes.has(e.classified.cause)) continue;
    causes.add(e.classified.cause);
    slots.add(incidentSlot(e.logGroup, e.instance, e.classified.cause));
  }
  let opened = 0;
  for (const slot of slots) {
    const incident = await store.getIncident(slot);
    if (incident && openedBy(incident, batchId)) opened++;
  }
  return opened;
}

/**
 * An incident is written at version 1 by the delta that starts it (its newest applied delta) and every
 * later write raises the version: version 1 with a newest delta of this batch means "opened here" (read
 * before the batch's alerts are delivered, which write the incident again). A retried batch whose
 * deltas were applied by the failed attempt still counts them: that attempt emitted no metrics.
 */
export function openedBy(incident: Incident, batchId: string): boolean {
  return incident.version === 1 && (incident.appliedDeltas.at(-1)?.startsWith(`${batchId}#`) ?? false);
}
