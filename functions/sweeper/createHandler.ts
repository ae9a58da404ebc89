import { randomUUID } from 'node:crypto';
import type { Alert } from '#shared/alerts/index.ts';
import type { EngineSettings, LogStreamLister, StateStore } from '#shared/engine/index.ts';
import { deliverAlerts, sweep } from '#shared/engine/index.ts';
import type { MetricsSink } from '../adapters/metrics.ts';
import { type AlertPublisher, toOutgoingAlert } from '../adapters/SnsAlertPublisher.ts';
import type { JsonLineWriter } from '../adapters/writeJsonLine.ts';
import { type InvocationContext, remainingTimeOf } from '../invocationContext.ts';
import { sweepMetrics } from './sweepMetrics.ts';

export interface SweeperDeps {
  store: StateStore;
  publisher: AlertPublisher;
  metrics: MetricsSink;
  log: JsonLineWriter;
  engine: EngineSettings;
  /** The wall clock: the sweeper's `now` (quiet periods, grace, digests due) and claim leases. */
  clock: () => number;
  /** Lists recently logging instances of a log group (fleet members beyond the member items). */
  streams?: LogStreamLister;
}

export interface SweepSummary {
  now: string;
  alertsSent: number;
  alertsSkipped: number;
  closed: number;
}

/**
 * Scheduled every minute. Reads the wall clock once, lets the engine evaluate each log group's fleet
 * (correlated incidents, flapping: a fleet page goes out at the first run that sees its members, at
 * most a minute after their batches are in), close quiet incidents, page held restarts whose grace
 * ran out and write due deployment digests, then publishes with the same claim,
 * publish, confirm discipline as ingest (a failed publish fails the run; the next run retries it).
 */
export function createHandler(
  deps: SweeperDeps,
): (event?: unknown, context?: InvocationContext) => Promise<SweepSummary> {
  return async (_event, context) => {
    const now = deps.clock();
    const result = await sweep(now, deps.store, deps.engine, deps.streams ? { streams: deps.streams } : {});
    const publish = (alert: Alert) => deps.publisher.publish(toOutgoingAlert(alert));
    const delivery = await deliverAlerts(result.alerts, deps.store, publish, {
      now,
      clock: deps.clock,
      owner: context?.awsRequestId ?? randomUUID(),
      remainingMs: remainingTimeOf(context),
      config: deps.engine,
    });
    deps.metrics.recordSweep(sweepMetrics(result, delivery));
    const summary = {
      now: new Date(now).toISOString(),
      alertsSent: delivery.sent.length,
      alertsSkipped: delivery.skipped.length,
      closed: result.closed.length,
    };
    deps.log({ type: 'sweep', level: 'INFO', ...summary, sent: delivery.sent.map((a) => a.subject) });
    return summary;
  };
}
