import { EngineConfigError } from './EngineError.ts';

/**
 * Every threshold of the engine, as the contract states it: durations in SECONDS (what an operator
 * writes in a flag, the stack's context or the Lambda's `ENGINE_CONFIG` JSON). The engine never reads
 * this type: the edge (the functions' config, the CLI's flags) resolves it once into `EngineSettings`,
 * whose durations are milliseconds (`graceMs`, ...): see `resolveEngineConfig`.
 */
export interface EngineConfig {
  /** How long a restart on one instance is held before paging; also added after a deploy window. */
  grace: number;
  /** An incident closes after this long without errors. */
  quiet: number;
  /** Instances failing together within this span are one fleet outage. */
  fleetWindow: number;
  /**
   * Instances failing together form one correlated incident (one page) once they number
   * `min(fleetMinInstances, ceil(fleetFraction x fleet size))`, and never fewer than 2.
   */
  fleetFraction: number;
  /** See `fleetFraction`: the count that always suffices (default 3). */
  fleetMinInstances: number;
  /** Span of activity the engine looks back over around a decision (bursts, rolling waves). */
  activeWindow: number;
  /** An instance that delivered any event (or was listed / launched) within this span is a fleet member. */
  membershipHorizon: number;
  /** Transient restart bursts on one instance, outside deploy windows, that make it flapping ... */
  flapCount: number;
  /** ... within this span. */
  flapWindow: number;
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
  /**
   * Whether a deploy marker that names no log group (a CodeDeploy, Auto Scaling or custom event with
   * no mapping in `deployScopes`) holds restart pages in every log group (`all`) or in none (`none`).
   * `none` is the safe choice for a stack watching several environments: a staging deploy must not
   * hide a prod outage.
   */
  unscopedDeployWindows: UnscopedDeployWindows;
  /**
   * Deployment sources mapped to the log groups they deploy to: keys `codedeploy:<application>/<deployment
   * group>`, `asg:<Auto Scaling group>`, `beanstalk:<environment>` (a Beanstalk environment maps to
   * its own error-log group without an entry). See `scopeSignal`.
   */
  deployScopes: Readonly<Record<string, readonly string[]>>;
  /**
   * Expected fleet size per log group (the stack's `fleetSizes` context, the CLI's `--fleet-size`):
   * the denominator of fleet fractions is at least this, however few instances were seen.
   */
  fleetSizes: Readonly<Record<string, number>>;
}

export const UNSCOPED_DEPLOY_WINDOWS = ['all', 'none'] as const;
export type UnscopedDeployWindows = (typeof UNSCOPED_DEPLOY_WINDOWS)[number];

/** A scope key: a source prefix, a colon, a non-empty name. */
const SCOPE_KEY = /^(?:codedeploy|asg|beanstalk):[^\s]{1,300}$/;
const MAX_SCOPES = 1000;
const MAX_SCOPE_GROUPS = 100;

export const DEFAULT_ENGINE_CONFIG: Readonly<EngineConfig> = Object.freeze({
  grace: 90,
  quiet: 300,
  fleetWindow: 60,
  fleetFraction: 0.5,
  fleetMinInstances: 3,
  activeWindow: 3600,
  membershipHorizon: 86400,
  flapCount: 3,
  flapWindow: 900,
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
  unscopedDeployWindows: 'all',
  deployScopes: Object.freeze({}),
  fleetSizes: Object.freeze({}),
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
  membershipHorizon: { min: 60, max: 30 * 86400 },
  flapCount: { min: 2, max: 1000, int: true },
  flapWindow: { min: 60, max: 86400 },
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
    if (key === 'unscopedDeployWindows') {
      if (!UNSCOPED_DEPLOY_WINDOWS.includes(value as UnscopedDeployWindows))
        throw new EngineConfigError(
          key,
          `engine config 'unscopedDeployWindows' must be one of ${UNSCOPED_DEPLOY_WINDOWS.join(', ')}, got ${JSON.stringify(value)}`,
        );
      config.unscopedDeployWindows = value as UnscopedDeployWindows;
      continue;
    }
    if (key === 'deployScopes') {
      config.deployScopes = validateDeployScopes(value);
      continue;
    }
    if (key === 'fleetSizes') {
      config.fleetSizes = validateFleetSizes(value);
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

function validateFleetSizes(value: unknown): Record<string, number> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new EngineConfigError(
      'fleetSizes',
      "engine config 'fleetSizes' must be an object of log group name -> instance count",
    );
  }
  const sizes: Record<string, number> = {};
  for (const [logGroup, n] of Object.entries(value)) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1_000_000) {
      throw new EngineConfigError(
        'fleetSizes',
        `engine config 'fleetSizes' for '${logGroup}' must be an integer from 1 to 1000000, got ${JSON.stringify(n)}`,
      );
    }
    sizes[logGroup] = n;
  }
  return sizes;
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

function validateDeployScopes(value: unknown): Record<string, string[]> {
  const fail = (message: string) =>
    new EngineConfigError('deployScopes', `engine config 'deployScopes' ${message}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fail('must be an object mapping a deployment source to log group names');
  const entries = Object.entries(value);
  if (entries.length > MAX_SCOPES) throw fail(`has more than ${MAX_SCOPES} entries`);
  const scopes: Record<string, string[]> = {};
  for (const [key, groups] of entries) {
    if (!SCOPE_KEY.test(key))
      throw fail(
        `key ${JSON.stringify(key)} must be codedeploy:<application>/<group>, asg:<group> or beanstalk:<environment>`,
      );
    if (
      !Array.isArray(groups) ||
      groups.length === 0 ||
      groups.length > MAX_SCOPE_GROUPS ||
      !groups.every((g) => typeof g === 'string' && g !== '' && g.length <= 512)
    )
      throw fail(`${key} must be a list of 1 to ${MAX_SCOPE_GROUPS} log group names`);
    scopes[key] = [...new Set(groups as string[])].sort();
  }
  return scopes;
}
