export { DEFAULT_ENGINE_CONFIG, type EngineConfig, validateEngineConfig } from './EngineConfig.ts';
export { EngineConfigError, EngineError } from './EngineError.ts';
export { expiresAtFor } from './expiresAtFor.ts';
