import { randomUUID } from 'node:crypto';
import type { StreamLedgerStore } from '#shared/dedup/streamLedger.ts';
import { deliverAlerts } from '#shared/engine/deliverAlerts.ts';
import type { EngineConfig } from '#shared/engine/EngineConfig.ts';
import { ingestBatch } from '#shared/engine/ingestBatch.ts';
import type { StateStore } from '#shared/engine/ports.ts';
import type { MetricsSink } from '../adapters/metrics.ts';
import { type AlertPublisher, toOutgoingAlert } from '../adapters/SnsAlertPublisher.ts';
import type { JsonLineWriter } from '../adapters/writeJsonLine.ts';
import { type InvocationContext, remainingTimeOf } from '../invocationContext.ts';
import { claimDelivery } from './claimDelivery.ts';
import { countOpenedIncidents } from './countOpenedIncidents.ts';
import { decodeAwslogs } from './decodeAwslogs.ts';
import { summarizeBatch } from './summarizeBatch.ts';
import { toEngineEvents } from './toEngineEvents.ts';
import { upstreamEventRecords } from './upstreamEventRecords.ts';

export interface IngestDeps {
  store: StateStore;
  publisher: AlertPublisher;
  metrics: MetricsSink;
  log: JsonLineWriter;
  engine: EngineConfig;
  instancePattern: RegExp | undefined;
  /** Wall clock, for alert-claim leases only (event times come from the log). */
  clock: () => number;
  /** Per-stream record of the event ids deliveries claimed: overlapping batches count each event once. */
  ledger?: StreamLedgerStore;
}

export type IngestSummary =
  | { status: 'control' }
  | { status: 'duplicate'; batchId: string; events: number }
  | { status: 'processed'; batchId: string; events: number; alertsSent: number; alertsSkipped: number };

/**
 * CloudWatch Logs subscription target. Decode (a bad payload throws a typed error: retried, then kept by
 * the on-failure destination), classify, feed the engine, publish what it decides (claim, publish,
 * confirm; a failed publish releases its claim and fails the invocation), then log and count. A
 * redelivered batch changes nothing and is neither logged nor counted again.
 */
export function createHandler(
  deps: IngestDeps,
): (event: unknown, context?: InvocationContext) => Promise<IngestSummary> {
  return async (event, context) => {
    const decoded = decodeAwslogs(event);
    if (decoded.kind === 'control') {
      deps.metrics.recordControlMessage();
      return { status: 'control' };
    }
    const claim = deps.ledger ? await claimDelivery(deps.ledger, decoded, deps.engine) : undefined;
    if (claim && claim.batch.logEvents.length === 0)
      return { status: 'duplicate', batchId: claim.delivery, events: 0 };
    const payload = claim?.batch ?? decoded;
    const events = toEngineEvents(payload, deps.instancePattern);
    const result = await ingestBatch(
      { logGroup: payload.logGroup, logStream: payload.logStream, events },
      deps.store,
      deps.engine,
    );
    // Counted before delivery: publishing updates the incident (its `alerted`), which hides "opened here".
    const opened = result.duplicate ? 0 : await countOpenedIncidents(deps.store, events, result.batchId);
    const publish = (alert: Parameters<typeof toOutgoingAlert>[0]) =>
      deps.publisher.publish(toOutgoingAlert(alert));
    const delivery = await deliverAlerts(result.alerts, deps.store, publish, {
      now: deps.clock(),
      clock: deps.clock,
      owner: context?.awsRequestId ?? randomUUID(),
      remainingMs: remainingTimeOf(context),
      config: deps.engine,
      batch: result,
    });
    if (result.duplicate) return { status: 'duplicate', batchId: result.batchId, events: events.length };

    for (const record of await upstreamEventRecords(events, deps.store, deps.engine)) deps.log(record);
    const counts = { incidentsOpened: opened, alertsSent: delivery.sent.length };
    deps.metrics.recordBatch(summarizeBatch(payload.logGroup, events, result, counts));
    return {
      status: 'processed',
      batchId: result.batchId,
      events: events.length,
      alertsSent: delivery.sent.length,
      alertsSkipped: delivery.skipped.length,
    };
  };
}
