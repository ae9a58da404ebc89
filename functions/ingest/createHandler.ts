import { deliverAlerts } from '#shared/engine/deliverAlerts.ts';
import type { EngineConfig } from '#shared/engine/EngineConfig.ts';
import { ingestBatch } from '#shared/engine/ingestBatch.ts';
import type { StateStore } from '#shared/engine/ports.ts';
import type { MetricsSink } from '../adapters/metrics.ts';
import { type AlertPublisher, toOutgoingAlert } from '../adapters/SnsAlertPublisher.ts';
import type { JsonLineWriter } from '../adapters/writeJsonLine.ts';
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
export function createHandler(deps: IngestDeps): (event: unknown) => Promise<IngestSummary> {
  return async (event) => {
    const payload = decodeAwslogs(event);
    if (payload.kind === 'control') {
      deps.metrics.recordControlMessage();
      return { status: 'control' };
    }
    const events = toEngineEvents(payload, deps.instancePattern);
    const result = await ingestBatch(
      { logGroup: payload.logGroup, logStream: payload.logStream, events },
      deps.store,
      deps.engine,
    );
    const publish = (alert: Parameters<typeof toOutgoingAlert>[0]) =>
      deps.publisher.publish(toOutgoingAlert(alert));
    const delivery = await deliverAlerts(result.alerts, deps.store, publish, {
      now: deps.clock(),
      config: deps.engine,
      batch: result,
    });
    if (result.duplicate) return { status: 'duplicate', batchId: result.batchId, events: events.length };

    for (const record of upstreamEventRecords(events, result.windows, result.incidents, deps.engine))
      deps.log(record);
    const counts = { incidentsOpened: result.opened, alertsSent: delivery.sent.length };
    deps.metrics.recordBatch(summarizeBatch(payload.logGroup, result, counts));
    return {
      status: 'processed',
      batchId: result.batchId,
      events: events.length,
      alertsSent: delivery.sent.length,
      alertsSkipped: delivery.skipped.length,
    };
  };
}
