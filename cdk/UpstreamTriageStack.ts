import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRIC } from '#functions/adapters/metrics.ts';
import { FUNCTION_ENTRIES } from '#functions/bundling.ts';
import { ENV } from '#functions/config.ts';
import {
  classifiedEventsLogGroupName,
  OWN_LOG_GROUP_PREFIX,
} from '#shared/query/classifiedEventsLogGroupName.ts';
import type { StackConfig } from './config.ts';
import { AlertTopic } from './constructs/AlertTopic.ts';
import { DeploySignals } from './constructs/DeploySignals.ts';
import { ErrorLogSubscription } from './constructs/ErrorLogSubscription.ts';
import { PipelineAlarms } from './constructs/PipelineAlarms.ts';
import { SavedQueries } from './constructs/SavedQueries.ts';
import { StateTable } from './constructs/StateTable.ts';
import { METRICS_NAMESPACE, TriageDashboard } from './constructs/TriageDashboard.ts';
import { PROJECT_ROOT, TriageFunction } from './constructs/TriageFunction.ts';

/** Powertools' `service` dimension of every metric the functions write. */
export const SERVICE_NAME = 'upstream-triage';

/** The handler modules, absolute. */
export const DEFAULT_ENTRIES = {
  ingest: `${PROJECT_ROOT}${FUNCTION_ENTRIES.ingest}`,
  deployEvents: `${PROJECT_ROOT}${FUNCTION_ENTRIES['deploy-events']}`,
  sweeper: `${PROJECT_ROOT}${FUNCTION_ENTRIES.sweeper}`,
} as const;
export type FunctionName = keyof typeof DEFAULT_ENTRIES;

export interface UpstreamTriageStackProps extends StackProps {
  config: StackConfig;
  /** Other handler modules (tests); each must export `handler`. */
  entries?: Partial<Record<FunctionName, string>>;
}

/**
 * Everything `cdk deploy` creates: the three functions, the subscriptions on the configured nginx
 * log groups, the alert topic, the state table, deploy signals and the sweeper schedule, the
 * on-failure queue, alarms on the pipeline, the dashboard and the saved queries.
 */
export class UpstreamTriageStack extends Stack {
  readonly classifiedEvents: logs.LogGroup;

  constructor(scope: Construct, id: string, props: UpstreamTriageStackProps) {
    super(scope, id, { description: 'upstream-triage: nginx 502/504 triage and alerts', ...props });
    const { config } = props;
    const entries = { ...DEFAULT_ENTRIES, ...props.entries };

    const state = new StateTable(this, 'State');
    const alerts = new AlertTopic(this, 'Alerts', {
      emails: config.alertEmails,
      ...(config.alertTopicArn !== undefined && { existingTopicArn: config.alertTopicArn }),
      ...(config.kmsKeyArn !== undefined && { kmsKeyArn: config.kmsKeyArn }),
    });

    const onFailure = new sqs.Queue(this, 'OnFailure', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(onFailure).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the last stop: the Lambda on-failure destination that keeps payloads after every retry. ' +
        'A dead-letter queue behind it would only move them; an alarm fires as soon as it holds anything.',
    });

    // The names the functions' loadConfig reads (imported, so a rename cannot drift).
    const environment: Record<string, string> = {
      [ENV.tableName]: state.table.tableName,
      [ENV.topicArn]: alerts.topic.topicArn,
      [ENV.ttlDays]: String(config.ttlDays),
      [ENV.serviceName]: SERVICE_NAME,
      [ENV.metricsNamespace]: METRICS_NAMESPACE,
      ...(config.instancePattern !== undefined && { [ENV.instancePattern]: config.instancePattern }),
      ...(Object.keys(config.thresholds).length > 0 && {
        [ENV.engineConfig]: JSON.stringify(config.thresholds),
      }),
    };
    const common = { logRetention: config.logRetentionDays, environment, onFailure };

    const ingest = new TriageFunction(this, 'Ingest', {
      ...common,
      entry: entries.ingest,
      description: 'upstream-triage: classifies nginx error-log batches, opens incidents, alerts',
      // Its log group is the classified-events log group users query.
      logGroupName: classifiedEventsLogGroupName(this.stackName),
      memorySize: 512,
      timeout: Duration.seconds(60),
    });
    const deployEvents = new TriageFunction(this, 'DeployEvents', {
      ...common,
      entry: entries.deployEvents,
      description:
        'upstream-triage: records deploy windows from CodeDeploy, Auto Scaling, Beanstalk and custom events',
      logGroupName: `${OWN_LOG_GROUP_PREFIX}${this.stackName}/deploy-events`,
      memorySize: 256,
      timeout: Duration.seconds(30),
    });
    const sweeper = new TriageFunction(this, 'Sweeper', {
      ...common,
      entry: entries.sweeper,
      description: 'upstream-triage: closes quiet incidents, pages held ones, sends deployment digests',
      logGroupName: `${OWN_LOG_GROUP_PREFIX}${this.stackName}/sweeper`,
      memorySize: 256,
      // Below the one-minute schedule, so sweeps do not pile up.
      timeout: Duration.seconds(50),
      // A sweep that failed is replaced by the next one a minute later: retrying an old one helps nobody.
      retryAttempts: 0,
      maxEventAge: Duration.minutes(5),
    });
    this.classifiedEvents = ingest.logGroup;

    for (const fn of [ingest, deployEvents, sweeper]) state.grantStoreAccess(fn.role);
    for (const fn of [ingest, sweeper]) alerts.grantPublish(fn.role);

    const filterName = `${this.stackName}-nginx-errors`;
    new ErrorLogSubscription(this, 'Subscription', {
      destination: ingest.fn,
      logGroupNames: config.logGroups,
      filterPattern: config.filterPattern,
      filterName,
    });
    new DeploySignals(this, 'DeploySignals', { deployEvents: deployEvents.fn, sweeper: sweeper.fn });

    const functions = { ingest: ingest.fn, 'deploy-events': deployEvents.fn, sweeper: sweeper.fn };
    const unparsedPercent = config.logGroups.map((logGroup) => unparsedPercentOf(logGroup));
    new PipelineAlarms(this, 'Alarms', {
      functions,
      onFailureQueue: onFailure,
      unparsed: config.logGroups.map((logGroup, i) => ({ logGroup, percent: unparsedPercent[i]! })),
      unparsedAlarmPercent: config.unparsedAlarmPercent,
      topic: alerts.topic,
    });

    const dashboardName = this.stackName;
    new TriageDashboard(this, 'Dashboard', {
      dashboardName,
      classifiedEvents: ingest.logGroup,
      functions,
      onFailureQueue: onFailure,
    });
    new SavedQueries(this, 'Queries', {
      logGroup: ingest.logGroup,
      folder: `upstream-triage/${this.stackName}`,
    });

    new CfnOutput(this, 'AlertTopicArn', {
      value: alerts.topic.topicArn,
      description: 'SNS topic of alerts and alarms',
    });
    new CfnOutput(this, 'StateTableName', {
      value: state.table.tableName,
      description: 'DynamoDB state table',
    });
    new CfnOutput(this, 'ClassifiedEventsLogGroup', {
      value: ingest.logGroup.logGroupName,
      description: 'Logs Insights target (upstream-triage query --log-group, UPSTREAM_TRIAGE_LOG_GROUP)',
    });
    new CfnOutput(this, 'OnFailureQueueUrl', {
      value: onFailure.queueUrl,
      description: 'Events that failed every retry',
    });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards/dashboard/${dashboardName}`,
      description: 'CloudWatch dashboard',
    });
  }
}

/**
 * Share of one log group's forwarded lines that did not parse, in percent. Both metrics are written
 * by ingest under {service, logGroup}; a period without lines yields no data (not breaching).
 */
function unparsedPercentOf(logGroup: string): cloudwatch.IMetric {
  const metric = (metricName: string) =>
    new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { service: SERVICE_NAME, logGroup },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
    });
  return new cloudwatch.MathExpression({
    expression: '100 * unparsed / events',
    usingMetrics: { unparsed: metric(METRIC.unparsedLines), events: metric(METRIC.events) },
    period: Duration.minutes(5),
    label: `unparsed % ${logGroup}`,
  });
}
