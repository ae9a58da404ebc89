import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, NO_DEPLOY_CONTEXT } from '../../cdk/createApp.ts';
import { findWildcardGrants } from './findWildcardGrants.ts';

/*
 * One synth per delivery mode, bundling skipped (the bundles are checked by stack.test.ts), each with
 * cdk-nag: the mode's resources and settings, and no finding.
 */
const BASE = { alertEmails: 'ops@example.com', 'aws:cdk:bundling-stacks': [] };
const GROUPS = ['/ec2/nginx/error', '/aws/elasticbeanstalk/prod/var/log/nginx/error.log'];
const SOURCES = ['111111111111', '222222222222'];
const MODES = {
  kinesis: {
    ...BASE,
    logGroups: GROUPS.join(','),
    destination: 'kinesis',
    kinesisBatchSize: '500',
    kinesisBatchWindowSeconds: '10',
    kinesisParallelization: '4',
    chatTopic: 'true',
    heartbeatMinutes: '15',
  },
  crossAccount: {
    ...BASE,
    logGroups: GROUPS.join(','),
    sourceAccounts: SOURCES.join(','),
    thresholds: '{"grace":90}',
    fleetSizes: JSON.stringify({ [GROUPS[0]!]: 12 }),
    deployScopes: JSON.stringify({ 'codedeploy:shop/web': [GROUPS[0]], 'beanstalk:prod': [GROUPS[1]] }),
    unscopedDeployWindows: 'none',
  },
  organization: { ...BASE, logGroups: GROUPS[0], organizationId: 'o-abcdef1234' },
  accountPolicy: {
    ...BASE,
    logGroups: GROUPS[0],
    accountPolicy: 'true',
    accountPolicyExclude: '/aws/lambda/noisy',
    reservedConcurrency: 'none',
  },
  accountPolicyKinesis: { ...BASE, accountPolicy: 'true', destination: 'kinesis' },
} as const;
type Mode = keyof typeof MODES;

interface Synth {
  template: Template;
  resources: Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;
  violations: unknown[];
}
const synths = {} as Record<Mode, Synth>;
const dirs: string[] = [];

beforeAll(() => {
  for (const [mode, context] of Object.entries(MODES) as [Mode, Record<string, unknown>][]) {
    const outdir = mkdtempSync(join(tmpdir(), `upstream-triage-${mode}-`));
    dirs.push(outdir);
    // One mode with a concrete account and region (as `cdk synth` with credentials gives): ARNs
    // then hold the values instead of pseudo parameters, and acknowledgements must still match.
    const concrete = mode === 'crossAccount';
    const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
    if (concrete)
      Object.assign(process.env, { CDK_DEFAULT_ACCOUNT: '999999999999', CDK_DEFAULT_REGION: 'eu-west-1' });
    let created: ReturnType<typeof createApp>;
    try {
      created = createApp({ context, outdir, fileExists: () => false });
    } finally {
      if (concrete) {
        for (const [key, value] of [
          ['CDK_DEFAULT_ACCOUNT', saved.account],
          ['CDK_DEFAULT_REGION', saved.region],
        ] as const) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
      }
    }
    const { app, stack } = created;
    const json = app.synth().getStackByName(stack.stackName).template;
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    synths[mode] = {
      template: Template.fromJSON(json),
      resources: json.Resources,
      violations: report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations),
    };
  }
}, 300_000);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const ofType = (mode: Mode, type: string) =>
  Object.entries(synths[mode].resources).filter(([, r]) => r.Type === type);
const logsInvokePermissions = (mode: Mode) =>
  ofType(mode, 'AWS::Lambda::Permission').filter(([, r]) => r.Properties.Principal === 'logs.amazonaws.com');
const ingestId = (mode: Mode) =>
  ofType(mode, 'AWS::Lambda::Function').find(([id]) => id.startsWith('IngestFunction'))![0];

describe.each(Object.keys(MODES) as Mode[])('%s mode', (mode) => {
  it('is cdk-nag clean and grants nothing on a wildcard', () => {
    expect(synths[mode].violations).toEqual([]);
    expect(findWildcardGrants(synths[mode].resources)).toEqual([]);
  });
});

describe('destination=kinesis', () => {
  it('an on-demand stream encrypted with the stack key, fed by one filter per group through a role', () => {
    const { template } = synths.kinesis;
    const [keyId] = ofType('kinesis', 'AWS::KMS::Key')[0]!;
    const [streamId] = ofType('kinesis', 'AWS::Kinesis::Stream')[0]!;
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      StreamEncryption: { EncryptionType: 'KMS', KeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
    const [roleId] = ofType('kinesis', 'AWS::IAM::Role').find(([id]) => id.startsWith('DeliveryLogsRole'))!;
    for (const logGroupName of GROUPS) {
      template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
        LogGroupName: logGroupName,
        DestinationArn: { 'Fn::GetAtt': [streamId, 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
        Distribution: 'ByLogStream',
        FilterPattern: '-"[warn]" -"[info]" -"[debug]"',
      });
    }
    // Logs may assume the role only for log groups of this account, and may only put records.
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'logs.amazonaws.com' },
            Condition: { StringLike: { 'aws:SourceArn': [Match.anyValue()] } },
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['kinesis:PutRecord', 'kinesis:PutRecords'],
            Resource: { 'Fn::GetAtt': [streamId, 'Arn'] },
          }),
        ]),
      },
    });
    expect(logsInvokePermissions('kinesis')).toEqual([]);
  });

  it('the event source mapping: batch size and window, bisect, partial failures, retries, on-failure queue, parallelization', () => {
    const { template } = synths.kinesis;
    const [queueId] = ofType('kinesis', 'AWS::SQS::Queue')[0]!;
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: ingestId('kinesis') },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 10,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 5,
      ParallelizationFactor: 4,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
  });

  it('alarms on IteratorAge (not AsyncEventAge); heartbeats after 15 minutes; a chat topic gets alerts and alarms', () => {
    const { template, resources } = synths.kinesis;
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge' });
    expect(JSON.stringify(resources)).not.toContain('AsyncEventAge');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IncomingLogEvents',
      EvaluationPeriods: 3,
      TreatMissingData: 'breaching',
    });
    const [chatId] = ofType('kinesis', 'AWS::SNS::Topic').find(([id]) => id.startsWith('ChatTopic'))!;
    const ingest = resources[ingestId('kinesis')]!.Properties.Environment as {
      Variables: Record<string, unknown>;
    };
    expect(ingest.Variables.CHAT_TOPIC_ARN).toEqual({ Ref: chatId });
    for (const [, alarm] of ofType('kinesis', 'AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties.AlarmActions).toContainEqual({ Ref: chatId });
    }
    template.hasOutput('ChatTopicArn', {});
    template.hasOutput('StreamName', {});
  });
});

describe('sourceAccounts / organizationId', () => {
  it('a Logs destination in front of the stream whose access policy names exactly the source accounts', () => {
    const [, destination] = ofType('crossAccount', 'AWS::Logs::Destination')[0]!;
    const [streamId] = ofType('crossAccount', 'AWS::Kinesis::Stream')[0]!;
    expect(destination.Properties.TargetArn).toEqual({ 'Fn::GetAtt': [streamId, 'Arn'] });
    expect(destination.Properties.DestinationName).toBe('UpstreamTriage-nginx-errors');
    const policy = JSON.stringify(destination.Properties.DestinationPolicy);
    expect(policy).toContain('logs:PutSubscriptionFilter');
    for (const account of SOURCES) expect(policy).toContain(account);
    expect(policy).not.toContain('"Principal":"*"');
    // The delivery role may be assumed for log groups of the source accounts too.
    const role = ofType('crossAccount', 'AWS::IAM::Role').find(([id]) =>
      id.startsWith('DeliveryLogsRole'),
    )![1];
    const trust = JSON.stringify(role.Properties.AssumeRolePolicyDocument);
    for (const account of SOURCES) expect(trust).toContain(`:${account}:*`);
    synths.crossAccount.template.hasOutput('LogsDestinationArn', {});
    // The destination implies the Kinesis path.
    expect(ofType('crossAccount', 'AWS::Lambda::EventSourceMapping')).toHaveLength(1);
  });

  it('an organisation: anyone in it may subscribe (aws:PrincipalOrgID), the role trusts its accounts only', () => {
    const [, destination] = ofType('organization', 'AWS::Logs::Destination')[0]!;
    const policy = JSON.stringify(destination.Properties.DestinationPolicy);
    expect(policy).toContain('aws:PrincipalOrgID');
    expect(policy).toContain('o-abcdef1234');
    const role = ofType('organization', 'AWS::IAM::Role').find(([id]) =>
      id.startsWith('DeliveryLogsRole'),
    )![1];
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain(
      '"aws:SourceOrgID":"o-abcdef1234"',
    );
  });
});

describe('accountPolicy=true', () => {
  it('one SUBSCRIPTION_FILTER_POLICY to ingest that leaves out the stack own log groups; no per-group filters', () => {
    const { template } = synths.accountPolicy;
    template.resourceCountIs('AWS::Logs::SubscriptionFilter', 0);
    const [, policy] = ofType('accountPolicy', 'AWS::Logs::AccountPolicy')[0]!;
    expect(policy.Properties).toMatchObject({
      PolicyName: 'UpstreamTriage-nginx-errors',
      PolicyType: 'SUBSCRIPTION_FILTER_POLICY',
      Scope: 'ALL',
    });
    const selection = policy.Properties.SelectionCriteria as string;
    expect(selection.startsWith('LogGroupName NOT IN [')).toBe(true);
    expect(JSON.parse(selection.slice('LogGroupName NOT IN '.length))).toEqual([
      '/upstream-triage/UpstreamTriage/classified-events',
      '/upstream-triage/UpstreamTriage/deploy-events',
      '/upstream-triage/UpstreamTriage/sweeper',
      '/aws/lambda/noisy',
    ]);
    const document = JSON.stringify(policy.Properties.PolicyDocument);
    expect(document).toContain(ingestId('accountPolicy'));
    expect(document).toContain('\\"FilterPattern\\":\\"-\\\\\\"[warn]\\\\\\"');
    // The permission covers this account's log groups (the policy reaches groups created later).
    const permissions = logsInvokePermissions('accountPolicy');
    expect(permissions).toHaveLength(1);
    expect(JSON.stringify(permissions[0]![1].Properties.SourceArn)).toContain(':log-group:*:*');
    expect(permissions[0]![1].Properties.SourceAccount).toEqual({ Ref: 'AWS::AccountId' });
    // reservedConcurrency=none: no reservation.
    expect(
      synths.accountPolicy.resources[ingestId('accountPolicy')]!.Properties.ReservedConcurrentExecutions,
    ).toBeUndefined();
  });

  it('with Kinesis: the policy names the stream and the role, and no invoke permission exists', () => {
    const [, policy] = ofType('accountPolicyKinesis', 'AWS::Logs::AccountPolicy')[0]!;
    const [streamId] = ofType('accountPolicyKinesis', 'AWS::Kinesis::Stream')[0]!;
    const document = JSON.stringify(policy.Properties.PolicyDocument);
    expect(document).toContain(streamId);
    expect(document).toContain('RoleArn');
    expect(document).toContain('ByLogStream');
    expect(logsInvokePermissions('accountPolicyKinesis')).toEqual([]);
    // No logGroups: no heartbeat and no unparsed alarm per group, and nothing for the sweeper to list.
    expect(JSON.stringify(synths.accountPolicyKinesis.resources)).not.toContain('IncomingLogEvents');
    expect(JSON.stringify(synths.accountPolicyKinesis.resources)).not.toContain('logs:DescribeLogStreams');
  });
});

describe('engine keys other parts rely on', () => {
  it('fleetSizes, deployScopes and unscopedDeployWindows reach ENGINE_CONFIG; the sweeper may list the source streams', () => {
    const { resources } = synths.crossAccount;
    for (const [id, fn] of ofType('crossAccount', 'AWS::Lambda::Function')) {
      const env = (fn.Properties.Environment as { Variables: Record<string, string> }).Variables;
      expect(JSON.parse(env.ENGINE_CONFIG!), id).toEqual({
        grace: 90,
        fleetSizes: { [GROUPS[0]!]: 12 },
        deployScopes: { 'codedeploy:shop/web': [GROUPS[0]], 'beanstalk:prod': [GROUPS[1]] },
        unscopedDeployWindows: 'none',
      });
    }
    const sweeperRole = (
      resources[ofType('crossAccount', 'AWS::Lambda::Function').find(([id]) => id.startsWith('Sweeper'))![0]]!
        .Properties.Role as { 'Fn::GetAtt': [string] }
    )['Fn::GetAtt'][0];
    const statements = ofType('crossAccount', 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(sweeperRole))
      .flatMap(
        ([, p]) =>
          (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
      );
    const describe = statements.find((s) => s.Action === 'logs:DescribeLogStreams')!;
    const text = JSON.stringify(describe.Resource);
    for (const group of GROUPS) expect(text).toContain(`:log-group:${group}`);
    expect(text).not.toContain('log-group:*');
  });
});

describe('without deploy context (cdk bootstrap, ls, destroy)', () => {
  it('synthesizes a placeholder of the stack name that carries the error synth, diff and deploy stop on', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'upstream-triage-none-'));
    try {
      const { app, stack } = createApp({ context: { stackName: 'Shop' }, outdir, fileExists: () => false });
      const artifact = app.synth().getStackByName('Shop');
      expect(stack.stackName).toBe('Shop');
      expect(Object.values(artifact.template.Resources).map((r) => (r as { Type: string }).Type)).toEqual([
        'AWS::CloudFormation::WaitConditionHandle',
      ]);
      expect(artifact.messages.map((m) => [m.level, m.entry.data])).toEqual([['error', NO_DEPLOY_CONTEXT]]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
    // A wrong value is still refused, even without the required keys.
    expect(() => createApp({ context: { chatTopic: 'yes' }, fileExists: () => false })).toThrow(/chatTopic/);
  });
});
