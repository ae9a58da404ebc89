import type { Incident } from '#shared/engine/ports.ts';
import type { CauseGroup } from '#shared/types.ts';

/** Incidents users care about; `noise` and `lifecycle` incidents exist only to be counted. */
const COUNTED: ReadonlySet<CauseGroup> = new Set(['restart', 'config', 'capacity', 'app']);

/**
 * Instance incidents this batch started: an incident is written at version 1 by the delta that
 * starts it (its newest applied delta) and every later merge raises the version, so version 1 with
 * a newest delta of this batch means "opened here". Fleet incidents are not counted (they aggregate
 * instance incidents already counted), nor noise and lifecycle ones.
 */
export function countOpenedIncidents(incidents: readonly Incident[], batchId: string): number {
  const prefix = `${batchId}#`;
  return incidents.filter(
    (i) =>
      i.instance !== null &&
      COUNTED.has(i.group) &&
      i.version === 1 &&
      i.appliedDeltas.at(-1)?.startsWith(prefix),
  ).length;
}
