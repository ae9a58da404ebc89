import { PassThrough } from 'node:stream';
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  ResourceNotFoundException,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueryCommand } from '../../cli/commands/query.ts';
import type { CliIo } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

function captureIo(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const io: CliIo = { stdin: new PassThrough(), stdout, stderr, env };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

const logs = mockClient(CloudWatchLogsClient);
afterEach(() => logs.reset());

/** The command with a fake clock: sleeping advances it, so timeouts are tested without waiting. */
function command() {
  let now = NOW;
  const sleeps: number[] = [];
  const run = createQueryCommand({
    createClient: ({ region }) =>
      new CloudWatchLogsClient({
        region: region ?? 'eu-west-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      }),
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  });
  return { run, sleeps };
}

const row = (fields: Record<string, string>) => [
  ...Object.entries(fields).map(([field, value]) => ({ field, value })),
  { field: '@ptr', value: 'CmQKKwonMTIz' },
];

const EVENTS = [
  row({
    time: '2026-01-15T11:59:58.000Z',
    status: '502',
    cause: 'upstream_refused',
    instance: 'i-0abc',
    upstream: 'http://127.0.0.1:8080/api',
    request: 'GET /api HTTP/1.1',
    logGroup: '/ec2/nginx/error',
    raw: '2026/01/15 11:59:58 [error] 12#12: *1 connect() failed (111: Connection refused)',
  }),
  row({
    time: '2026-01-15T11:59:50.000Z',
    status: '504',
    cause: 'upstream_timeout',
    instance: 'i-0def',
    deployment: 'd-ABC',
    // A hostile request line: an ANSI escape must not reach the terminal.
    request: 'GET /\u001b[2J HTTP/1.1',
    raw: 'x',
  }),
];

describe('upstream-triage query', () => {
  it('starts one query on the classified-events log group for the period, polls until complete, prints a table', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q-1' });
    logs
      .on(GetQueryResultsCommand)
      .resolvesOnce({ status: 'Scheduled' })
      .resolvesOnce({ status: 'Running' })
      .resolves({ status: 'Complete', results: EVENTS });
    const { run, sleeps } = command();
    const { io, out } = captureIo({ UPSTREAM_TRIAGE_LOG_GROUP: '/upstream-triage/Prod/classified-events' });

    const code = await run(
      ['--since', '2h', '--cause', 'upstream_refused,upstream_timeout', '--limit', '50'],
      io,
    );

    expect(code).toBe(0);
    const start = logs.commandCalls(StartQueryCommand);
    expect(start).toHaveLength(1);
    const input = start[0]!.args[0].input;
    expect(input.logGroupNames).toEqual(['/upstream-triage/Prod/classified-events']);
    expect(input.endTime).toBe(NOW / 1000);
    expect(input.startTime).toBe(NOW / 1000 - 7200);
    expect(input.limit).toBe(50);
    expect(input.queryString).toContain('filter cause in ["upstream_refused", "upstream_timeout"]');
    expect(input.queryString).toContain('| limit 50');
    expect(logs.commandCalls(GetQueryResultsCommand)).toHaveLength(3);
    expect(logs.commandCalls(GetQueryResultsCommand)[0]!.args[0].input).toEqual({ queryId: 'q-1' });
    expect(sleeps).toEqual([250, 400]);

    const lines = out().trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^time \(UTC\)\s+status\s+count\s+cause\s+instance\s+deployment\s+upstream\s+request$/,
    );
    expect(lines[1]).toMatch(
      /^2026-01-15T11:59:58\.000Z\s+502\s+\S+\s+upstream_refused\s+i-0abc\s+-\s+http:\/\/127\.0\.0\.1:8080\/api/,
    );
    // Aligned: every column starts at the same offset on every row.
    expect(lines[1]!.indexOf('upstream_refused')).toBe(lines[0]!.indexOf('cause'));
    expect(lines[2]!.indexOf('upstream_timeout')).toBe(lines[0]!.indexOf('cause'));
    expect(out()).not.toContain('\u001b');
    expect(out()).toContain('GET /\\x1b[2J HTTP/1.1');
    expect(lines.at(-1)).toBe('2 events');
  });

  it('--format json prints every field except @ptr, raw line included', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q-2' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: EVENTS });
    const { io, out } = captureIo();

    expect(await command().run(['--format', 'json', '--instance', 'i-0abc'], io)).toBe(0);

    const parsed = JSON.parse(out()) as Record<string, string>[];
    expect(parsed).toHaveLength(2);
    expect(parsed[0]).toMatchObject({
      cause: 'upstream_refused',
      raw: expect.stringContaining('Connection refused'),
    });
    expect(parsed[0]).not.toHaveProperty('@ptr');
    expect(parsed[1]!.request).toBe('GET /\u001b[2J HTTP/1.1');
    expect(out()).not.toContain('\u001b');
    const input = logs.commandCalls(StartQueryCommand)[0]!.args[0].input;
    expect(input.logGroupNames).toEqual(['/upstream-triage/UpstreamTriage/classified-events']);
    expect(input.queryString).toContain('filter instance = "i-0abc"');
    expect(input.startTime).toBe(NOW / 1000 - 3600);
  });

  it('--log-group wins over the environment', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [] });
    const { io, out } = captureIo({ UPSTREAM_TRIAGE_LOG_GROUP: '/from/env' });
    expect(await command().run(['--log-group', '/from/flag'], io)).toBe(0);
    expect(logs.commandCalls(StartQueryCommand)[0]!.args[0].input.logGroupNames).toEqual(['/from/flag']);
    expect(out()).toBe('no classified upstream events in /from/flag for this period\n');
  });

  it('stops the query and fails when it does not finish before --timeout', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q-slow' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Running' });
    logs.on(StopQueryCommand).resolves({ success: true });
    const { run, sleeps } = command();

    await expect(run(['--timeout', '10s'], captureIo().io)).rejects.toThrow(/did not finish in time/);
    expect(logs.commandCalls(StopQueryCommand)[0]!.args[0].input).toEqual({ queryId: 'q-slow' });
    // Backed off to 2 s polls and never slept past the deadline.
    expect(Math.max(...sleeps)).toBe(2000);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000);
  });

  it.each(['Failed', 'Cancelled', 'Timeout'])('fails when the query ends %s', async (status) => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q' });
    logs.on(GetQueryResultsCommand).resolves({ status: status as 'Failed' });
    await expect(command().run([], captureIo().io)).rejects.toThrow(`ended with status ${status}`);
  });

  it('names the log group and how to fix it when it does not exist (exit 1 through main)', async () => {
    logs
      .on(StartQueryCommand)
      .rejects(new ResourceNotFoundException({ message: 'Log group does not exist', $metadata: {} }));
    const { io, err } = captureIo({ UPSTREAM_TRIAGE_LOG_GROUP: '/upstream-triage/Gone/classified-events' });
    expect(await main(['query'], io)).toBe(1);
    expect(err()).toContain('log group /upstream-triage/Gone/classified-events not found');
    expect(err()).toContain('--log-group');
  });

  it.each([
    ['an unknown cause', ['--cause', 'upstream_refused,bogus'], "unknown cause 'bogus'"],
    ['a bad duration', ['--since', '1y'], "'1y' is not a duration"],
    ['a bad format', ['--format', 'csv'], '--format must be text or json'],
    ['a bad limit', ['--limit', 'many'], '--limit must be a whole number'],
    ['a limit above the cap', ['--limit', '20000'], 'limit must be a whole number from 1 to 10000'],
    ['a control character', ['--instance', 'i-1\nx'], 'instance contains control characters'],
    ['a bad log group', ['--log-group', 'no spaces allowed'], 'is not a log group name'],
    ['an unknown flag', ['--bogus'], "Unknown option '--bogus'"],
  ])('%s is a usage error (exit 2) and calls nothing', async (_name, argv, message) => {
    const { io, err } = captureIo();
    expect(await main(['query', ...argv], io)).toBe(2);
    expect(err()).toContain(message);
    expect(logs.calls()).toHaveLength(0);
  });

  it('--help prints the options', async () => {
    const { io, out } = captureIo();
    expect(await main(['query', '--help'], io)).toBe(0);
    expect(out()).toContain('--since DURATION');
    expect(out()).toContain('$UPSTREAM_TRIAGE_LOG_GROUP');
  });
});
