import type { CauseGroup } from '../model/index.ts';

/** What the engine and the shell do with a cause group's events, stated once. */
export interface CauseGroupTraits {
  /** An upstream failure: counted as an incident users care about, written as an `upstream_event` record. */
  upstream: boolean;
  /**
   * Its instance incidents gather under one fleet incident per (log group, cause), so the same broken
   * config on ten instances makes one page (created on first sight by ingest, refreshed by the sweeper).
   */
  causeFleet: boolean;
  /** Instances failing with it at the same time form one correlated incident (the fleet rule). */
  correlated: boolean;
}

export const CAUSE_GROUP_TRAITS: Readonly<Record<CauseGroup, CauseGroupTraits>> = Object.freeze({
  restart: { upstream: true, causeFleet: false, correlated: true },
  config: { upstream: true, causeFleet: true, correlated: false },
  capacity: { upstream: true, causeFleet: true, correlated: false },
  app: { upstream: true, causeFleet: true, correlated: false },
  noise: { upstream: false, causeFleet: false, correlated: false },
  lifecycle: { upstream: false, causeFleet: false, correlated: false },
});

/** The groups whose events are upstream failures. */
export const UPSTREAM_GROUPS: ReadonlySet<CauseGroup> = new Set(
  (Object.keys(CAUSE_GROUP_TRAITS) as CauseGroup[]).filter((g) => CAUSE_GROUP_TRAITS[g].upstream),
);
