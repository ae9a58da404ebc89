/**
 * The contract between the CDK stack (`cdk/`) and the Lambda functions (`functions/`): names both
 * sides must spell the same. Import-free on purpose: the stack reads it without loading any runtime
 * module (Powertools, the AWS SDK), and the functions read it without loading CDK.
 *
 * The DynamoDB table's schema (keys, TTL attribute, indexes and what they project) is here too
 * (`tableSchema.ts`): the stack creates the table from it and the store reads and writes by it.
 */

/**
 * The functions' timeouts (seconds), set by the stack and checked against the SDK call budgets and the
 * alert-claim lease (`functions/adapters/sdkBudgets.ts`). The sweeper's stays under its one-minute
 * schedule so sweeps do not pile up; an alert it has no time left to settle is decided again by the
 * next sweep.
 */
export const FUNCTION_TIMEOUT_SECONDS = Object.freeze({ ingest: 60, sweeper: 50, deployEvents: 30 });

/** Powertools' `service` dimension of every metric the functions write. */
export const SERVICE_NAME = 'upstream-triage';

/** CloudWatch namespace of the functions' EMF metrics (dashboard and alarms read it). */
export const METRICS_NAMESPACE = 'UpstreamTriage';

/** Metric names: the contract of dashboards and alarms. */
export const METRIC = {
  eventsByCause: 'EventsByCause',
  eventsByStatus: 'EventsByStatus',
  events: 'Events',
  unparsedLines: 'UnparsedLines',
  incidentsOpened: 'IncidentsOpened',
  alertsSent: 'AlertsSent',
  deployTransients: 'DeployTransients',
  controlMessages: 'ControlMessages',
  incidentsClosed: 'IncidentsClosed',
} as const;

/** The environment variables the functions read; the stack sets exactly these names. */
export const ENV = {
  /** DynamoDB state table name (all functions). */
  tableName: 'TABLE_NAME',
  /** SNS alert topic ARN (ingest and sweeper publish there; plain text + filter attributes). */
  topicArn: 'TOPIC_ARN',
  /** Optional SNS topic ARN whose messages are in the chat custom-notification JSON. */
  chatTopicArn: 'CHAT_TOPIC_ARN',
  /** RegExp source whose first group picks the instance from a log stream name. */
  instancePattern: 'INSTANCE_PATTERN',
  /** JSON object: engine thresholds (seconds) plus `fleetSizes`, `deployScopes`, `unscopedDeployWindows`. */
  engineConfig: 'ENGINE_CONFIG',
  /** Days a state item lives (DynamoDB TTL). */
  ttlDays: 'TTL_DAYS',
  /** The account the stack runs in: log data from any other `owner` is named `<account>:<log group>`. */
  homeAccount: 'HOME_ACCOUNT_ID',
  /** JSON array of the configured source log group names (the sweeper lists their streams). */
  sourceLogGroups: 'SOURCE_LOG_GROUPS',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
} as const;

/** The keys of ENGINE_CONFIG the stack passes through from its own context keys of the same name. */
export const ENGINE_PASS_THROUGH_KEYS = ['fleetSizes', 'deployScopes', 'unscopedDeployWindows'] as const;

/** `type` of the log record the functions write for every published alert (`doctor --send-test` waits for it). */
export const ALERT_PUBLISHED = 'alert_published';

/** Days a state item lives unless TTL_DAYS says otherwise. */
export const DEFAULT_TTL_DAYS = 14;

/** Name of the subscription filter (or account policy) the stack installs, per stack. */
export function subscriptionFilterName(stackName: string): string {
  return `${stackName}-nginx-errors`;
}

/** Names of the stack's CloudFormation outputs that `upstream-triage doctor` reads. */
export const OUTPUT = {
  alertTopicArn: 'AlertTopicArn',
  operationsTopicArn: 'OperationsTopicArn',
  chatTopicArn: 'ChatTopicArn',
  stateTableName: 'StateTableName',
  classifiedEventsLogGroup: 'ClassifiedEventsLogGroup',
  onFailureQueueUrl: 'OnFailureQueueUrl',
  dashboardUrl: 'DashboardUrl',
  sourceLogGroups: 'SourceLogGroups',
  filterName: 'SubscriptionFilterName',
  functionNames: 'FunctionNames',
  streamName: 'StreamName',
  destinationArn: 'LogsDestinationArn',
} as const;

/**
 * The log group name the engine keys on for data from another account: `<account>:<log group>`
 * (two accounts may both have `/ec2/nginx/error`; the alert then says which one it is). Data from
 * the stack's own account keeps the plain name.
 *
 * @example qualifiedLogGroup('111111111111', '/ec2/nginx/error', '222222222222') // '111111111111:/ec2/nginx/error'
 */
export function qualifiedLogGroup(owner: string, logGroup: string, homeAccount: string | undefined): string {
  return homeAccount === undefined || owner === '' || owner === homeAccount
    ? logGroup
    : `${owner}:${logGroup}`;
}

export { LISTED_INCIDENT_ATTRIBUTES, TABLE_SCHEMA, type TableSchema } from './tableSchema.ts';
