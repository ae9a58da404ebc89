import type { ReportInstance } from './Analysis.ts';
import { VERDICT_RANK } from './buildAnalysis.ts';

/** The instance rows as a fleet report shows them. */
export interface InstanceFold {
  /** Instances with upstream errors, worst verdict first (then in the order given), at most `limit`. */
  shown: ReportInstance[];
  /** Instances with upstream errors beyond `limit`, in the same order. */
  more: ReportInstance[];
  /** Instances without any upstream error (quiet, or only noise and nginx lifecycle), in the order given. */
  quiet: ReportInstance[];
}

/** Whether the row has nothing to say about upstreams: no upstream error and no alert about it. */
export function isQuiet(row: ReportInstance): boolean {
  return (
    row.upstreamErrors === 0 &&
    VERDICT_RANK[row.verdict] <= VERDICT_RANK.counted &&
    row.fleetIncidents.length === 0
  );
}

/** Instances worst first: paged, then notified, held, transient, ...; ties keep the order given. */
export function rankInstances(rows: readonly ReportInstance[]): ReportInstance[] {
  return rows
    .map((row, k) => ({ row, k }))
    .sort((a, b) => VERDICT_RANK[b.row.verdict] - VERDICT_RANK[a.row.verdict] || a.k - b.k)
    .map((x) => x.row);
}

/**
 * Failing and paged instances first, the rest folded: what a report of 200 instances where 2 fail
 * shows on its first screen. `limit` caps the failing rows shown (the text output's screen).
 */
export function foldInstances(
  rows: readonly ReportInstance[],
  limit = Number.POSITIVE_INFINITY,
): InstanceFold {
  const ranked = rankInstances(rows.filter((r) => !isQuiet(r)));
  return {
    shown: ranked.slice(0, limit),
    more: ranked.slice(limit),
    quiet: rows.filter(isQuiet),
  };
}
