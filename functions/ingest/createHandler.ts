import { randomUUID } from 'node:crypto';
import type { EngineSettings, StateStore, StreamLedgerStore } from '#shared/engine/index.ts';
import { deliverAlerts, ingestAggregate } from '#shared/engine/index.ts';
import type { MetricsSink } from '../adapters/metrics.ts';
import { type AlertPublisher, toOutgoingAlert } from '../adapters/SnsAlertPublisher.ts';
import type { JsonLineWriter } from '../adapters/writeJsonLine.ts';
import { type InvocationContext, remainingTimeOf } from '../invocationContext.ts';
import { aggregatePayload } from './aggregatePayload.ts';
import { claimDelivery } from './claimDelivery.ts';
import { type DecodedPayload, decodeAwslogs } from './decodeAwslogs.ts';
import { summarizeBatch } from './summarizeBatch.ts';
import { upstreamEventRecords } from './upstreamEventRecords.ts';

export interface IngestDeps {
  store: StateStore;
  publisher: AlertPublisher;
  metrics: MetricsSink;
  log: JsonLineWriter;
  engine: EngineSettings;
  instancePattern: RegExp | undefined;
  /** Wall clock, for alert-claim leases only (event times come from the log). */
  clock: () => number;
  /** Per-stream record of the event ids deliveries claimed: overlapping batches count each event once. */
  ledger?: StreamLedgerStore;
}

/** Who is delivering one payload, for its alert claims. */
export interface PayloadInvocation {
  /**
   * Kept by every retry of the same delivery, so a retry takes its own unconfirmed claims again at
   * once: Lambda's request id for an asynchronous subscription invocation (its retries keep it), the
   * Kinesis record's event id for a stream record (the mapping's retries keep that, not the request id).
   */
  owner: string;
  /** Time left before the function's timeout. */
  remainingMs?: (() => number) | undefined;
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
  const handlePayload = createPayloadHandler(deps);
  return async (event, context) =>
    handlePayload(decodeAwslogs(event), {
      owner: context?.awsRequestId ?? randomUUID(),
      remainingMs: remainingTimeOf(context),
    });
}

/** The core for one decoded payload, shared by the subscription handler and the Kinesis handler. */
export function createPayloadHandler(
  deps: IngestDeps,
): (payload: DecodedPayload, invocation?: PayloadInvocation) => Promise<IngestSummary> {
  return async (decoded, invocation) => {
    if (decoded.kind === 'control') {
      deps.metrics.recordControlMessage();
      return { status: 'control' };
    }
    // Events an earlier, overlapping delivery of the stream already claimed are not counted again.
    const claim = deps.ledger ? await claimDelivery(deps.ledger, decoded, deps.engine) : undefined;
    if (claim && claim.batch.logEvents.length === 0)
      return { status: 'duplicate', batchId: claim.delivery, events: 0 };
    const payload = claim?.batch ?? decoded;
    const { batchId, aggregate, entries, recordCandidates } = aggregatePayload(
      payload,
      deps.instancePattern,
      deps.engine,
    );
    const result = await ingestAggregate(payload.logGroup, batchId, aggregate, deps.store, deps.engine);
    const publish = (alert: Parameters<typeof toOutgoingAlert>[0]) =>
      deps.publisher.publish(toOutgoingAlert(alert));
    const delivery = await deliverAlerts(result.alerts, deps.store, publish, {
      now: deps.clock(),
      clock: deps.clock,
      owner: invocation?.owner ?? randomUUID(),
      remainingMs: invocation?.remainingMs,
      config: deps.engine,
      batch: result,
    });
    if (result.duplicate) return { status: 'duplicate', batchId: result.batchId, events: entries };

    for (const record of upstreamEventRecords(
      recordCandidates,
      result.windows,
      result.incidents,
      deps.engine,
    ))
      deps.log(record);
    const counts = { incidentsOpened: result.opened, alertsSent: delivery.sent.length };
    deps.metrics.recordBatch(summarizeBatch(payload.logGroup, result, counts));
    return {
      status: 'processed',
      batchId: result.batchId,
      events: entries,
      alertsSent: delivery.sent.length,
      alertsSkipped: delivery.skipped.length,
    };
  };
}
