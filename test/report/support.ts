import { CAUSES } from '#shared/catalogue/index.ts';
import type { CauseId, DeployWindow, Incident } from '#shared/model/index.ts';
import type { AlertTally, DigestFacts, PageFacts } from '#shared/report/AlertTally.ts';
import type { Analysis } from '#shared/report/Analysis.ts';
import { buildAnalysis } from '#shared/report/buildAnalysis.ts';

export const LOG_GROUP = 'nginx';
export const SETTINGS = {
  graceMs: 90_000,
  burstGapMs: 30_000,
  maxDeployDurationMs: 3_600_000,
  unscopedDeployWindows: 'all' as const,
};

/** An engine incident with the fields a report reads; the rest as the engine leaves them. */
export function incident(
  over: Partial<Incident> & Pick<Incident, 'instance' | 'cause' | 'firstSeen' | 'lastSeen'>,
): Incident {
  const count = over.count ?? 1;
  return {
    id: `${over.instance ?? '*'}#${over.cause}#1`,
    slot: `${over.instance ?? '*'}#${over.cause}`,
    seq: 1,
    version: 1,
    logGroup: LOG_GROUP,
    group: CAUSES[over.cause].group,
    severity: 'high',
    expiresAt: 0,
    state: 'open',
    count,
    statusCounts: { '502': count },
    perInstance: over.instance === null ? {} : { [over.instance]: count },
    upstreams: [],
    hosts: [],
    samples: [],
    buckets: [],
    appliedDeltas: [],
    alerted: {},
    ...over,
  };
}

/** A deploy window as the engine stores it. */
export function deployWindow(w: Omit<DeployWindow, 'expiresAt'>): DeployWindow {
  return { expiresAt: 0, ...w };
}

/** The analysis of engine results given in parts (no replay): what the report tests start from. */
export function analysisOf(parts: {
  instances: readonly string[];
  incidents?: readonly Incident[];
  windows?: readonly DeployWindow[];
  pages?: readonly (Partial<PageFacts> & { decidedAt: number })[];
  digests?: Record<string, DigestFacts>;
  held?: AlertTally['held'];
}): Analysis {
  const pages: PageFacts[] = (parts.pages ?? []).map((p) => ({
    subject: 'something | nginx',
    headline: 'something',
    cause: 'upstream_refused' as CauseId,
    deployment: undefined,
    fleet: false,
    ...p,
  }));
  return buildAnalysis({
    logGroup: LOG_GROUP,
    instances: parts.instances,
    incidents: parts.incidents ?? [],
    windows: parts.windows ?? [],
    restartActivity: [],
    alerts: {
      counts: { page: pages.length, notify: 0, digest: Object.keys(parts.digests ?? {}).length, resolved: 0 },
      pages,
      digests: new Map(Object.entries(parts.digests ?? {})),
      held: parts.held ?? [],
    },
    replay: { events: 0, causeCounts: {}, firstSeen: 0, lastSeen: 0, endedAt: 0 },
    config: SETTINGS,
  });
}
