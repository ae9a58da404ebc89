export { type DeliveryResult, deliverAlerts } from './alerting/index.ts';
export {
  DEFAULT_ENGINE_CONFIG,
  DEFAULT_ENGINE_SETTINGS,
  type EngineConfig,
  EngineConfigError,
  type EngineSettings,
  type EngineTimings,
  engineSettings,
  expiresAtFor,
  resolveEngineConfig,
  validateEngineConfig,
} from './config/index.ts';
export {
  aggregateBatch,
  type BatchAggregate,
  BatchAggregator,
  BatchIdHasher,
  batchIdOf,
  compareEventIds,
  type EngineEvent,
  type IngestResult,
  ingestAggregate,
  ingestBatch,
  instanceFromStream,
} from './ingest/index.ts';
export { type AlertCollector, type ReplayOutcome, replayEvents } from './replayEvents.ts';
export {
  type BatchProgress,
  claimStreamEvents,
  type IncidentQuery,
  MemoryStateStore,
  maskSample,
  type StateStore,
  type StreamLedger,
  type StreamLedgerStore,
} from './store/index.ts';
export { type LogStreamLister, type SweepResult, sweep } from './sweep/index.ts';
export {
  coveringWindow,
  judgeRestart,
  mergeBursts,
  type RestartVerdict,
  writeDeployWindow,
} from './windows/index.ts';
