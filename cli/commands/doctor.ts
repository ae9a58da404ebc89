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
import { ALERT_PUBLISHED, OUTPUT, subscriptionFilterName } from '#shared/contract/index.ts';
import { DEFAULT_STACK_NAME } from '#shared/query/index.ts';
import { parseCommandArgs } from '../args.ts';
import { type CliIo, UsageError } from '../io.ts';

const HELP = `usage: upstream-triage doctor [--stack NAME] [--region R] [--send-test [--log-group NAME] [--wait 180]]
       upstream-triage doctor --preflight --log-groups A,B [--stack NAME] [--region R]

Checks a deployed stack end to end and prints one line per check (ok, warn, FAIL):
  stack outputs; each source log group present and receiving (last event within --max-silence);
  the subscription filters (or the account policy) in place; topic subscriptions confirmed;
  the functions' errors and throttles in the last hour.
  --send-test       also put a test line (a socket permission error, which pages at once) into a
                    source log group and report when ingest classified it and when the alert was
                    published. The test stream is named upstream-triage-doctor-<time>: it shows up
                    as an instance of that name in the alert.
  --log-group NAME  where --send-test writes (default: the first configured log group)
  --wait SECONDS    how long --send-test waits for the alert (default 180)
  --max-silence MIN a source log group whose last event is older is a warning (default 60)
  --preflight       before the first deploy: check that each of --log-groups exists and has a free
                    subscription filter slot (at most 2 per group)
  --stack NAME      the stack name (default ${DEFAULT_STACK_NAME})
Credentials and region come from the usual AWS settings (AWS_PROFILE, AWS_REGION, ...).
Exit codes: 0 every check ok or warn, 1 a check failed, 2 usage error.
`;

export type CheckStatus = 'ok' | 'warn' | 'fail';
export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
}

/** The AWS clients the doctor talks to; tests pass clients mocked at the SDK boundary. */
export interface DoctorClients {
  cloudformation: CloudFormationClient;
  logs: CloudWatchLogsClient;
  sns: SNSClient;
  cloudwatch: CloudWatchClient;
}

export interface DoctorDeps {
  createClients: (options: { region?: string }) => DoctorClients;
  /** Epoch milliseconds. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

const defaultDeps: DoctorDeps = {
  createClients: ({ region }) => {
    const config = region === undefined ? {} : { region };
    return {
      cloudformation: new CloudFormationClient(config),
      logs: new CloudWatchLogsClient(config),
      sns: new SNSClient(config),
      cloudwatch: new CloudWatchClient(config),
    };
  },
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface Options {
  stack: string;
  region?: string;
  sendTest: boolean;
  logGroup?: string;
  waitSeconds: number;
  maxSilenceMinutes: number;
  preflight: boolean;
  logGroups: string[];
}

/** At most 2 subscription filters per log group (CloudWatch Logs quota). */
const FILTER_SLOTS = 2;
const POLL_MS = 5_000;

/** Builds the `doctor` command around its dependencies. */
export function createDoctorCommand(deps: DoctorDeps): (argv: string[], io: CliIo) => Promise<number> {
  return async (argv, io) => {
    const options = readOptions(argv, io.env);
    if (options === 'help') {
      io.stdout.write(HELP);
      return 0;
    }
    const clients = deps.createClients(options.region === undefined ? {} : { region: options.region });
    const checks: Check[] = [];
    const report = (check: Check) => {
      checks.push(check);
      const mark = check.status === 'ok' ? 'ok  ' : check.status === 'warn' ? 'warn' : 'FAIL';
      io.stdout.write(`${mark}  ${check.name}: ${check.detail}\n`);
    };
    try {
      if (options.preflight) await preflight(clients, options, report);
      else await diagnose(clients, options, deps, report);
    } finally {
      for (const client of Object.values(clients)) client.destroy();
    }
    const failed = checks.filter((c) => c.status === 'fail').length;
    io.stdout.write(
      failed === 0 ? `all ${checks.length} checks passed\n` : `${failed} of ${checks.length} checks failed\n`,
    );
    return failed === 0 ? 0 : 1;
  };
}

export const run = createDoctorCommand(defaultDeps);

function readOptions(argv: string[], env: CliIo['env']): Options | 'help' {
  const { values } = parseCommandArgs({
    args: argv,
    options: {
      stack: { type: 'string' },
      region: { type: 'string' },
      'send-test': { type: 'boolean' },
      'log-group': { type: 'string' },
      'log-groups': { type: 'string' },
      wait: { type: 'string' },
      'max-silence': { type: 'string' },
      preflight: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const number = (flag: string, value: string | undefined, fallback: number, max: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1 || n > max)
      throw new UsageError(`--${flag} must be a whole number from 1 to ${max}`);
    return n;
  };
  const logGroups = (values['log-groups'] ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter((g) => g !== '');
  if (values.preflight && logGroups.length === 0)
    throw new UsageError('--preflight needs --log-groups: the log groups you will deploy with');
  if (values.preflight && values['send-test'])
    throw new UsageError('--preflight and --send-test do not go together');
  const region = values.region ?? env.AWS_REGION;
  return {
    stack: values.stack ?? DEFAULT_STACK_NAME,
    ...(region !== undefined && { region }),
    sendTest: values['send-test'] ?? false,
    ...(values['log-group'] !== undefined && { logGroup: values['log-group'] }),
    waitSeconds: number('wait', values.wait, 180, 900),
    maxSilenceMinutes: number('max-silence', values['max-silence'], 60, 10_080),
    preflight: values.preflight ?? false,
    logGroups,
  };
}

const message = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Whether the group exists and which subscription filters it has; undefined when it does not exist. */
async function filtersOf(logs: CloudWatchLogsClient, logGroupName: string) {
  const found = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName, limit: 5 }));
  if (!(found.logGroups ?? []).some((g) => g.logGroupName === logGroupName)) return undefined;
  const out = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName }));
  return out.subscriptionFilters ?? [];
}

async function preflight(
  clients: DoctorClients,
  options: Options,
  report: (c: Check) => void,
): Promise<void> {
  const ours = subscriptionFilterName(options.stack);
  for (const logGroup of options.logGroups) {
    const name = `log group ${logGroup}`;
    try {
      const filters = await filtersOf(clients.logs, logGroup);
      if (filters === undefined) {
        report({
          name,
          status: 'fail',
          detail:
            'does not exist in this account and region (the deploy would fail); check the name and --region, or start the agent first',
        });
        continue;
      }
      const others = filters.filter((f) => f.filterName !== ours);
      if (others.length >= FILTER_SLOTS) {
        report({
          name,
          status: 'fail',
          detail: `both subscription filter slots are taken (${others.map((f) => f.filterName).join(', ')}): remove one, or deploy with -c accountPolicy=true`,
        });
      } else {
        report({
          name,
          status: 'ok',
          detail: `exists, ${FILTER_SLOTS - others.length} of ${FILTER_SLOTS} filter slots free for ${ours}`,
        });
      }
    } catch (error) {
      report({ name, status: 'fail', detail: message(error) });
    }
  }
}

async function stackOutputs(
  cloudformation: CloudFormationClient,
  stack: string,
): Promise<Record<string, string>> {
  const out = await cloudformation.send(new DescribeStacksCommand({ StackName: stack }));
  const outputs: Record<string, string> = {};
  for (const o of out.Stacks?.[0]?.Outputs ?? []) {
    if (o.OutputKey !== undefined && o.OutputValue !== undefined) outputs[o.OutputKey] = o.OutputValue;
  }
  return outputs;
}

async function diagnose(
  clients: DoctorClients,
  options: Options,
  deps: DoctorDeps,
  report: (c: Check) => void,
): Promise<void> {
  let outputs: Record<string, string>;
  try {
    outputs = await stackOutputs(clients.cloudformation, options.stack);
    report({ name: 'stack', status: 'ok', detail: `${options.stack} deployed` });
  } catch (error) {
    report({
      name: 'stack',
      status: 'fail',
      detail: `${options.stack}: ${message(error)} (deployed? right --region?)`,
    });
    return;
  }
  const logGroups = parseGroups(outputs[OUTPUT.sourceLogGroups]);
  const filterName = outputs[OUTPUT.filterName] ?? subscriptionFilterName(options.stack);
  const now = deps.now();

  let policy: string | undefined;
  try {
    policy = await accountPolicy(clients.logs, filterName);
  } catch {
    policy = undefined;
  }
  if (policy !== undefined) {
    report({ name: 'account policy', status: 'ok', detail: `${filterName}: ${policy}` });
  }
  for (const logGroup of logGroups)
    await checkLogGroup(clients.logs, logGroup, filterName, policy !== undefined, options, now, report);
  if (logGroups.length === 0 && policy === undefined) {
    report({
      name: 'log groups',
      status: 'warn',
      detail: 'the stack lists no source log groups and no account policy was found',
    });
  }

  for (const [label, key] of [
    ['alert topic', OUTPUT.alertTopicArn],
    ['operations topic', OUTPUT.operationsTopicArn],
  ] as const) {
    const topicArn = outputs[key];
    if (topicArn !== undefined) await checkSubscriptions(clients.sns, label, topicArn, report);
  }
  await checkFunctions(
    clients.cloudwatch,
    (outputs[OUTPUT.functionNames] ?? '').split(',').filter(Boolean),
    now,
    report,
  );

  if (options.sendTest) {
    const target = options.logGroup ?? logGroups[0];
    const classified = outputs[OUTPUT.classifiedEventsLogGroup];
    if (target === undefined || classified === undefined) {
      report({
        name: 'send-test',
        status: 'fail',
        detail: 'no log group to write to: pass --log-group NAME',
      });
      return;
    }
    await sendTest(clients.logs, target, classified, options, deps, report);
  }
}

function parseGroups(text: string | undefined): string[] {
  if (text === undefined) return [];
  try {
    const json: unknown = JSON.parse(text);
    return Array.isArray(json) ? json.filter((g): g is string => typeof g === 'string') : [];
  } catch {
    return [];
  }
}

/** The account-level subscription policy of this stack, described, or undefined when there is none. */
async function accountPolicy(logs: CloudWatchLogsClient, policyName: string): Promise<string | undefined> {
  const out = await logs.send(
    new DescribeAccountPoliciesCommand({ policyType: 'SUBSCRIPTION_FILTER_POLICY', policyName }),
  );
  const found = (out.accountPolicies ?? []).find((p) => p.policyName === policyName);
  return found === undefined ? undefined : `applies to ${found.selectionCriteria ?? 'every log group'}`;
}

async function checkLogGroup(
  logs: CloudWatchLogsClient,
  logGroup: string,
  filterName: string,
  byPolicy: boolean,
  options: Options,
  now: number,
  report: (c: Check) => void,
): Promise<void> {
  const name = `log group ${logGroup}`;
  try {
    const filters = await filtersOf(logs, logGroup);
    if (filters === undefined) {
      report({ name, status: 'fail', detail: 'does not exist' });
      return;
    }
    const ours = filters.find((f) => f.filterName === filterName);
    if (ours === undefined && !byPolicy) {
      report({
        name: `${name} filter`,
        status: 'fail',
        detail: `no subscription filter ${filterName} (filters: ${filters.map((f) => f.filterName).join(', ') || 'none'})`,
      });
    } else {
      report({
        name: `${name} filter`,
        status: 'ok',
        detail:
          ours !== undefined ? `${filterName} -> ${ours.destinationArn}` : 'covered by the account policy',
      });
    }
    const streams = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: logGroup,
        orderBy: 'LastEventTime',
        descending: true,
        limit: 1,
      }),
    );
    const last = streams.logStreams?.[0]?.lastEventTimestamp;
    if (last === undefined) {
      report({
        name,
        status: 'warn',
        detail:
          'exists but has never received an event (agent running? instance role allows logs:PutLogEvents?)',
      });
    } else {
      const minutes = Math.round((now - last) / 60_000);
      report({
        name,
        status: minutes <= options.maxSilenceMinutes ? 'ok' : 'warn',
        detail: `last event ${minutes} min ago (stream ${streams.logStreams?.[0]?.logStreamName})`,
      });
    }
  } catch (error) {
    report({ name, status: 'fail', detail: message(error) });
  }
}

async function checkSubscriptions(
  sns: SNSClient,
  label: string,
  topicArn: string,
  report: (c: Check) => void,
) {
  try {
    const subscriptions = [];
    let token: string | undefined;
    for (let page = 0; page < 20; page++) {
      const out = await sns.send(
        new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: token }),
      );
      subscriptions.push(...(out.Subscriptions ?? []));
      token = out.NextToken;
      if (token === undefined) break;
    }
    const pending = subscriptions.filter((s) => s.SubscriptionArn === 'PendingConfirmation');
    const confirmed = subscriptions.length - pending.length;
    if (confirmed === 0) {
      report({
        name: label,
        status: 'fail',
        detail: `no confirmed subscription (${pending.length} pending: click the link in the AWS e-mail)`,
      });
    } else {
      report({
        name: label,
        status: pending.length > 0 ? 'warn' : 'ok',
        detail: `${confirmed} confirmed${pending.length > 0 ? `, ${pending.length} pending (${pending.map((s) => s.Endpoint).join(', ')})` : ''}`,
      });
    }
  } catch (error) {
    report({ name: label, status: 'fail', detail: message(error) });
  }
}

async function checkFunctions(
  cloudwatch: CloudWatchClient,
  functionNames: readonly string[],
  now: number,
  report: (c: Check) => void,
) {
  if (functionNames.length === 0) return;
  try {
    const queries = functionNames.flatMap((fn, i) =>
      (['Errors', 'Throttles'] as const).map((metric) => ({
        Id: `${metric.toLowerCase()}${i}`,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/Lambda',
            MetricName: metric,
            Dimensions: [{ Name: 'FunctionName', Value: fn }],
          },
          Period: 3600,
          Stat: 'Sum',
        },
      })),
    );
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(now - 3_600_000),
        EndTime: new Date(now),
      }),
    );
    const sum = (id: string) =>
      (out.MetricDataResults ?? []).find((r) => r.Id === id)?.Values?.reduce((a, b) => a + b, 0) ?? 0;
    functionNames.forEach((fn, i) => {
      const errors = sum(`errors${i}`);
      const throttles = sum(`throttles${i}`);
      report({
        name: `function ${fn}`,
        status: errors > 0 ? 'fail' : throttles > 0 ? 'warn' : 'ok',
        detail: `${errors} errors, ${throttles} throttles in the last hour${errors > 0 ? ' (see its log group and the on-failure queue)' : ''}`,
      });
    });
  } catch (error) {
    report({ name: 'functions', status: 'fail', detail: message(error) });
  }
}

/** nginx's error-log time format, UTC. */
function nginxTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** The test line: a unix-socket permission error, a config cause that pages on first sight. */
export function testLine(ms: number, marker: string): string {
  return `${nginxTime(ms)} [crit] 4242#4242: *1 connect() to unix:/run/${marker}.sock failed (13: Permission denied) while connecting to upstream, client: 127.0.0.1, server: doctor.invalid, request: "GET /${marker} HTTP/1.1", upstream: "http://unix:/run/${marker}.sock:/${marker}", host: "doctor.invalid"`;
}

async function sendTest(
  logs: CloudWatchLogsClient,
  logGroup: string,
  classified: string,
  options: Options,
  deps: DoctorDeps,
  report: (c: Check) => void,
): Promise<void> {
  const sentAt = deps.now();
  const marker = `upstream-triage-doctor-${sentAt}`;
  try {
    await logs.send(new CreateLogStreamCommand({ logGroupName: logGroup, logStreamName: marker }));
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: logGroup,
        logStreamName: marker,
        logEvents: [{ timestamp: sentAt, message: testLine(sentAt, marker) }],
      }),
    );
    report({
      name: 'send-test',
      status: 'ok',
      detail: `put a test line into ${logGroup} (stream ${marker})`,
    });
  } catch (error) {
    report({ name: 'send-test', status: 'fail', detail: `cannot write to ${logGroup}: ${message(error)}` });
    return;
  }
  const deadline = sentAt + options.waitSeconds * 1000;
  let classifiedAt: number | undefined;
  let publishedAt: number | undefined;
  while (deps.now() < deadline && publishedAt === undefined) {
    await deps.sleep(POLL_MS);
    let events: { message?: string; ingestionTime?: number }[] = [];
    try {
      const out = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: classified,
          startTime: sentAt - 60_000,
          filterPattern: `"${marker}"`,
          limit: 50,
        }),
      );
      events = out.events ?? [];
    } catch {
      // A failed poll is retried by the next one until the deadline.
    }
    for (const event of events) {
      const record = parse(event.message);
      if (record?.type === 'upstream_event') classifiedAt ??= event.ingestionTime ?? deps.now();
      if (record?.type === ALERT_PUBLISHED) publishedAt ??= event.ingestionTime ?? deps.now();
    }
  }
  const after = (t: number) => `${Math.round((t - sentAt) / 1000)} s after it was sent`;
  report(
    classifiedAt === undefined
      ? {
          name: 'test line classified',
          status: 'fail',
          detail: `not seen in ${classified} within ${options.waitSeconds} s (filter pattern? ingest errors?)`,
        }
      : { name: 'test line classified', status: 'ok', detail: after(classifiedAt) },
  );
  report(
    publishedAt === undefined
      ? {
          name: 'test alert published',
          status: 'fail',
          detail: `no alert published within ${options.waitSeconds} s`,
        }
      : {
          name: 'test alert published',
          status: 'ok',
          detail: `${after(publishedAt)}: check the inbox for "socket_permission" on ${marker}`,
        },
  );
}

function parse(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const json: unknown = JSON.parse(text);
    return typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
