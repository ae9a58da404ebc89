export { aggregateBatch, type BatchAggregate, BatchAggregator } from './aggregateBatch.ts';
export { BatchIdHasher, batchIdOf } from './batchIdOf.ts';
export { compareEventIds } from './compareEventIds.ts';
export type { EngineEvent } from './EngineEvent.ts';
export { type IngestResult, ingestAggregate, ingestBatch } from './ingestBatch.ts';
export { instanceFromStream } from './instanceFromStream.ts';
