import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC } from '#shared/contract/index.ts';

export { METRIC };

/** What one ingested batch adds to the metrics (already aggregated: a handful of numbers, not events). */
export interface BatchMetrics {
  logGroup: string;
  /** Classified entries per cause id (unparsed lines excluded: they are `unparsedLines`). */
  byCause: Readonly<Record<string, number>>;
  /** Entries per client status (`502`, `504`, ...); entries that imply no status are not counted. */
  byStatus: Readonly<Record<string, number>>;
  /** Log events in the batch. */
  events: number;
  unparsedLines: number;
  incidentsOpened: number;
  alertsSent: number;
  /** High-cardinality context: goes into EMF metadata, never into dimensions. */
  instances: readonly string[];
  batchId: string;
}

/** The metrics port of the handlers. */
export interface MetricsSink {
  recordBatch(batch: BatchMetrics): void;
  /** A CONTROL_MESSAGE (CloudWatch Logs checking the destination). */
  recordControlMessage(): void;
  recordSweep(sweep: SweepMetrics): void;
}

/** What one sweeper run adds, per log group ('' for alerts without one, e.g. a digest of several). */
export interface SweepMetrics {
  alertsSent: Readonly<Record<string, number>>;
  /** Incidents closed as deploy transients (restarts that stopped within grace). */
  deployTransients: Readonly<Record<string, number>>;
  /** Incidents closed (quiet), resolved messages included. */
  incidentsClosed: Readonly<Record<string, number>>;
}

/**
 * Creates the Powertools Metrics instance (namespace and service from the loaded config, which reads
 * `POWERTOOLS_METRICS_NAMESPACE` and `POWERTOOLS_SERVICE_NAME`). Powertools adds a `service` dimension.
 */
export function createMetrics(options: { namespace: string; serviceName: string }): Metrics {
  return new Metrics({ namespace: options.namespace, serviceName: options.serviceName });
}

/**
 * Writes CloudWatch Embedded Metric Format through Powertools.
 *
 * Dimension sets are kept few, because every distinct dimension value is a billed custom metric:
 * `{service, logGroup, cause}` for `EventsByCause`, `{service, logGroup, status}` for `EventsByStatus`,
 * `{service, logGroup}` for the totals, `{service}` for control messages. Instance ids and the batch id go
 * into metadata (searchable in Logs Insights, free of metric cost).
 *
 * Each dimension set needs its own EMF document, so one batch writes 2 + causes + statuses lines.
 *
 * Not lost under Lambda's JSON log format: Powertools writes EMF with its own `Console` on
 * `process.stdout`, not the runtime's patched `console.log`, so the line stays a top-level JSON object
 * instead of being wrapped into a `message` string. Lambda treats such lines as INFO: the function's
 * application log level must be INFO or DEBUG (or the log format TEXT), or Lambda drops them.
 */
export class PowertoolsMetricsSink implements MetricsSink {
  readonly #metrics: Metrics;

  constructor(metrics: Metrics) {
    this.#metrics = metrics;
  }

  recordBatch(batch: BatchMetrics): void {
    const m = this.#metrics;
    for (const [cause, count] of Object.entries(batch.byCause)) {
      if (count <= 0) continue;
      m.addDimension('logGroup', batch.logGroup).addDimension('cause', cause);
      m.addMetric(METRIC.eventsByCause, MetricUnit.Count, count);
      m.publishStoredMetrics();
    }
    for (const [status, count] of Object.entries(batch.byStatus)) {
      if (count <= 0) continue;
      m.addDimension('logGroup', batch.logGroup).addDimension('status', status);
      m.addMetric(METRIC.eventsByStatus, MetricUnit.Count, count);
      m.publishStoredMetrics();
    }
    m.addDimension('logGroup', batch.logGroup);
    m.addMetric(METRIC.events, MetricUnit.Count, batch.events);
    m.addMetric(METRIC.unparsedLines, MetricUnit.Count, batch.unparsedLines);
    m.addMetric(METRIC.incidentsOpened, MetricUnit.Count, batch.incidentsOpened);
    m.addMetric(METRIC.alertsSent, MetricUnit.Count, batch.alertsSent);
    m.addMetadata('instances', [...batch.instances].join(','));
    m.addMetadata('batchId', batch.batchId);
    m.publishStoredMetrics();
  }

  recordControlMessage(): void {
    this.#metrics.addMetric(METRIC.controlMessages, MetricUnit.Count, 1);
    this.#metrics.publishStoredMetrics();
  }

  recordSweep(sweep: SweepMetrics): void {
    const m = this.#metrics;
    const groups = new Set([
      ...Object.keys(sweep.alertsSent),
      ...Object.keys(sweep.deployTransients),
      ...Object.keys(sweep.incidentsClosed),
    ]);
    for (const logGroup of groups) {
      const values = [
        [METRIC.alertsSent, sweep.alertsSent[logGroup] ?? 0],
        [METRIC.deployTransients, sweep.deployTransients[logGroup] ?? 0],
        [METRIC.incidentsClosed, sweep.incidentsClosed[logGroup] ?? 0],
      ] as const;
      if (values.every(([, n]) => n === 0)) continue;
      // Alerts without a log group (a digest over several) are counted under `service` alone.
      if (logGroup !== '') m.addDimension('logGroup', logGroup);
      for (const [name, n] of values) m.addMetric(name, MetricUnit.Count, n);
      m.publishStoredMetrics();
    }
  }
}
