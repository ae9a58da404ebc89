import { PassThrough } from 'node:stream';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogStreamCommand,
  DescribeAccountPoliciesCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  DescribeSubscriptionFiltersCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { classifyLine } from '#shared/classify/classifyLine.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';
import { createDoctorCommand, testLine } from '../../cli/commands/doctor.ts';
import type { CliIo } from '../../cli/io.ts';

/* Every AWS client mocked at the SDK boundary (no AWS here); the command's logic is real. */
const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };
const clients = {
  cloudformation: new CloudFormationClient({ region: 'eu-west-1', credentials }),
  logs: new CloudWatchLogsClient({ region: 'eu-west-1', credentials }),
  sns: new SNSClient({ region: 'eu-west-1', credentials }),
  cloudwatch: new CloudWatchClient({ region: 'eu-west-1', credentials }),
};
const cfn = mockClient(clients.cloudformation);
const logs = mockClient(clients.logs);
const sns = mockClient(clients.sns);
const cw = mockClient(clients.cloudwatch);
afterAll(() => {
  for (const m of [cfn, logs, sns, cw]) m.restore();
});

const NOW = Date.parse('2026-11-22T10:00:00Z');
const GROUP = '/ec2/nginx/error';
const ALERTS = 'arn:aws:sns:eu-west-1:123456789012:alerts';
const OPS = 'arn:aws:sns:eu-west-1:123456789012:ops';
const CLASSIFIED = '/upstream-triage/UpstreamTriage/classified-events';
const OUTPUTS = {
  AlertTopicArn: ALERTS,
  OperationsTopicArn: OPS,
  ClassifiedEventsLogGroup: CLASSIFIED,
  SourceLogGroups: JSON.stringify([GROUP]),
  SubscriptionFilterName: 'UpstreamTriage-nginx-errors',
  FunctionNames: 'ingest-fn,deploy-fn,sweeper-fn',
};

function healthy() {
  for (const m of [cfn, logs, sns, cw]) m.reset();
  cfn.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'UpstreamTriage',
        CreationTime: new Date(NOW),
        StackStatus: 'UPDATE_COMPLETE',
        Outputs: Object.entries(OUTPUTS).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  });
  logs.on(DescribeAccountPoliciesCommand).resolves({ accountPolicies: [] });
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: GROUP }] });
  logs.on(DescribeSubscriptionFiltersCommand).resolves({
    subscriptionFilters: [{ filterName: 'UpstreamTriage-nginx-errors', destinationArn: 'arn:ingest' }],
  });
  logs.on(DescribeLogStreamsCommand).resolves({
    logStreams: [{ logStreamName: 'i-0a1b2c3d4e5f60718', lastEventTimestamp: NOW - 3 * 60_000 }],
  });
  sns.on(ListSubscriptionsByTopicCommand).resolves({
    Subscriptions: [{ SubscriptionArn: `${ALERTS}:1234`, Endpoint: 'ops@example.com', Protocol: 'email' }],
  });
  cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
}
beforeEach(healthy);

async function doctor(argv: string[]) {
  let now = NOW;
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk) => {
    out += String(chunk);
  });
  const io = { stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: {} } as unknown as CliIo;
  const command = createDoctorCommand({
    createClients: () => clients,
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  });
  const code = await command(argv, io);
  return { code, out, lines: out.trim().split('\n') };
}
const line = (lines: string[], name: string) => lines.find((l) => l.includes(` ${name}:`)) ?? '';

describe('upstream-triage doctor', () => {
  it('a healthy stack: every check ok, exit 0', async () => {
    const { code, lines } = await doctor([]);
    expect(code).toBe(0);
    expect(line(lines, 'stack')).toMatch(/^ok/);
    expect(line(lines, `log group ${GROUP} filter`)).toMatch(
      /^ok .*UpstreamTriage-nginx-errors -> arn:ingest/,
    );
    expect(line(lines, `log group ${GROUP}`)).toMatch(/^ok .*last event 3 min ago/);
    expect(line(lines, 'alert topic')).toMatch(/^ok .*1 confirmed/);
    expect(line(lines, 'operations topic')).toMatch(/^ok/);
    expect(line(lines, 'function ingest-fn')).toMatch(/^ok .*0 errors, 0 throttles/);
    expect(lines.at(-1)).toMatch(/^all \d+ checks passed$/);
    // Only the stack's own filter name is looked for, on the configured group.
    expect(logs.commandCalls(DescribeSubscriptionFiltersCommand)[0]?.args[0].input).toEqual({
      logGroupName: GROUP,
    });
  });

  it('stack not deployed: one failing check, exit 1', async () => {
    cfn.on(DescribeStacksCommand).rejects(new Error('Stack with id UpstreamTriage does not exist'));
    const { code, lines } = await doctor(['--stack', 'UpstreamTriage']);
    expect(code).toBe(1);
    expect(line(lines, 'stack')).toMatch(/^FAIL .*does not exist/);
  });

  it('log group missing, filter missing, or silent', async () => {
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: `${GROUP}-other` }] });
    expect(line((await doctor([])).lines, `log group ${GROUP}`)).toMatch(/^FAIL .*does not exist/);

    healthy();
    logs
      .on(DescribeSubscriptionFiltersCommand)
      .resolves({ subscriptionFilters: [{ filterName: 'datadog' }] });
    const missing = await doctor([]);
    expect(missing.code).toBe(1);
    expect(line(missing.lines, `log group ${GROUP} filter`)).toMatch(
      /^FAIL .*no subscription filter .*datadog/,
    );

    healthy();
    logs
      .on(DescribeLogStreamsCommand)
      .resolves({ logStreams: [{ logStreamName: 'i-1', lastEventTimestamp: NOW - 5 * 3_600_000 }] });
    const silent = await doctor([]);
    expect(silent.code).toBe(0);
    expect(line(silent.lines, `log group ${GROUP}`)).toMatch(/^warn .*last event 300 min ago/);
  });

  it('an account policy covers the groups instead of per-group filters', async () => {
    logs.on(DescribeAccountPoliciesCommand).resolves({
      accountPolicies: [
        { policyName: 'UpstreamTriage-nginx-errors', selectionCriteria: 'LogGroupName NOT IN ["/x"]' },
      ],
    });
    logs.on(DescribeSubscriptionFiltersCommand).resolves({ subscriptionFilters: [] });
    const { code, lines } = await doctor([]);
    expect(code).toBe(0);
    expect(line(lines, 'account policy')).toMatch(/^ok .*NOT IN/);
    expect(line(lines, `log group ${GROUP} filter`)).toMatch(/^ok .*covered by the account policy/);
  });

  it('subscriptions: none confirmed fails, some pending warns', async () => {
    sns.on(ListSubscriptionsByTopicCommand).resolves({
      Subscriptions: [{ SubscriptionArn: 'PendingConfirmation', Endpoint: 'ops@example.com' }],
    });
    const pending = await doctor([]);
    expect(pending.code).toBe(1);
    expect(line(pending.lines, 'alert topic')).toMatch(/^FAIL .*click the link/);

    sns.on(ListSubscriptionsByTopicCommand).resolves({
      Subscriptions: [
        { SubscriptionArn: `${ALERTS}:1`, Endpoint: 'a@example.com' },
        { SubscriptionArn: 'PendingConfirmation', Endpoint: 'b@example.com' },
      ],
    });
    expect(line((await doctor([])).lines, 'alert topic')).toMatch(
      /^warn .*1 confirmed, 1 pending \(b@example.com\)/,
    );
  });

  it("the functions' errors and throttles of the last hour", async () => {
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'errors0', Values: [2, 1] },
        { Id: 'throttles2', Values: [4] },
      ],
    });
    const { code, lines } = await doctor([]);
    expect(code).toBe(1);
    expect(line(lines, 'function ingest-fn')).toMatch(/^FAIL .*3 errors/);
    expect(line(lines, 'function sweeper-fn')).toMatch(/^warn .*4 throttles/);
    const queries = cw.commandCalls(GetMetricDataCommand)[0]!.args[0].input.MetricDataQueries ?? [];
    expect(queries).toHaveLength(6);
  });

  it('--send-test puts a line that pages and reports when it was classified and when the alert went out', async () => {
    let polls = 0;
    logs.on(FilterLogEventsCommand).callsFake((input: { filterPattern: string }) => {
      polls++;
      const marker = input.filterPattern.replaceAll('"', '');
      if (polls < 2) return { events: [] };
      return {
        events: [
          {
            ingestionTime: NOW + 12_000,
            message: JSON.stringify({ type: 'upstream_event', request: `GET /${marker} HTTP/1.1` }),
          },
          ...(polls < 3
            ? []
            : [
                {
                  ingestionTime: NOW + 14_000,
                  message: JSON.stringify({ type: 'alert_published', instance: marker }),
                },
              ]),
        ],
      };
    });
    const { code, lines } = await doctor(['--send-test']);
    expect(code).toBe(0);
    const put = logs.commandCalls(PutLogEventsCommand)[0]!.args[0].input;
    expect(put.logGroupName).toBe(GROUP);
    expect(put.logStreamName).toMatch(/^upstream-triage-doctor-\d+$/);
    expect(logs.commandCalls(CreateLogStreamCommand)[0]!.args[0].input.logStreamName).toBe(put.logStreamName);
    expect(logs.commandCalls(FilterLogEventsCommand)[0]!.args[0].input.logGroupName).toBe(CLASSIFIED);
    expect(line(lines, 'test line classified')).toMatch(/^ok .*12 s after/);
    expect(line(lines, 'test alert published')).toMatch(/^ok .*14 s after/);
    // The test line is one the real classifier reads as a cause that pages on first sight.
    const message = put.logEvents?.[0]?.message ?? '';
    expect(classifyLine(parseErrorLine(message)).cause).toBe('socket_permission');
  });

  it('--send-test without an alert within --wait fails', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    const { code, lines } = await doctor(['--send-test', '--wait', '30']);
    expect(code).toBe(1);
    expect(line(lines, 'test line classified')).toMatch(/^FAIL .*within 30 s/);
    expect(line(lines, 'test alert published')).toMatch(/^FAIL/);
    expect(logs.commandCalls(FilterLogEventsCommand).length).toBe(6);
  });

  it('--preflight: a missing group and a group whose two filter slots are taken fail before any deploy', async () => {
    logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/missing' }).resolves({ logGroups: [] });
    logs
      .on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/full' })
      .resolves({ logGroups: [{ logGroupName: '/full' }] });
    logs
      .on(DescribeSubscriptionFiltersCommand, { logGroupName: '/full' })
      .resolves({ subscriptionFilters: [{ filterName: 'datadog' }, { filterName: 'splunk' }] });
    const { code, lines } = await doctor(['--preflight', '--log-groups', `/missing,/full,${GROUP}`]);
    expect(code).toBe(1);
    expect(line(lines, 'log group /missing')).toMatch(/^FAIL .*does not exist/);
    expect(line(lines, 'log group /full')).toMatch(/^FAIL .*datadog, splunk.*accountPolicy=true/);
    // Our own filter already there does not take a slot from us (a redeploy).
    expect(line(lines, `log group ${GROUP}`)).toMatch(/^ok .*2 of 2 filter slots free/);
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(0);
  });

  it('usage mistakes exit through UsageError', async () => {
    await expect(doctor(['--preflight'])).rejects.toThrow(/--log-groups/);
    await expect(doctor(['--wait', 'soon'])).rejects.toThrow(/--wait/);
  });

  it('the test line helper writes nginx time and the marker', () => {
    expect(testLine(NOW, 'm-1')).toMatch(/^2026\/11\/22 10:00:00 \[crit\] .*request: "GET \/m-1 HTTP\/1.1"/);
  });
});
