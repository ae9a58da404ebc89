import type { EpochMs } from '../model/index.ts';

/**
 * What one deployment event says about a deploy window, before it is merged with what the store
 * already knows. Events arrive at least once and not always in order, so every field merges
 * commutatively: start = earliest, end = latest, instances = union.
 */
export interface DeploySignal {
  /** Identity of the deployment: a CodeDeploy id, `asg-refresh-<id>`, `eb:<environment>`, a custom id. */
  key: string;
  /**
   * The source has no per-deployment id (Elastic Beanstalk): each start opens a new window
   * `<key>@<start>` and an end closes the latest window of the key.
   */
  recurring: boolean;
  /** The deployment started at this time. */
  start?: EpochMs;
  /** The deployment ended (succeeded, failed or stopped) at this time. */
  end?: EpochMs;
  /** When the event happened: progress inside the window (widens it, never opens or closes it). */
  seen: EpochMs;
  /** Only these instances are being deployed; undefined = no information (every instance). */
  instances?: string[];
  /** The log groups the event names itself (custom events); otherwise resolved from `scope`. */
  logGroups?: string[];
  /**
   * The deployment's source group, resolved to log groups by `scopeSignal` with the stack's
   * `deployScopes`: `codedeploy:<application>/<deployment group>`, `asg:<group>`, `beanstalk:<environment>`.
   */
  scope?: string;
  /**
   * An Auto Scaling launch or termination completed: the instance joined or left its group's fleet
   * (the denominator of "9 of 30 instances"), whether it has logged yet or not.
   */
  fleet?: 'joined' | 'left';
  /** Short text for alerts, already bounded and free of control characters. */
  label?: string;
}

/** The result of reading one EventBridge event. */
export type DeployEventReading =
  | { kind: 'signal'; signal: DeploySignal }
  /** A well-formed event that says nothing about deploy windows (a health change, a checkpoint...). */
  | { kind: 'ignored'; reason: string }
  /** An event we subscribe to but cannot read: the caller fails so it is retried and then kept. */
  | { kind: 'invalid'; reason: string };
