import type { Alert } from '#shared/alerts/index.ts';
import type { AlertCollector } from '#shared/engine/index.ts';
import { AlertTally, toReportAlert } from '#shared/report/index.ts';

export type { ReportAlert } from '#shared/report/index.ts';
/** The printed fields of an alert (the live `--format ndjson` output prints them too). */
export { toReportAlert };

import type { ReportAlert } from '#shared/report/index.ts';

/**
 * A replay's alerts as `analyze` keeps them: the facts the analysis uses (`AlertTally`), and the
 * alerts themselves, read once while the report is written.
 */
export abstract class SentAlerts extends AlertTally implements AlertCollector {
  override sent(alert: Alert): void {
    super.sent(alert);
    this.keep(alert);
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
