import type { Incident } from '../../model/index.ts';

/**
 * Freezes an incident and every object in it, in place, and returns it. The engine freezes what it
 * writes (copy on write: it never changes an incident once built), so the memory store can keep
 * the written object itself instead of a copy: nobody can change it any more.
 */
export function freezeIncident(incident: Incident): Readonly<Incident> {
  Object.freeze(incident.statusCounts);
  Object.freeze(incident.perInstance);
  Object.freeze(incident.upstreams);
  Object.freeze(incident.hosts);
  Object.freeze(incident.samples);
  Object.freeze(incident.buckets);
  Object.freeze(incident.appliedDeltas);
  Object.freeze(incident.alerted);
  return Object.freeze(incident);
}

/** Whether the incident and every object in it are frozen (then nothing can change it). */
export function isFrozenIncident(incident: Readonly<Incident>): boolean {
  return (
    Object.isFrozen(incident) &&
    Object.isFrozen(incident.statusCounts) &&
    Object.isFrozen(incident.perInstance) &&
    Object.isFrozen(incident.upstreams) &&
    Object.isFrozen(incident.hosts) &&
    Object.isFrozen(incident.samples) &&
    Object.isFrozen(incident.buckets) &&
    Object.isFrozen(incident.appliedDeltas) &&
    Object.isFrozen(incident.alerted)
  );
}
