export { DEFAULT_ENGINE_CONFIG, type EngineConfig, validateEngineConfig } from './EngineConfig.ts';
export { EngineConfigError, EngineError } from './EngineError.ts';
export {
  DEFAULT_ENGINE_SETTINGS,
  DURATION_KEYS,
  type DurationKey,
  type EngineSettings,
  type EngineTimings,
  engineSettings,
  resolveEngineConfig,
} from './EngineSettings.ts';
export { expiresAtFor } from './expiresAtFor.ts';
