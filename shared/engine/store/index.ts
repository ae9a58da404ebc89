export { addDistinct, addSample, appendNewest, MAX_DISTINCT, MAX_SAMPLE_CHARS } from './boundedSets.ts';
export { incidentSlot } from './incidentSlot.ts';
export { MemoryStateStore } from './MemoryStateStore.ts';
export { maskSample } from './maskSample.ts';
export { mergeFreshIncidents } from './mergeFreshIncidents.ts';
export type { BatchProgress, IncidentQuery, StateStore } from './StateStore.ts';
export { applyDelta, ensureFleetIncident, StoreContentionError, updateIncident } from './storeIncident.ts';
export { claimStreamEvents, type StreamLedger, type StreamLedgerStore } from './streamLedger.ts';
