import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { qualifiedLogGroup } from '#shared/contract/index.ts';
import type { JsonLineWriter } from '../adapters/writeJsonLine.ts';
import { type InvocationContext, remainingTimeOf } from '../invocationContext.ts';
import type { IngestSummary, PayloadInvocation } from './createHandler.ts';
import { type DecodedPayload, decodeAwslogs } from './decodeAwslogs.ts';

/**
 * Whether a Lambda event is a Kinesis event source mapping batch (`Records[].kinesis.data`), as
 * opposed to a CloudWatch Logs subscription invocation (`awslogs.data`).
 */
export function isKinesisEvent(event: unknown): event is KinesisStreamEvent {
  if (typeof event !== 'object' || event === null) return false;
  const records = (event as { Records?: unknown }).Records;
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every(
      (r) =>
        typeof r === 'object' &&
        r !== null &&
        (r as { eventSource?: unknown }).eventSource === 'aws:kinesis' &&
        typeof (r as { kinesis?: { data?: unknown } }).kinesis?.data === 'string',
    )
  );
}

export interface KinesisIngestDeps {
  /** The same per-payload core the subscription handler runs (`createPayloadHandler`). */
  handlePayload: (payload: DecodedPayload, invocation?: PayloadInvocation) => Promise<IngestSummary>;
  log: JsonLineWriter;
  /** The stack's account: a batch `owner`ed by another account is keyed `<owner>:<log group>`. */
  homeAccount: string | undefined;
}

/**
 * Kinesis event source mapping target. Each record holds what a subscription invocation holds
 * (base64 of the gzip awslogs JSON, `CONTROL_MESSAGE` test records included), so each is decoded and
 * handed to the same core, in stream order.
 *
 * Partial failure (`ReportBatchItemFailures`): at the first record that fails, the handler stops and
 * returns that record's sequence number. Lambda then checkpoints everything before it and retries from
 * it (bisecting the batch when `BisectBatchOnFunctionError` is on), so records after a failure are
 * not processed out of order; a record that keeps failing ends in the on-failure destination after
 * the mapping's retries. The core is idempotent per batch, so a retried record never counts twice.
 */
export function createKinesisHandler(
  deps: KinesisIngestDeps,
): (event: KinesisStreamEvent, context?: InvocationContext) => Promise<KinesisStreamBatchResponse> {
  return async (event, context) => {
    const remainingMs = remainingTimeOf(context);
    for (const record of event.Records) {
      const sequenceNumber = record.kinesis.sequenceNumber;
      try {
        const payload = decodeAwslogs({ awslogs: { data: record.kinesis.data } });
        await deps.handlePayload(
          payload.kind === 'data'
            ? { ...payload, logGroup: qualifiedLogGroup(payload.owner, payload.logGroup, deps.homeAccount) }
            : payload,
          // The mapping retries a record under a new request id: the record's own id is what its
          // retries share, so a retry retakes the alert claims an earlier attempt left unconfirmed.
          { owner: `kinesis:${record.eventID}`, remainingMs },
        );
      } catch (error: unknown) {
        deps.log({
          type: 'kinesis_record_failed',
          level: 'ERROR',
          sequenceNumber,
          eventSourceARN: record.eventSourceARN,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        return { batchItemFailures: [{ itemIdentifier: sequenceNumber }] };
      }
    }
    return { batchItemFailures: [] };
  };
}
