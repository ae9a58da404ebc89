import type { EngineConfig } from './EngineConfig.ts';
import { validateEngineConfig } from './EngineConfig.ts';

/**
 * The keys of `EngineConfig` that are durations. The config states them in SECONDS, because that is
 * what an operator writes (a CLI flag, the stack's context, the Lambda's `ENGINE_CONFIG`); the
 * engine reasons in event-time MILLISECONDS. The conversion happens once, at the edge
 * (`resolveEngineConfig`), never inside the engine.
 */
export const DURATION_KEYS = [
  'grace',
  'quiet',
  'fleetWindow',
  'activeWindow',
  'membershipHorizon',
  'flapWindow',
  'burstGap',
  'waveGap',
  'overlapTolerance',
  'capacityWindow',
  'cooldown',
  'maxDeployDuration',
  'retention',
  'claimLease',
] as const satisfies readonly (keyof EngineConfig)[];
export type DurationKey = (typeof DURATION_KEYS)[number];

/** The config's durations in milliseconds: `graceMs` is `grace` seconds x 1000, and so on. */
export type EngineTimings = { readonly [K in DurationKey as `${K}Ms`]: number };

/**
 * What the engine runs with: the config's counts and policies as they are, its durations as
 * `EngineTimings`. The seconds are not in it, so no code of the engine can multiply them again.
 */
export type EngineSettings = Readonly<Omit<EngineConfig, DurationKey>> & EngineTimings;

/** Resolves a validated config into the engine's settings (durations in ms). */
export function resolveEngineConfig(config: Readonly<EngineConfig>): EngineSettings {
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if ((DURATION_KEYS as readonly string[]).includes(key)) settings[`${key}Ms`] = (value as number) * 1000;
    else settings[key] = value;
  }
  return Object.freeze(settings) as EngineSettings;
}

/**
 * Checks a partial config (seconds, as an operator writes it) and resolves it: `validateEngineConfig`
 * then `resolveEngineConfig`. Throws an `EngineConfigError` like `validateEngineConfig`.
 *
 * @example engineSettings({ grace: 120 }).graceMs // 120000
 */
export function engineSettings(partial?: unknown): EngineSettings {
  return resolveEngineConfig(validateEngineConfig(partial));
}

/** The default settings: `DEFAULT_ENGINE_CONFIG` resolved. */
export const DEFAULT_ENGINE_SETTINGS: EngineSettings = engineSettings();
