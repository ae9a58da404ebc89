import type { IngestResult } from '#shared/engine/index.ts';
import type { BatchMetrics } from '../adapters/metrics.ts';

/** A processed batch as metrics: what `ingestBatch` counted, nothing counted again. */
export function summarizeBatch(
  logGroup: string,
  result: IngestResult,
  counts: { incidentsOpened: number; alertsSent: number },
): BatchMetrics {
  const byCause: Record<string, number> = {};
  for (const [cause, n] of Object.entries(result.causeCounts))
    if (cause !== 'unparsed' && n !== undefined) byCause[cause] = n;
  const byStatus: Record<string, number> = {};
  for (const [status, n] of Object.entries(result.statusCounts)) if (status !== 'none') byStatus[status] = n;
  return {
    logGroup,
    byCause,
    byStatus,
    events: result.events,
    unparsedLines: result.causeCounts.unparsed ?? 0,
    incidentsOpened: counts.incidentsOpened,
    alertsSent: counts.alertsSent,
    instances: result.instances,
    batchId: result.batchId,
  };
}
