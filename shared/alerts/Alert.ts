import type { AlertKind, CauseId, CauseInfo, DeploySource, Severity } from '../model/index.ts';

/** Why the engine decided an alert: says which rule fired (shown in the body, in the JSON). */
export const ALERT_RULES = [
  'fleet-outage',
  'flapping',
  'restart-persisting',
  'config-first-sight',
  'capacity-rate',
  'app-errors',
  'resolved',
  'deployment-digest',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

/** One instance's row in an alert. */
export interface InstanceFacts {
  instance: string;
  count: number;
  statusCounts: Record<string, number>;
  firstSeen?: number;
  lastSeen?: number;
  /** Longest restart burst, ms (digests). */
  longestBurstMs?: number;
  /** Still failing when the digest was written (paged). */
  failing?: boolean;
}

/** The deployment an alert refers to. */
export interface DeploymentFacts {
  id: string;
  source: DeploySource;
  start: number;
  end?: number;
  label?: string;
}

/** Everything an alert says, before rendering. Strings may be hostile: rendering neutralises them. */
export interface AlertFacts {
  /** Deterministic claim key, e.g. `page#<incident id>`. */
  key: string;
  kind: AlertKind;
  rule: AlertRule;
  severity: Severity;
  logGroup: string;
  /** The cause, or null for a digest of a deployment without errors. */
  cause: CauseId | null;
  causeInfo?: CauseInfo;
  /** One sentence saying what was decided and why, e.g. "deployment d-1 left i-0abc failing". */
  headline: string;
  /** The instance the alert is about, when there is one. */
  instance?: string;
  fleet: boolean;
  deployment?: DeploymentFacts;
  instances: InstanceFacts[];
  firstSeen: number;
  lastSeen: number;
  count: number;
  statusCounts: Record<string, number>;
  upstreams: string[];
  hosts: string[];
  samples: string[];
  /** Digest only. */
  digest?: { zeroDowntime: boolean; failing: string[]; total502: number; total504: number };
  /** Fleet alerts: how many instances the fleet has (the M of "N of M instances"). */
  fleetSize?: number;
  /** The engine's time when it decided (event time), ms. */
  decidedAt: number;
}

/** Where an alert applies: what filter policies and the JSON output select on. */
export interface AlertScope {
  logGroup: string;
  instance?: string;
  instances?: string[];
  deployment?: string;
  fleet?: true;
}

/** A rendered alert, ready for SNS: `subject`, `body` (plain text), `attributes`, and a JSON form. */
export interface Alert {
  key: string;
  /**
   * Stable id (`alertIdOf(key)`): the same on every copy of this alert, so subscribers can drop a
   * repeat (sent again when a publish's response was lost). In the `alertId` message attribute, the
   * JSON and the e-mail footer.
   */
  id: string;
  kind: AlertKind;
  rule: AlertRule;
  severity: Severity;
  cause: CauseId | null;
  scope: AlertScope;
  subject: string;
  body: string;
  /** The same content as structured data (neutralised strings), for JSON consumers. */
  json: Record<string, unknown>;
  /** SNS message attributes (String values) for subscription filter policies. */
  attributes: Record<string, string>;
  /** UTC ISO 8601. */
  firstSeen: string;
  lastSeen: string;
  count: number;
  decidedAt: number;
}
