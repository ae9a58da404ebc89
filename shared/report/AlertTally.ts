import type { Alert } from '../alerts/index.ts';
import type { CauseId } from '../model/index.ts';
import { ALERT_KINDS, type AlertKind } from '../model/index.ts';
import type { HeldAlert, ReportAlert } from './Analysis.ts';
import { withoutKind } from './withoutKind.ts';

/** What a deployment's digest said (`json.digest` of the alert). */
export interface DigestFacts {
  zeroDowntime: boolean;
  total502: number;
  total504: number;
  failing: readonly string[];
}

/** The facts of a page the analysis needs to tie it to a deployment. */
export interface PageFacts {
  subject: string;
  headline: string;
  cause: CauseId | null;
  deployment: string | undefined;
  fleet: boolean;
  decidedAt: number;
}

/**
 * The few facts of a replay's alerts the analysis uses, kept as the alerts arrive (the alerts
 * themselves may be too many to hold: `analyze` spills them to disk). Counts every kind the engine
 * has, so a new kind is counted without a change here.
 */
export class AlertTally {
  readonly counts: Record<AlertKind, number> = Object.fromEntries(ALERT_KINDS.map((k) => [k, 0])) as Record<
    AlertKind,
    number
  >;
  readonly pages: PageFacts[] = [];
  /** Each deployment's digest facts, the last digest sent for it. */
  readonly digests = new Map<string, DigestFacts>();
  /** Alerts held back by the cooldown. */
  readonly held: HeldAlert[] = [];

  sent(alert: Alert): void {
    this.counts[alert.kind] = (this.counts[alert.kind] ?? 0) + 1;
    if (alert.kind === 'page') {
      this.pages.push({
        subject: withoutKind(alert.subject),
        headline: String(alert.json.headline),
        cause: alert.cause,
        deployment: alert.scope.deployment,
        fleet: alert.scope.fleet === true,
        decidedAt: alert.decidedAt,
      });
    }
    if (alert.kind === 'digest' && alert.scope.deployment !== undefined && alert.json.digest)
      this.digests.set(alert.scope.deployment, alert.json.digest as DigestFacts);
  }

  suppressed(alert: Alert): void {
    this.held.push({ key: alert.key, kind: alert.kind, subject: alert.subject, reason: 'cooldown' });
  }

  /** Alerts sent, every kind. */
  get count(): number {
    return Object.values(this.counts).reduce((s, n) => s + n, 0);
  }
}

/** The printed fields of an alert, in the order the outputs have always printed them. */
export function toReportAlert(a: Alert): ReportAlert {
  return {
    key: a.key,
    kind: a.kind,
    rule: a.rule,
    severity: a.severity,
    cause: a.cause,
    scope: a.scope,
    subject: a.subject,
    body: a.body,
    firstSeen: a.firstSeen,
    lastSeen: a.lastSeen,
    count: a.count,
    attributes: a.attributes,
  };
}
