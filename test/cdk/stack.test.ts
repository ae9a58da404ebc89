import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_SCHEMA } from '#shared/contract/index.ts';
import { readDeployEvent } from '#shared/deploy/readDeployEvent.ts';
import { DEPLOY_EVENT_PATTERNS } from '../../cdk/constructs/DeploySignals.ts';
import { STATE_TABLE_ACTIONS } from '../../cdk/constructs/StateTable.ts';
import { createApp } from '../../cdk/createApp.ts';
import { findWildcardGrants } from './findWildcardGrants.ts';

const LOG_GROUPS = [
  '/ec2/nginx/error',
  '/aws/elasticbeanstalk/prod/var/log/nginx/error.log',
  '/aws/elasticbeanstalk/staging/var/log/nginx/error.log',
];
const EMAILS = ['ops@example.com', 'oncall@example.org'];
const THRESHOLDS = { grace: 120, quiet: 600 };
const CONTEXT = {
  logGroups: LOG_GROUPS.join(','),
  alertEmails: EMAILS.join(','),
  thresholds: JSON.stringify(THRESHOLDS),
  instancePattern: '^(i-[0-9a-f]+)',
  logRetentionDays: '90',
};

let outdir: string;
let template: Template;
let resources: Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;
let report: { pluginReports: { pluginName: string; violations: unknown[] }[] };

// One synth (with the real handler bundles and cdk-nag) shared by every assertion below.
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'upstream-triage-cdk-'));
  const { app, stack } = createApp({ context: CONTEXT, outdir, fileExists: () => false });
  const assembly = app.synth();
  const json = assembly.getStackByName(stack.stackName).template;
  template = Template.fromJSON(json);
  resources = json.Resources;
  report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
}, 300_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function logicalIdsOf(type: string): string[] {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id);
}

/** The logical id of one of the three functions (construct ids Ingest, DeployEvents, Sweeper). */
function functionId(name: 'Ingest' | 'DeployEvents' | 'Sweeper'): string {
  const id = logicalIdsOf('AWS::Lambda::Function').find((logicalId) =>
    logicalId.startsWith(`${name}Function`),
  );
  if (id === undefined) throw new Error(`no ${name} function`);
  return id;
}

function policyStatementsOfRole(roleId: string): { Action: string | string[]; Resource: unknown }[] {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`))
    .flatMap(
      (r) =>
        (r.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] })
          .Statement,
    );
}

const actionsOf = (statements: { Action: string | string[] }[]) =>
  statements.flatMap((s) => [s.Action].flat());

describe('UpstreamTriageStack', () => {
  it('cdk-nag AWS Solutions: synth passed and the report holds no finding', () => {
    const findings = report.pluginReports.flatMap((r) => r.violations);
    expect(findings).toEqual([]);
  });

  it('cdk-nag is registered by createApp: a non-compliant resource fails synth', () => {
    const dir = mkdtempSync(join(tmpdir(), 'upstream-triage-nag-'));
    try {
      // Skip bundling: only the validation matters here.
      const { app, stack } = createApp({
        context: { ...CONTEXT, 'aws:cdk:bundling-stacks': [] },
        outdir: dir,
        fileExists: () => false,
      });
      new sqs.Queue(stack, 'Unencrypted');
      expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
      const failed = JSON.parse(readFileSync(join(dir, 'validation-report.json'), 'utf8'));
      expect(JSON.stringify(failed)).toContain('AwsSolutions-SQS4');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('one subscription filter per configured log group, all to the ingest function', () => {
    template.resourceCountIs('AWS::Logs::SubscriptionFilter', LOG_GROUPS.length);
    for (const logGroupName of LOG_GROUPS) {
      template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
        LogGroupName: logGroupName,
        DestinationArn: { 'Fn::GetAtt': [functionId('Ingest'), 'Arn'] },
        FilterPattern: '-"[warn]" -"[info]" -"[debug]"',
        FilterName: 'UpstreamTriage-nginx-errors',
      });
    }
  });

  it('one invoke permission per log group, its source ARN that group only, created before its filter', () => {
    const logsPermissions = Object.entries(resources).filter(
      ([, r]) => r.Type === 'AWS::Lambda::Permission' && r.Properties.Principal === 'logs.amazonaws.com',
    );
    expect(logsPermissions).toHaveLength(LOG_GROUPS.length);
    const filters = logicalIdsOf('AWS::Logs::SubscriptionFilter').map((id) => [id, resources[id]!] as const);
    for (const logGroup of LOG_GROUPS) {
      const matching = logsPermissions.filter(([, p]) =>
        JSON.stringify(p.Properties.SourceArn).endsWith(`:log-group:${logGroup}:*"]]}`),
      );
      expect(matching, logGroup).toHaveLength(1);
      const [permissionId, permission] = matching[0]!;
      expect(permission.Properties).toMatchObject({
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [functionId('Ingest'), 'Arn'] },
        SourceAccount: { Ref: 'AWS::AccountId' },
      });
      expect(JSON.stringify(permission.Properties.SourceArn)).toContain(':logs:');
      const [, filter] = filters.find(([, f]) => f.Properties.LogGroupName === logGroup)!;
      expect(filter.DependsOn).toContain(permissionId);
    }
    // No permission lets any other log group of the account invoke ingest.
    for (const [, p] of logsPermissions)
      expect(JSON.stringify(p.Properties.SourceArn)).not.toContain('log-group:*');
  });

  it('KMS: service principals only with account and source conditions; classified events encrypted with the key', () => {
    const [keyId, key] = Object.entries(template.findResources('AWS::KMS::Key'))[0]!;
    // The logical id of the key earlier versions created for the alert topic: an update keeps the key.
    expect(keyId).toBe('AlertsKey9E1197AF');
    const statements = (key.Properties.KeyPolicy as { Statement: Record<string, unknown>[] }).Statement;
    const services = statements.filter((st) => JSON.stringify(st.Principal).includes('Service'));
    expect(services.length).toBeGreaterThanOrEqual(2);
    for (const st of services) expect(st.Condition, JSON.stringify(st)).toBeDefined();
    const cloudwatch = services.find((st) =>
      JSON.stringify(st.Principal).includes('cloudwatch.amazonaws.com'),
    )!;
    expect(cloudwatch.Condition).toMatchObject({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: { 'aws:SourceArn': expect.anything() },
    });
    const logs = services.find((st) => JSON.stringify(st.Principal).includes('logs.'))!;
    expect(JSON.stringify(logs.Condition)).toContain('kms:EncryptionContext:aws:logs:arn');
    expect(JSON.stringify(logs.Condition)).toContain(
      'log-group:/upstream-triage/UpstreamTriage/classified-events',
    );
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/upstream-triage/UpstreamTriage/classified-events',
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });

  it('the alert topic is encrypted with a rotated customer-managed key that CloudWatch may use', () => {
    const [keyId] = logicalIdsOf('AWS::KMS::Key');
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: Match.arrayWith(['kms:Decrypt', 'kms:GenerateDataKey']),
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
    for (const email of EMAILS) {
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: email });
    }
  });

  it('least privilege: no wildcard action or resource in any IAM policy, no managed policies', () => {
    expect(findWildcardGrants(resources)).toEqual([]);
    for (const roleId of logicalIdsOf('AWS::IAM::Role')) {
      expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
      expect(resources[roleId]!.Properties.Policies).toBeUndefined();
    }
  });

  it('only the functions that publish may publish, with the two key actions SNS needs', () => {
    for (const [name, dir] of [
      ['Ingest', 'ingest'],
      ['DeployEvents', 'deploy-events'],
      ['Sweeper', 'sweeper'],
    ] as const) {
      const roleId = (resources[functionId(name)]!.Properties.Role as { 'Fn::GetAtt': [string] })[
        'Fn::GetAtt'
      ][0];
      const actions = actionsOf(policyStatementsOfRole(roleId));
      const handler = readFileSync(new URL(`../../functions/${dir}/handler.ts`, import.meta.url), 'utf8');
      const publishes = /createRuntime|SnsAlertPublisher|createSnsClient/.test(handler);
      expect(actions.includes('sns:Publish'), `${name} sns:Publish`).toBe(publishes);
      expect(actions.includes('kms:GenerateDataKey'), `${name} kms:GenerateDataKey`).toBe(publishes);
      expect(actions).toEqual(
        expect.arrayContaining([...STATE_TABLE_ACTIONS, 'logs:PutLogEvents', 'sqs:SendMessage']),
      );
    }
  });

  it('grants every DynamoDB call the functions make (and the store needs nothing else)', () => {
    const toAction: Record<string, string> = {
      Get: 'GetItem',
      Put: 'PutItem',
      Update: 'UpdateItem',
      Delete: 'DeleteItem',
      Query: 'Query',
      Scan: 'Scan',
      BatchGet: 'BatchGetItem',
      BatchWrite: 'BatchWriteItem',
      TransactGet: 'TransactGetItems',
      TransactWrite: 'TransactWriteItems',
    };
    const root = new URL('../../functions/', import.meta.url);
    const used = new Set<string>();
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      const text = readFileSync(new URL(file, root), 'utf8');
      if (!text.includes('@aws-sdk/lib-dynamodb') && !text.includes('@aws-sdk/client-dynamodb')) continue;
      for (const [, command] of text.matchAll(/new (\w+?)(?:Item)?Command\(/g)) {
        const action = toAction[command!];
        if (action === undefined) throw new Error(`unknown DynamoDB command ${command} in functions/${file}`);
        used.add(`dynamodb:${action}`);
      }
    }
    expect(used.size).toBeGreaterThan(0);
    expect([...STATE_TABLE_ACTIONS]).toEqual(expect.arrayContaining([...used]));
  });

  it('the state table: on-demand, TTL on expiresAt, PITR, encrypted, retained, the schema the store expects', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.timeToLiveAttribute, Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        KeySchema: [
          { AttributeName: TABLE_SCHEMA.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: TABLE_SCHEMA.sortKey.name, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: TABLE_SCHEMA.globalSecondaryIndexes.map((index) =>
          Match.objectLike({
            IndexName: index.indexName,
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.nonKeyAttributes] },
          }),
        ),
      },
    });
  });

  it('async invocations: retried, bounded in age, then sent to an encrypted SSL-only queue', () => {
    const [queueId] = logicalIdsOf('AWS::SQS::Queue');
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    const onFailure = { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } };
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 3);
    for (const [name, age, retries] of [
      ['Ingest', 21_600, 2],
      ['DeployEvents', 21_600, 2],
      ['Sweeper', 300, 0],
    ] as const) {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: functionId(name) },
        MaximumEventAgeInSeconds: age,
        MaximumRetryAttempts: retries,
        DestinationConfig: onFailure,
      });
    }
  });

  it('alarms on errors, throttles, the on-failure queue, the backlog, unparsed share and silence per log group, all to the operations topic', () => {
    const topicId = logicalIdsOf('AWS::SNS::Topic').find((id) => id.startsWith('Operations'));
    expect(topicId).toBeDefined();
    const alarms = logicalIdsOf('AWS::CloudWatch::Alarm').map((id) => resources[id]!.Properties!);
    expect(alarms).toHaveLength(3 * 2 + 1 + 1 + 2 * LOG_GROUPS.length);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions).toEqual([{ Ref: topicId }]);
    }
    for (const name of ['Ingest', 'DeployEvents', 'Sweeper'] as const) {
      for (const metric of ['Errors', 'Throttles']) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(name) } }],
        });
      }
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'AsyncEventAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId('Ingest') } }],
      Statistic: 'Maximum',
      Threshold: 300_000,
    });
    for (const logGroup of LOG_GROUPS) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Logs',
        MetricName: 'IncomingLogEvents',
        Dimensions: [{ Name: 'LogGroupName', Value: logGroup }],
        ComparisonOperator: 'LessThanOrEqualToThreshold',
        Threshold: 0,
        TreatMissingData: 'breaching',
        EvaluationPeriods: 6,
      });
    }
    for (const logGroup of LOG_GROUPS) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: 5,
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: '100 * unparsed / events', ReturnData: true }),
          Match.objectLike({
            Id: 'unparsed',
            MetricStat: Match.objectLike({
              Metric: {
                Namespace: 'UpstreamTriage',
                MetricName: 'UnparsedLines',
                Dimensions: [
                  { Name: 'logGroup', Value: logGroup },
                  { Name: 'service', Value: 'upstream-triage' },
                ],
              },
            }),
          }),
        ]),
      });
    }
  });

  it('every log group has the configured retention; each function logs JSON into its own group', () => {
    const logGroups = logicalIdsOf('AWS::Logs::LogGroup');
    expect(logGroups).toHaveLength(3);
    for (const id of logGroups) expect(resources[id]!.Properties.RetentionInDays).toBe(90);
    for (const name of ['Ingest', 'DeployEvents', 'Sweeper'] as const) {
      const logging = resources[functionId(name)]!.Properties.LoggingConfig as Record<string, unknown>;
      expect(logging).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'INFO' });
      expect(logGroups).toContain((logging.LogGroup as { Ref: string }).Ref);
    }
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/upstream-triage/UpstreamTriage/classified-events',
    });
  });

  it('functions: Node.js 24 on arm64, bundled ESM, with the environment loadConfig reads', () => {
    for (const name of ['Ingest', 'DeployEvents', 'Sweeper'] as const) {
      const props = resources[functionId(name)]!.Properties!;
      expect(props).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
      const env = (props.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env).toMatchObject({
        TABLE_NAME: { Ref: expect.stringMatching(/^StateTable/) },
        TOPIC_ARN: { Ref: expect.stringMatching(/^AlertsTopic/) },
        TTL_DAYS: '14',
        INSTANCE_PATTERN: '^(i-[0-9a-f]+)',
        POWERTOOLS_SERVICE_NAME: 'upstream-triage',
        POWERTOOLS_METRICS_NAMESPACE: 'UpstreamTriage',
        HOME_ACCOUNT_ID: { Ref: 'AWS::AccountId' },
      });
      // Several log groups: an unscoped deploy marker holds pages in none of them by default.
      expect(JSON.parse(env.ENGINE_CONFIG as string)).toEqual({
        ...THRESHOLDS,
        unscopedDeployWindows: 'none',
      });
      expect(env.SOURCE_LOG_GROUPS === undefined).toBe(name !== 'Sweeper');
    }
    const sweeperEnv = (
      resources[functionId('Sweeper')]!.Properties!.Environment as { Variables: Record<string, string> }
    ).Variables;
    expect(JSON.parse(sweeperEnv.SOURCE_LOG_GROUPS!)).toEqual(LOG_GROUPS);
    // Ingest has reserved concurrency (default 20), so a storm cannot take the account's pool.
    expect(resources[functionId('Ingest')]!.Properties!.ReservedConcurrentExecutions).toBe(20);
    // The bundles exist, are ESM exporting `handler`, and take the AWS SDK from the runtime.
    const assets = readdirSync(outdir).filter((entry) => entry.startsWith('asset.'));
    expect(assets).toHaveLength(3);
    for (const asset of assets) {
      const code = readFileSync(join(outdir, asset, 'index.mjs'), 'utf8');
      expect(code).toMatch(/export\s*\{[^}]*\bhandler\b/);
      expect(code).toMatch(/from\s*"@aws-sdk\/(?:client|lib)-dynamodb"/);
    }
  });

  it('deploy signals go to deploy-events; the sweeper runs every minute', () => {
    for (const pattern of Object.values(DEPLOY_EVENT_PATTERNS)) {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: { source: [...pattern.source], 'detail-type': [...pattern.detailType] },
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId('DeployEvents'), 'Arn'] } })],
      });
    }
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId('Sweeper'), 'Arn'] } })],
    });
  });

  it.each(
    Object.entries(DEPLOY_EVENT_PATTERNS).flatMap(([rule, p]) =>
      p.detailType.map((type) => [rule, p.source[0]!, type]),
    ),
  )(
    '%s rule: deploy-events reads %s "%s" (no invocation wasted on an ignored type)',
    (_rule, source, detailType) => {
      const reading = readDeployEvent({
        version: '0',
        id: 'e',
        source,
        'detail-type': detailType,
        account: '123456789012',
        time: '2026-01-15T12:00:00Z',
        region: 'eu-west-1',
        resources: [],
        detail: {},
      });
      // An empty detail may be invalid, but never "says nothing about a deployment".
      if (reading.kind === 'ignored') expect(reading.reason).not.toContain('says nothing about a deployment');
    },
  );

  it('a dashboard with metric graphs and Logs Insights tables on the classified events', () => {
    const [dashboardId] = logicalIdsOf('AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(resources[dashboardId!]!.Properties.DashboardBody);
    for (const needle of [
      'EventsByStatus',
      'EventsByCause',
      'AlertsSent',
      'DeployTransients',
      'UnparsedLines',
    ]) {
      expect(body).toContain(needle);
    }
    const [classified] = logicalIdsOf('AWS::Logs::LogGroup').filter((id) => id.startsWith('Ingest'));
    const logWidgets = body.match(/SOURCE '",\{"Ref":"([^"]+)"\}/g) ?? [];
    expect(logWidgets).toHaveLength(3);
    for (const widget of logWidgets) expect(widget).toContain(`"Ref":"${classified}"`);
    expect(body).toContain('stats sum(count) as errors');
  });

  it('saved Logs Insights queries on the classified-events log group', () => {
    const [classified] = logicalIdsOf('AWS::Logs::LogGroup').filter((id) => id.startsWith('Ingest'));
    const names = logicalIdsOf('AWS::Logs::QueryDefinition').map((id) => {
      const props = resources[id]!.Properties!;
      expect(props.LogGroupNames).toEqual([{ Ref: classified }]);
      expect(props.QueryString).toContain('filter type = "upstream_event"');
      return props.Name;
    });
    expect(names).toEqual(
      expect.arrayContaining([
        'upstream-triage/UpstreamTriage/errors-by-cause',
        'upstream-triage/UpstreamTriage/errors-by-instance',
        'upstream-triage/UpstreamTriage/errors-by-deployment',
        'upstream-triage/UpstreamTriage/incident-lines',
      ]),
    );
  });

  it('outputs name the topic, the table, the classified-events log group and the dashboard', () => {
    for (const output of ['AlertTopicArn', 'StateTableName', 'ClassifiedEventsLogGroup', 'DashboardUrl']) {
      template.hasOutput(output, {});
    }
    expect(JSON.stringify(template.findOutputs('DashboardUrl'))).toContain(
      '#dashboards/dashboard/UpstreamTriage',
    );
  });
});

describe('UpstreamTriageStack with an existing topic and key', () => {
  it('creates no topic or key, grants publish on the given ones, stays cdk-nag clean', () => {
    const dir = mkdtempSync(join(tmpdir(), 'upstream-triage-existing-'));
    try {
      const topicArn = 'arn:aws:sns:eu-west-1:123456789012:ops-alerts';
      const keyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      const { app, stack } = createApp({
        context: {
          logGroups: '/ec2/nginx/error',
          alertTopicArn: topicArn,
          kmsKeyArn: keyArn,
          'aws:cdk:bundling-stacks': [],
        },
        outdir: dir,
        fileExists: () => false,
      });
      const json = app.synth().getStackByName(stack.stackName).template;
      const existing = Template.fromJSON(json);
      // Only the operations topic (pipeline alarms) is the stack's own, under the given key.
      existing.resourceCountIs('AWS::SNS::Topic', 1);
      existing.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn });
      existing.resourceCountIs('AWS::KMS::Key', 0);
      existing.resourceCountIs('AWS::SNS::Subscription', 0);
      existing.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: 'sns:Publish', Resource: topicArn }),
            Match.objectLike({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: keyArn }),
          ]),
        },
      });
      const [operationsId] = Object.keys(existing.findResources('AWS::SNS::Topic'));
      for (const alarm of Object.values(existing.findResources('AWS::CloudWatch::Alarm'))) {
        expect(alarm.Properties.AlarmActions).toEqual([{ Ref: operationsId }]);
      }
      expect(findWildcardGrants(json.Resources)).toEqual([]);
      const nag = JSON.parse(readFileSync(join(dir, 'validation-report.json'), 'utf8'));
      expect(nag.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
