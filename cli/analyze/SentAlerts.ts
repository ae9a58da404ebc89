import type { Alert } from '#shared/alerts/Alert.ts';
import type { AlertKind } from '#shared/engine/ports.ts';
import type { AlertCollector } from '#shared/engine/replayEvents.ts';

/** An alert as the analyze report prints it (text and JSON). */
export type ReportAlert = Pick<
  Alert,
  | 'key'
  | 'kind'
  | 'rule'
  | 'severity'
  | 'cause'
  | 'scope'
  | 'subject'
  | 'body'
  | 'firstSeen'
  | 'lastSeen'
  | 'count'
  | 'attributes'
>;

/** The printed fields of an alert, in the order the report has always printed them. */
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

/**
 * What the report needs of a replay's alerts: the few facts its summary and deployment table use,
 * kept as the alerts arrive, and the alerts themselves, read once while the report is written.
 */
export abstract class SentAlerts implements AlertCollector {
  readonly counts: Record<AlertKind, number> = { page: 0, notify: 0, digest: 0, resolved: 0 };
  /** The headline of every page, in order (the report's findings). */
  readonly pageHeadlines: string[] = [];
  /** Each deployment's digest facts (`json.digest`), the last digest sent for it. */
  readonly digests = new Map<string | undefined, unknown>();
  /** Alerts held back by the cooldown. */
  readonly held: { key: string; subject: string }[] = [];

  sent(alert: Alert): void {
    this.counts[alert.kind]++;
    if (alert.kind === 'page') this.pageHeadlines.push(String(alert.json.headline));
    if (alert.kind === 'digest') this.digests.set(alert.scope.deployment, alert.json.digest);
    this.keep(alert);
  }

  suppressed(alert: Alert): void {
    this.held.push({ key: alert.key, subject: alert.subject });
  }

  get count(): number {
    return this.counts.page + this.counts.notify + this.counts.digest + this.counts.resolved;
  }

  /** Keeps the alert for `alerts()`. */
  protected abstract keep(alert: Alert): void;

  /** The sent alerts as printed, in publishing order. */
  abstract alerts(): AsyncIterable<ReportAlert>;
}

/** Sent alerts kept in memory (tests, the HTML report, which needs them whole anyway). */
export class SentAlertsInMemory extends SentAlerts {
  readonly #alerts: ReportAlert[] = [];

  /** The alerts of a replay that collected them in its outcome. */
  static of(sent: readonly Alert[], suppressed: readonly Alert[]): SentAlertsInMemory {
    const out = new SentAlertsInMemory();
    for (const a of sent) out.sent(a);
    for (const a of suppressed) out.suppressed(a);
    return out;
  }

  protected keep(alert: Alert): void {
    this.#alerts.push(toReportAlert(alert));
  }

  list(): readonly ReportAlert[] {
    return this.#alerts;
  }

  async *alerts(): AsyncIterable<ReportAlert> {
    yield* this.#alerts;
  }
}
