import { EngineConfigError } from './EngineError.ts';

/**
 * Every threshold of the engine. Durations are in SECONDS (what an operator writes in a flag or in
 * the Lambda's `ENGINE_CONFIG` JSON); the engine converts once.
 */
export interface EngineConfig {
  /** How long a restart on one instance is held before paging; also added after a deploy window. */
  grace: number;
  /** An incident closes after this long without errors. */
  quiet: number;
  /** Instances failing together within this span are one fleet outage. */
  fleetWindow: number;
  /** Fraction of the active instances that must fail together for a fleet outage. */
  fleetFraction: number;
  /** ... and at least this many instances. */
  fleetMinInstances: number;
  /** An instance that logged anything within this span counts as active (fleet size). */
  activeWindow: number;
  /** Restart events further apart than this start a new burst. */
  burstGap: number;
  /** Short bursts on different instances, each starting within this long after the previous one ended, form a rolling wave (inferred deploy). */
  waveGap: number;
  /** Bursts overlapping by no more than this still count as one after another (rolling, not fleet). */
  overlapTolerance: number;
  /** Capacity causes page when an instance logs this many ... */
  capacityThreshold: number;
  /** ... within this span. */
  capacityWindow: number;
  /** No second alert of the same kind for the same (scope, cause) within this span. */
  cooldown: number;
  /** A deployment without a known end is assumed over after this long. */
  maxDeployDuration: number;
  /** Store items expire (DynamoDB TTL) this long after their last event. */
  retention: number;
  /**
   * A claimed alert whose publisher died may be claimed again after this long. Shorter than Lambda's
   * first retry (60 s), so a retry never finds a dead claim still leased; longer than one alert's
   * worst case (`ALERT_RESERVE_MS`), so a live publisher keeps its claim.
   */
  claimLease: number;
  /** RegExp source picking the instance from a stream name (first capture group); empty = default. */
  instancePattern: string;
}

export const DEFAULT_ENGINE_CONFIG: Readonly<EngineConfig> = Object.freeze({
  grace: 90,
  quiet: 300,
  fleetWindow: 60,
  fleetFraction: 0.5,
  fleetMinInstances: 2,
  activeWindow: 3600,
  burstGap: 30,
  waveGap: 180,
  overlapTolerance: 5,
  capacityThreshold: 10,
  capacityWindow: 300,
  cooldown: 900,
  maxDeployDuration: 3600,
  retention: 7 * 86400,
  claimLease: 45,
  instancePattern: '',
});

type NumberKey = {
  [K in keyof EngineConfig]: EngineConfig[K] extends number ? K : never;
}[keyof EngineConfig];

/** Allowed range per numeric key: [min, max], inclusive; integers where `int`. */
const RANGES: Record<NumberKey, { min: number; max: number; int?: boolean }> = {
  grace: { min: 0, max: 86400 },
  quiet: { min: 1, max: 86400 },
  fleetWindow: { min: 1, max: 3600 },
  fleetFraction: { min: 0.01, max: 1 },
  fleetMinInstances: { min: 1, max: 100000, int: true },
  activeWindow: { min: 1, max: 30 * 86400 },
  burstGap: { min: 1, max: 3600 },
  waveGap: { min: 1, max: 86400 },
  overlapTolerance: { min: 0, max: 3600 },
  capacityThreshold: { min: 1, max: 1e9, int: true },
  // Incidents keep 30 one-minute buckets: the capacity window must fit in them.
  capacityWindow: { min: 60, max: 1800 },
  cooldown: { min: 0, max: 30 * 86400 },
  maxDeployDuration: { min: 1, max: 30 * 86400 },
  retention: { min: 3600, max: 366 * 86400 },
  claimLease: { min: 1, max: 86400 },
};

/**
 * Checks a partial config (parsed JSON, CLI flags) and fills in the defaults. Throws an
 * `EngineConfigError` naming the first unknown key or invalid value.
 *
 * @example validateEngineConfig({ grace: 120 }).quiet // 300
 */
export function validateEngineConfig(partial: unknown): EngineConfig {
  if (partial === undefined || partial === null) return { ...DEFAULT_ENGINE_CONFIG };
  if (typeof partial !== 'object' || Array.isArray(partial)) {
    throw new EngineConfigError('(root)', 'engine config must be a JSON object');
  }
  const config: EngineConfig = { ...DEFAULT_ENGINE_CONFIG };
  for (const [key, value] of Object.entries(partial)) {
    if (key === 'instancePattern') {
      config.instancePattern = validatePattern(value);
      continue;
    }
    if (!Object.hasOwn(RANGES, key)) {
      throw new EngineConfigError(
        key,
        `unknown engine config key '${key}' (known: ${Object.keys(DEFAULT_ENGINE_CONFIG).join(', ')})`,
      );
    }
    const range = RANGES[key as NumberKey];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > range.max) {
      throw new EngineConfigError(
        key,
        `engine config '${key}' must be a number from ${range.min} to ${range.max}, got ${JSON.stringify(value)}`,
      );
    }
    if (range.int && !Number.isInteger(value)) {
      throw new EngineConfigError(key, `engine config '${key}' must be an integer, got ${value}`);
    }
    config[key as NumberKey] = value;
  }
  return config;
}

function validatePattern(value: unknown): string {
  if (typeof value !== 'string') {
    throw new EngineConfigError(
      'instancePattern',
      "engine config 'instancePattern' must be a string (a RegExp source)",
    );
  }
  if (value === '') return value;
  if (value.length > 500)
    throw new EngineConfigError(
      'instancePattern',
      "engine config 'instancePattern' is longer than 500 characters",
    );
  try {
    new RegExp(value);
  } catch (error: unknown) {
    throw new EngineConfigError(
      'instancePattern',
      `engine config 'instancePattern' is not a valid RegExp: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return value;
}
