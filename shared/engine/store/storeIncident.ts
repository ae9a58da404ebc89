import type { Incident, IncidentDelta } from '../../model/index.ts';
import { EngineError } from '../config/index.ts';
import { copyIncident } from './copyIncident.ts';
import { freezeIncident } from './freezeIncident.ts';
import { mergeDelta, startsIncident } from './mergeDelta.ts';
import type { StateStore } from './StateStore.ts';

/** Conditional writes retried this often before the invocation fails (and is retried whole). */
const MAX_ATTEMPTS = 8;

/** Another writer kept winning the conditional write: fail the invocation so it is retried. */
export class StoreContentionError extends EngineError {
  override name = 'StoreContentionError';
}

/**
 * Applies a delta under optimistic locking: read the newest incident of the slot, merge, write on
 * the condition that nobody wrote in between; on conflict, read again. Returns the incident as
 * stored and whether the delta was new.
 */
export async function applyDelta(
  store: StateStore,
  delta: IncidentDelta,
  expiresAt: number,
  options: { startOnly?: boolean } = {},
): Promise<{ incident: Incident; applied: boolean }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) await store.backoff?.(attempt);
    const current = await store.getIncident(delta.slot);
    // Only starting it: an incident that exists is read, never merged into (nor merged to be dropped).
    if (options.startOnly && current !== undefined && !startsIncident(current, delta))
      return { incident: current, applied: false };
    const outcome = mergeDelta(current, delta, expiresAt);
    if (outcome.kind === 'unchanged') return { incident: outcome.incident, applied: false };
    if (options.startOnly && outcome.kind !== 'started') return { incident: current!, applied: false };
    const expected = outcome.kind === 'started' ? 0 : current!.version;
    // Frozen: the engine never changes an incident it built, and the memory store then keeps it uncopied.
    const incident = freezeIncident(outcome.incident);
    if (await store.putIncident(incident, expected)) return { incident, applied: true };
  }
  throw new StoreContentionError(`incident ${delta.slot}: conditional write lost ${MAX_ATTEMPTS} times`);
}

/**
 * Changes the incident `seq` of a slot under optimistic locking. `change` returns the new incident
 * or undefined for "nothing to do"; it must be pure (it may run several times). Returns the stored
 * incident, or undefined when the slot has moved on to a newer incident. `change` gets a private copy
 * it may mutate (the store's own record is frozen).
 */
export async function updateIncident(
  store: StateStore,
  slot: string,
  seq: number,
  change: (incident: Incident) => Incident | undefined,
): Promise<Incident | undefined> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) await store.backoff?.(attempt);
    const current = await store.getIncident(slot);
    if (!current || current.seq !== seq) return undefined;
    const next = change(copyIncident(current));
    if (!next) return current;
    next.version = current.version + 1;
    const frozen = freezeIncident(next);
    if (await store.putIncident(frozen, current.version)) return frozen;
  }
  throw new StoreContentionError(`incident ${slot}#${seq}: conditional write lost ${MAX_ATTEMPTS} times`);
}

/**
 * The fleet incident of a (log group, cause) as a batch needs it: created when the delta starts it
 * (the cause's first sight in the log group, or the first since the last one closed), otherwise only
 * read. The sweeper refreshes its members and counts once per run (`refreshCauseFleet`), so a
 * thousand instances never contend for one item.
 */
export function ensureFleetIncident(
  store: StateStore,
  delta: IncidentDelta,
  expiresAt: number,
): Promise<{ incident: Incident; applied: boolean }> {
  return applyDelta(store, delta, expiresAt, { startOnly: true });
}
