/** Deploy windows: the periods during which restarts are expected, and their scope. */
import type { EpochMs, EpochSeconds } from './time.ts';

export const DEPLOY_SOURCES = ['marker', 'lifecycle', 'inferred'] as const;

/** marker: explicit (CLI, markers file, CodeDeploy / ASG / Beanstalk / custom events); lifecycle: nginx reload/start/stop; inferred: a rolling wave. */
export type DeploySource = (typeof DEPLOY_SOURCES)[number];

/** A period during which restarts are expected. */
export interface DeployWindow {
  /** Deployment id (`d-ABC123`), `nginx-<instance>-<time>` for lifecycle, `inferred-<ISO time>` for a wave. */
  id: string;
  source: DeploySource;
  /**
   * The log groups the deployment touches (its scope); undefined = not known. An unscoped marker
   * applies to every log group only when `EngineConfig.unscopedDeployWindows` is `all`
   * (see `windowApplies`). Lifecycle and inferred windows always name their log group.
   */
  logGroups?: string[];
  /**
   * Where the scope came from, for alerts: `codedeploy:<application>/<deployment group>`,
   * `asg:<group>`, `beanstalk:<environment>`; undefined for custom markers and engine windows.
   */
  scope?: string;
  start: EpochMs;
  /** Undefined while the deployment runs (the engine caps it with `maxDeployDuration`). */
  end?: EpochMs;
  /** Only these instances; undefined = every instance. */
  instances?: string[];
  /** Free text shown in alerts (e.g. the application / deployment group), already bounded. */
  label?: string;
  /**
   * Log groups the engine saw errors from during the window (filled by the engine, so the digest of
   * a marker that names no log group knows where to look).
   */
  seenIn?: string[];
  /** Set once the digest was claimed, so the sweeper stops considering this window. */
  digestSent?: boolean;
  /**
   * Optimistic lock, set by the store: 1 on the first write, +1 on every write; absent on a window
   * never stored. Several writers merge into one window (deploy-events invocations, every log group's
   * ingest marking `seenIn`, the sweeper's `digestSent`): each writes the window it read, changed,
   * and `putDeployWindow` refuses it when somebody wrote in between (see `writeDeployWindow`).
   */
  version?: number;
  expiresAt: EpochSeconds;
}

/** Whose nginx lifecycle windows a deploy window listing includes. */
export interface WindowScope {
  logGroup: string;
  instances: readonly string[];
}
