import type { EngineEvent, EngineSettings } from '#shared/engine/index.ts';
import { batchIdOf, claimStreamEvents, expiresAtFor, type StreamLedgerStore } from '#shared/engine/index.ts';
import type { DataBatch } from './decodeAwslogs.ts';

export interface ClaimedDelivery {
  /** The batch with only the events this delivery claimed (none: every one was claimed before). */
  batch: DataBatch;
  /** Hash of every id of the delivery as it arrived. */
  delivery: string;
  /** Events another delivery of the stream had claimed (an overlapping redelivery): not counted again. */
  overlapping: number;
}

/**
 * Keeps, of one delivery, the events no other delivery of its stream claimed (see `streamLedger.ts`):
 * batches that overlap (ids 0-5, then 3-8) count every event once. One read and one conditional write.
 */
export async function claimDelivery(
  ledger: StreamLedgerStore,
  batch: DataBatch,
  config: Pick<EngineSettings, 'retentionMs'>,
): Promise<ClaimedDelivery> {
  // batchIdOf reads only the ids (and the stream): the key of the delivery as it arrived.
  const delivery = batchIdOf({
    logGroup: batch.logGroup,
    logStream: batch.logStream,
    events: batch.logEvents.map((e) => ({ eventId: e.id }) as EngineEvent),
  });
  const newest = batch.logEvents.reduce((max, e) => Math.max(max, e.timestamp), 0);
  const claimed = await claimStreamEvents(
    ledger,
    batch,
    delivery,
    batch.logEvents,
    expiresAtFor(newest, config),
  );
  return { batch: { ...batch, logEvents: claimed.events }, delivery, overlapping: claimed.overlapping };
}
