export { batchIdOf } from './batchIdOf.ts';
export type { EngineEvent } from './EngineEvent.ts';
export { type IngestResult, ingestBatch } from './ingestBatch.ts';
export { instanceFromStream } from './instanceFromStream.ts';
