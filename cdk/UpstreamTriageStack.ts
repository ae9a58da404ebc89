import {
  ArnFormat,
  Aws,
  CfnOutput,
  Duration,
  Fn,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { FUNCTION_ENTRIES } from '#functions/bundling.ts';
import {
  ENV,
  FUNCTION_TIMEOUT_SECONDS,
  METRIC,
  METRICS_NAMESPACE,
  OUTPUT,
  SERVICE_NAME,
  subscriptionFilterName,
} from '#shared/contract/index.ts';
import { classifiedEventsLogGroupName, OWN_LOG_GROUP_PREFIX } from '#shared/query/index.ts';
import type { StackConfig } from './config.ts';
import { AccountSubscriptionPolicy } from './constructs/AccountSubscriptionPolicy.ts';
import { AlertTopic } from './constructs/AlertTopic.ts';
import { CrossAccountDestination } from './constructs/CrossAccountDestination.ts';
import { DeploySignals } from './constructs/DeploySignals.ts';
import { ErrorLogSubscription, logGroupSourceArn } from './constructs/ErrorLogSubscription.ts';
import { Heartbeat } from './constructs/Heartbeat.ts';
import { KinesisDelivery } from './constructs/KinesisDelivery.ts';
import { PipelineAlarms } from './constructs/PipelineAlarms.ts';
import { SavedQueries } from './constructs/SavedQueries.ts';
import { StateTable } from './constructs/StateTable.ts';
import { TriageDashboard } from './constructs/TriageDashboard.ts';
import { PROJECT_ROOT, TriageFunction } from './constructs/TriageFunction.ts';
import { TriageKey } from './constructs/TriageKey.ts';

export { SERVICE_NAME };

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

/** Longest value a CloudFormation output takes. */
const MAX_OUTPUT_CHARS = 4096;
/** Alarm when the oldest event waiting for ingest is older than this. */
const BACKLOG_THRESHOLD_MS = 5 * 60 * 1000;

/**
 * Everything `cdk deploy` creates: the three functions, the delivery of the nginx log groups
 * (per-group filters to ingest, or to a Kinesis stream; a Logs destination for other accounts; or
 * one account-level subscription policy), the alert, operations and chat topics, the state table,
 * deploy signals and the sweeper schedule, the on-failure queue, alarms on the pipeline and
 * heartbeats on the sources, the dashboard and the saved queries.
 */
export class UpstreamTriageStack extends Stack {
  readonly classifiedEvents: logs.LogGroup;

  constructor(scope: Construct, id: string, props: UpstreamTriageStackProps) {
    super(scope, id, { description: 'upstream-triage: nginx 502/504 triage and alerts', ...props });
    const { config } = props;
    const entries = { ...DEFAULT_ENTRIES, ...props.entries };
    const classifiedEventsName = classifiedEventsLogGroupName(this.stackName);
    const ownLogGroups = [
      classifiedEventsName,
      `${OWN_LOG_GROUP_PREFIX}${this.stackName}/deploy-events`,
      `${OWN_LOG_GROUP_PREFIX}${this.stackName}/sweeper`,
    ] as const;

    const key = new TriageKey(this, 'Key', {
      ...(config.kmsKeyArn !== undefined && { keyArn: config.kmsKeyArn }),
    });
    // The classified events hold client addresses and request lines: encrypted with the stack's key.
    key.allowLogGroups([classifiedEventsName]);

    const state = new StateTable(this, 'State');
    const alerts = new AlertTopic(this, 'Alerts', {
      emails: config.alertEmails,
      key: key.key,
      ...(config.alertTopicArn !== undefined && { existingTopicArn: config.alertTopicArn }),
    });
    // Pipeline alarms and heartbeats: a topic of their own, so a filter policy on the alert topic
    // (alarm notifications carry no message attributes) cannot drop them.
    const operations = new AlertTopic(this, 'Operations', {
      emails: config.operationsEmails,
      key: key.key,
      displayName: 'upstream-triage operations',
    });
    const chat = config.chatTopic
      ? new AlertTopic(this, 'Chat', { emails: [], key: key.key, displayName: 'upstream-triage chat' })
      : undefined;

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

    // The names the functions' loadConfig reads: the shared contract, so a rename cannot drift.
    const engineConfig = {
      ...config.thresholds,
      ...(Object.keys(config.fleetSizes).length > 0 && { fleetSizes: config.fleetSizes }),
      ...(Object.keys(config.deployScopes).length > 0 && { deployScopes: config.deployScopes }),
      // A marker that names no log group holds restart pages everywhere only where that is safe:
      // one watched log group, or the user said so. Several groups (staging and prod, many
      // accounts, an account policy) default to none, so one environment's deploy cannot hide
      // another's outage.
      unscopedDeployWindows:
        config.unscopedDeployWindows ??
        (config.logGroups.length === 1 &&
        !config.accountPolicy &&
        config.sourceAccounts.length === 0 &&
        config.organizationId === undefined
          ? 'all'
          : 'none'),
    };
    const environment: Record<string, string> = {
      [ENV.tableName]: state.table.tableName,
      [ENV.topicArn]: alerts.topic.topicArn,
      [ENV.ttlDays]: String(config.ttlDays),
      [ENV.serviceName]: SERVICE_NAME,
      [ENV.metricsNamespace]: METRICS_NAMESPACE,
      [ENV.homeAccount]: Aws.ACCOUNT_ID,
      ...(chat !== undefined && { [ENV.chatTopicArn]: chat.topic.topicArn }),
      ...(config.instancePattern !== undefined && { [ENV.instancePattern]: config.instancePattern }),
      ...(Object.keys(engineConfig).length > 0 && { [ENV.engineConfig]: JSON.stringify(engineConfig) }),
    };
    const common = { logRetention: config.logRetentionDays, environment, onFailure };

    const ingest = new TriageFunction(this, 'Ingest', {
      ...common,
      entry: entries.ingest,
      description: 'upstream-triage: classifies nginx error-log batches, opens incidents, alerts',
      // Its log group is the classified-events log group users query.
      logGroupName: classifiedEventsName,
      logGroupKey: key.key,
      memorySize: 512,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS.ingest),
      ...(config.reservedConcurrency !== undefined && { reservedConcurrency: config.reservedConcurrency }),
    });
    const deployEvents = new TriageFunction(this, 'DeployEvents', {
      ...common,
      entry: entries.deployEvents,
      description:
        'upstream-triage: records deploy windows from CodeDeploy, Auto Scaling, Beanstalk and custom events',
      logGroupName: ownLogGroups[1],
      memorySize: 256,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS.deployEvents),
    });
    const sweeper = new TriageFunction(this, 'Sweeper', {
      ...common,
      environment: { ...environment, [ENV.sourceLogGroups]: JSON.stringify(config.logGroups) },
      entry: entries.sweeper,
      description: 'upstream-triage: closes quiet incidents, pages held ones, sends deployment digests',
      logGroupName: ownLogGroups[2],
      memorySize: 256,
      // Below the one-minute schedule, so sweeps do not pile up.
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS.sweeper),
      // A sweep that failed is replaced by the next one a minute later: retrying an old one helps nobody.
      retryAttempts: 0,
      maxEventAge: Duration.minutes(5),
    });
    this.classifiedEvents = ingest.logGroup;

    for (const fn of [ingest, deployEvents, sweeper]) state.grantStoreAccess(fn.role);
    for (const fn of [ingest, sweeper]) {
      alerts.grantPublish(fn.role);
      chat?.grantPublish(fn.role);
    }
    // The sweeper counts a log group's instances from its streams (fleet size), for those groups only.
    if (config.logGroups.length > 0) {
      sweeper.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['logs:DescribeLogStreams'],
          resources: config.logGroups.flatMap((name) => [
            this.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: name,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
            logGroupSourceArn(this, name),
          ]),
        }),
      );
      // cdk-nag names the resource as synthesized: pseudo parameters as <AWS::...>, known values as is.
      const region = Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region;
      const account = Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account;
      for (const name of config.logGroups) {
        Validations.of(sweeper.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:${region}:${account}:log-group:${name}:*]`,
          reason:
            'The streams of ONE named source log group (log-group:<name>:*), for logs:DescribeLogStreams only: ' +
            'the sweeper counts the instances that ship to it.',
        });
      }
    }

    // Delivery: how the nginx log groups reach ingest.
    const filterName = subscriptionFilterName(this.stackName);
    const kinesisDelivery =
      config.destination === 'kinesis'
        ? new KinesisDelivery(this, 'Delivery', {
            ingest: ingest.fn,
            key: key.key,
            onFailure,
            ...config.kinesis,
            sourceAccounts: config.sourceAccounts,
            ...(config.organizationId !== undefined && { organizationId: config.organizationId }),
          })
        : undefined;
    const destination =
      kinesisDelivery !== undefined &&
      (config.sourceAccounts.length > 0 || config.organizationId !== undefined)
        ? new CrossAccountDestination(this, 'CrossAccount', {
            destinationName: `${this.stackName}-nginx-errors`,
            stream: kinesisDelivery.stream,
            logsRole: kinesisDelivery.logsRole,
            sourceAccounts: config.sourceAccounts,
            ...(config.organizationId !== undefined && { organizationId: config.organizationId }),
          })
        : undefined;
    if (config.accountPolicy) {
      let dependsOn: Construct;
      if (kinesisDelivery === undefined) {
        // An account policy covers every group of the account, present and future: the invoke
        // permission is scoped to this account's log groups, not to named ones.
        dependsOn = new CfnPermission(this, 'InvokeFromAccountPolicy', {
          action: 'lambda:InvokeFunction',
          functionName: ingest.fn.functionArn,
          principal: 'logs.amazonaws.com',
          sourceAccount: this.account,
          sourceArn: logGroupSourceArn(this, '*'),
        });
      } else {
        dependsOn = kinesisDelivery.logsRole;
      }
      const policy = new AccountSubscriptionPolicy(this, 'AccountPolicy', {
        policyName: filterName,
        destinationArn: kinesisDelivery?.stream.streamArn ?? ingest.fn.functionArn,
        ...(kinesisDelivery !== undefined && { roleArn: kinesisDelivery.logsRole.roleArn }),
        filterPattern: config.filterPattern,
        excludeLogGroups: [...ownLogGroups, ...config.accountPolicyExclude],
      });
      policy.node.addDependency(dependsOn);
    } else {
      new ErrorLogSubscription(this, 'Subscription', {
        target:
          kinesisDelivery === undefined
            ? { kind: 'lambda', fn: ingest.fn }
            : {
                kind: 'kinesis',
                streamArn: kinesisDelivery.stream.streamArn,
                roleArn: kinesisDelivery.logsRole.roleArn,
                dependsOn: kinesisDelivery.logsRole,
              },
        logGroupNames: config.logGroups,
        filterPattern: config.filterPattern,
        filterName,
      });
    }
    new DeploySignals(this, 'DeploySignals', { deployEvents: deployEvents.fn, sweeper: sweeper.fn });

    const alarmTopics = [operations.topic, ...(chat !== undefined ? [chat.topic] : [])];
    const functions = { ingest: ingest.fn, 'deploy-events': deployEvents.fn, sweeper: sweeper.fn };
    const unparsedPercent = config.logGroups.map((logGroup) => unparsedPercentOf(logGroup));
    new PipelineAlarms(this, 'Alarms', {
      functions,
      onFailureQueue: onFailure,
      unparsed: config.logGroups.map((logGroup, i) => ({ logGroup, percent: unparsedPercent[i]! })),
      unparsedAlarmPercent: config.unparsedAlarmPercent,
      topics: alarmTopics,
      backlog:
        kinesisDelivery === undefined
          ? {
              metric: ingest.fn.metric('AsyncEventAge', {
                statistic: cloudwatch.Stats.MAXIMUM,
                period: Duration.minutes(5),
              }),
              thresholdMs: BACKLOG_THRESHOLD_MS,
              description:
                'upstream-triage ingest: log batches wait over 5 minutes before ingest takes them (AsyncEventAge): raise reservedConcurrency or look for throttles',
            }
          : {
              metric: ingest.fn.metric('IteratorAge', {
                statistic: cloudwatch.Stats.MAXIMUM,
                period: Duration.minutes(5),
              }),
              thresholdMs: BACKLOG_THRESHOLD_MS,
              description:
                'upstream-triage ingest: the stream records it reads are over 5 minutes old (IteratorAge): raise kinesisParallelization or reservedConcurrency',
            },
    });
    if (config.heartbeatMinutes > 0 && config.logGroups.length > 0) {
      new Heartbeat(this, 'Heartbeat', {
        logGroupNames: config.logGroups,
        minutes: config.heartbeatMinutes,
        actions: alarmTopics.map((topic) => new SnsAction(topic)),
      });
    }

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

    const output = (name: string, value: string, description: string) =>
      new CfnOutput(this, name, { value, description });
    output(OUTPUT.alertTopicArn, alerts.topic.topicArn, 'SNS topic of alerts');
    output(
      OUTPUT.operationsTopicArn,
      operations.topic.topicArn,
      'SNS topic of pipeline alarms and heartbeats',
    );
    if (chat !== undefined)
      output(
        OUTPUT.chatTopicArn,
        chat.topic.topicArn,
        'SNS topic for Amazon Q Developer in chat applications',
      );
    output(OUTPUT.stateTableName, state.table.tableName, 'DynamoDB state table');
    output(
      OUTPUT.classifiedEventsLogGroup,
      ingest.logGroup.logGroupName,
      'Logs Insights target (upstream-triage query --log-group, UPSTREAM_TRIAGE_LOG_GROUP)',
    );
    output(OUTPUT.onFailureQueueUrl, onFailure.queueUrl, 'Events that failed every retry');
    output(
      OUTPUT.dashboardUrl,
      `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards/dashboard/${dashboardName}`,
      'CloudWatch dashboard',
    );
    output(OUTPUT.filterName, filterName, 'Name of the subscription filters (or account policy)');
    output(
      OUTPUT.functionNames,
      Fn.join(',', [ingest.fn.functionName, deployEvents.fn.functionName, sweeper.fn.functionName]),
      'ingest, deploy-events and sweeper function names (upstream-triage doctor)',
    );
    const sourceGroups = JSON.stringify(config.logGroups);
    if (sourceGroups.length <= MAX_OUTPUT_CHARS)
      output(OUTPUT.sourceLogGroups, sourceGroups, 'Configured nginx log groups (JSON array)');
    if (kinesisDelivery !== undefined)
      output(OUTPUT.streamName, kinesisDelivery.stream.streamName, 'Kinesis stream ingest reads');
    if (destination !== undefined)
      output(
        OUTPUT.destinationArn,
        destination.destinationArn,
        'CloudWatch Logs destination for the source accounts (docs/deploy.md)',
      );
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
