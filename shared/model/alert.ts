/** Alert kinds and the claim record that makes each alert go out once. */
import type { EpochMs, EpochSeconds } from './time.ts';

export const ALERT_KINDS = ['page', 'notify', 'digest', 'resolved'] as const;

/** page: wake someone; notify: read today; digest: a deployment's summary; resolved: a paged incident closed. */
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_STATES = ['claimed', 'sent'] as const;

export type AlertState = (typeof ALERT_STATES)[number];

/** The claim on one alert: its key is deterministic, so racing invocations claim the same key. */
export interface AlertRecord {
  /** `${kind}#${incidentId}` or `digest#${deploymentId}`. */
  key: string;
  kind: AlertKind;
  state: AlertState;
  /** The caller's clock when claimed (wall clock in Lambda, event time in the CLI): the lease start. */
  claimedAt: EpochMs;
  /**
   * Who claimed it: the invocation (Lambda's request id, which its retries keep). The owner takes its
   * own unconfirmed claim again at once: a retry after a lost response, or the SDK's own retry of a
   * claim write that landed. Absent = nobody can recognise it; only the lease frees it.
   */
  owner?: string;
  subject: string;
  expiresAt: EpochSeconds;
}
