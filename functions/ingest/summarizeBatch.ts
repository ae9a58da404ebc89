import type { EngineEvent } from '#shared/engine/EngineEvent.ts';
import type { IngestResult } from '#shared/engine/ingestBatch.ts';
import type { BatchMetrics } from '../adapters/metrics.ts';

/** Aggregates a processed batch into its metrics (a few numbers, whatever the batch size). */
export function summarizeBatch(
  logGroup: string,
  events: readonly EngineEvent[],
  result: IngestResult,
  counts: { incidentsOpened: number; alertsSent: number },
): BatchMetrics {
  const byCause: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const instances = new Set<string>();
  let unparsedLines = 0;
  for (const event of events) {
    instances.add(event.instance);
    const { cause, status } = event.classified;
    if (cause === 'unparsed') {
      unparsedLines++;
      continue;
    }
    byCause[cause] = (byCause[cause] ?? 0) + 1;
    if (status !== null) byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
  }
  return {
    logGroup,
    byCause,
    byStatus,
    events: events.length,
    unparsedLines,
    incidentsOpened: counts.incidentsOpened,
    alertsSent: counts.alertsSent,
    instances: [...instances].sort(),
    batchId: result.batchId,
  };
}
