import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE } from '#shared/contract/index.ts';
import { SAVED_QUERIES } from './SavedQueries.ts';

export { METRICS_NAMESPACE };

/**
 * Metrics Insights over the EMF metrics the functions write. Counts of lines are written under one
 * dimension set each (`EventsByCause`: service+logGroup+cause, `EventsByStatus`:
 * service+logGroup+status, totals: service+logGroup); SCHEMA() pins the set so nothing is counted
 * twice. Alerts, deploy transients and closed incidents are written per log group, and under
 * `service` alone when they belong to none (a digest over several groups): they are summed over
 * every set.
 */
export const DASHBOARD_QUERIES = {
  byStatus: `SELECT SUM(${METRIC.eventsByStatus}) FROM SCHEMA("${METRICS_NAMESPACE}", logGroup, service, status) GROUP BY status`,
  byCause: `SELECT SUM(${METRIC.eventsByCause}) FROM SCHEMA("${METRICS_NAMESPACE}", cause, logGroup, service) GROUP BY cause ORDER BY SUM() DESC LIMIT 12`,
  byLogGroup: `SELECT SUM(${METRIC.eventsByStatus}) FROM SCHEMA("${METRICS_NAMESPACE}", logGroup, service, status) GROUP BY logGroup ORDER BY SUM() DESC LIMIT 12`,
  alertsSent: `SELECT SUM(${METRIC.alertsSent}) FROM "${METRICS_NAMESPACE}"`,
  incidentsOpened: `SELECT SUM(${METRIC.incidentsOpened}) FROM "${METRICS_NAMESPACE}"`,
  incidentsClosed: `SELECT SUM(${METRIC.incidentsClosed}) FROM "${METRICS_NAMESPACE}"`,
  deployTransients: `SELECT SUM(${METRIC.deployTransients}) FROM "${METRICS_NAMESPACE}"`,
  events: `SELECT SUM(${METRIC.events}) FROM SCHEMA("${METRICS_NAMESPACE}", logGroup, service)`,
  unparsedLines: `SELECT SUM(${METRIC.unparsedLines}) FROM SCHEMA("${METRICS_NAMESPACE}", logGroup, service)`,
} as const;

export interface TriageDashboardProps {
  dashboardName: string;
  classifiedEvents: logs.ILogGroup;
  functions: Readonly<Record<string, lambda.IFunction>>;
  onFailureQueue: sqs.IQueue;
}

/**
 * One CloudWatch dashboard: what failed (502/504 by status, cause and log group), what the triage
 * did about it (alerts sent, incidents opened, deploy transients held back), whether the pipeline
 * itself is healthy, and Logs Insights tables on the classified events.
 */
export class TriageDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: TriageDashboardProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const insights = (label: keyof typeof DASHBOARD_QUERIES) =>
      new cloudwatch.MathExpression({ expression: DASHBOARD_QUERIES[label], period, label });
    const graph = (title: string, metrics: cloudwatch.IMetric[], stacked = false) =>
      new cloudwatch.GraphWidget({ title, left: metrics, width: 8, height: 6, stacked, period });
    const table = (name: keyof typeof SAVED_QUERIES, view = cloudwatch.LogQueryVisualizationType.TABLE) =>
      new cloudwatch.LogQueryWidget({
        title: SAVED_QUERIES[name].title,
        logGroupNames: [props.classifiedEvents.logGroupName],
        queryString: SAVED_QUERIES[name].query.toString(),
        view,
        width: 8,
        height: 8,
      });
    const fns = Object.entries(props.functions);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(6),
      widgets: [
        [
          graph('502/504 from nginx', [insights('byStatus')], true),
          graph('Upstream errors by cause', [insights('byCause')], true),
          graph('Upstream errors by log group', [insights('byLogGroup')], true),
        ],
        [
          graph('Alerts sent / incidents opened and closed', [
            insights('alertsSent'),
            insights('incidentsOpened'),
            insights('incidentsClosed'),
          ]),
          graph('Deploy transients (held, not paged)', [insights('deployTransients')]),
          graph('Lines received / unparsed', [insights('events'), insights('unparsedLines')]),
        ],
        [
          graph(
            'Function errors and throttles',
            fns.flatMap(([name, fn]) => [
              fn.metricErrors({ period, label: `${name} errors` }),
              fn.metricThrottles({ period, label: `${name} throttles` }),
            ]),
          ),
          graph(
            'Function duration (p99)',
            fns.map(([name, fn]) =>
              fn.metricDuration({ period, statistic: cloudwatch.Stats.p(99), label: name }),
            ),
          ),
          graph('On-failure queue (events parked after all retries)', [
            props.onFailureQueue.metricApproximateNumberOfMessagesVisible({
              period,
              statistic: cloudwatch.Stats.MAXIMUM,
            }),
          ]),
        ],
        [table('errors-by-cause'), table('errors-by-instance'), table('top-upstreams')],
      ],
    });
  }
}
