import { PassThrough } from 'node:stream';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readDeployEvent } from '#shared/deploy/readDeployEvent.ts';
import { DEPLOY_EVENT_PATTERNS } from '../../cdk/constructs/DeploySignals.ts';
import { createDeployCommand } from '../../cli/commands/deploy.ts';
import type { CliIo } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const events = mockClient(EventBridgeClient);
afterEach(() => events.reset());
// Through `main` the real client resolves region and credentials from the process environment.
const AWS_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEY1234',
  AWS_SECRET_ACCESS_KEY: 'x',
};
beforeEach(() => {
  for (const [k, v] of Object.entries(AWS_ENV)) vi.stubEnv(k, v);
});
afterEach(() => vi.unstubAllEnvs());

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const io: CliIo = { stdin: new PassThrough(), stdout, stderr, env: {} };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

const regions: (string | undefined)[] = [];
const run = createDeployCommand({
  createClient: ({ region }) => {
    regions.push(region);
    return new EventBridgeClient({
      region: region ?? 'eu-west-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
  },
  now: () => NOW,
});

describe('upstream-triage deploy', () => {
  it.each([
    ['start, whole fleet', ['start', '--id', 'build-42'], 'Deployment Started', { id: 'build-42' }],
    [
      'finish, some instances of one log group',
      [
        'finish',
        '--id',
        'build-42',
        '--instances',
        'i-0abc, i-0def,i-0abc',
        '--log-group',
        '/ec2/nginx/error',
        '--label',
        'web 1.4.2',
      ],
      'Deployment Finished',
      { id: 'build-42', instances: ['i-0abc', 'i-0def'], logGroup: '/ec2/nginx/error', label: 'web 1.4.2' },
    ],
  ])('%s: one PutEvents entry the stack rule matches', async (_name, argv, detailType, detail) => {
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'ev-1' }] });
    const { io, out } = captureIo();

    expect(await run(argv, io)).toBe(0);

    const calls = events.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(1);
    const entries = calls[0]!.args[0].input.Entries!;
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry.Source).toBe('upstream-triage');
    expect(entry.DetailType).toBe(detailType);
    expect(JSON.parse(entry.Detail!)).toEqual(detail);
    expect(entry.Time).toEqual(new Date(NOW));
    expect(entry.EventBusName).toBeUndefined();
    // What the CDK rule matches: a rename on either side breaks this.
    expect(DEPLOY_EVENT_PATTERNS.Custom.source).toContain(entry.Source);
    expect(DEPLOY_EVENT_PATTERNS.Custom.detailType).toContain(entry.DetailType);
    expect(out()).toBe(`sent ${detailType} for build-42 (event ev-1)\n`);

    // The deploy-events function reads it as a deploy signal for that id (the envelope EventBridge adds).
    const reading = readDeployEvent({
      version: '0',
      id: 'ev-1',
      source: entry.Source,
      'detail-type': entry.DetailType,
      account: '123456789012',
      time: entry.Time!.toISOString(),
      region: 'eu-west-1',
      resources: [],
      detail: JSON.parse(entry.Detail!),
    });
    expect(reading).toMatchObject({ kind: 'signal', signal: { key: 'build-42' } });
    if (reading.kind === 'signal') {
      expect(reading.signal[detailType === 'Deployment Started' ? 'start' : 'end']).toBe(NOW);
      expect(reading.signal.instances).toEqual((detail as { instances?: string[] }).instances);
    }
  });

  it('--event-bus and --region are passed on', async () => {
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'ev-2' }] });
    expect(
      await run(['start', '--id', 'x', '--event-bus', 'ops', '--region', 'us-east-2'], captureIo().io),
    ).toBe(0);
    expect(events.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!.EventBusName).toBe('ops');
    expect(regions.at(-1)).toBe('us-east-2');
  });

  it('a rejected entry is an error naming EventBridge reason', async () => {
    events.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'AccessDeniedException', ErrorMessage: 'not authorized' }],
    });
    await expect(run(['start', '--id', 'x'], captureIo().io)).rejects.toThrow(
      'EventBridge rejected the event: AccessDeniedException: not authorized',
    );
  });

  it('an SDK failure exits 1 through main with a one-line message', async () => {
    events
      .on(PutEventsCommand)
      .rejects(Object.assign(new Error('Missing credentials'), { name: 'CredentialsProviderError' }));
    const { io, err } = captureIo();
    expect(await main(['deploy', 'start', '--id', 'x'], io)).toBe(1);
    expect(err().trimEnd().split('\n').at(-1)).toBe(
      'upstream-triage deploy: PutEvents failed: CredentialsProviderError: Missing credentials',
    );
  });

  it.each([
    ['no phase', ['--id', 'x'], "expected 'start' or 'finish', got nothing"],
    ['a wrong phase', ['begin', '--id', 'x'], "expected 'start' or 'finish', got 'begin'"],
    ['no id', ['start'], '--id is required'],
    ['an id with a space', ['start', '--id', 'a b'], "--id 'a b' must be"],
    ['an id with a control character', ['start', '--id', 'a\u001b[2J'], "--id 'a\\x1b[2J' must be"],
    ['a bad instance', ['start', '--id', 'x', '--instances', 'i-1,<script>'], "--instances '<script>'"],
    ['an empty instance list', ['start', '--id', 'x', '--instances', ' , '], '--instances'],
    ['a bad log group', ['start', '--id', 'x', '--log-group', 'a b'], "--log-group 'a b'"],
    ['an empty label', ['start', '--id', 'x', '--label', ' '], '--label must be'],
    ['a label with a line break', ['start', '--id', 'x', '--label', 'a\nb'], '--label must be'],
    ['an extra argument', ['start', 'now', '--id', 'x'], "unexpected argument 'now'"],
  ])('%s is a usage error (exit 2) and sends nothing', async (_name, argv, message) => {
    const { io, err } = captureIo();
    expect(await main(['deploy', ...argv], io)).toBe(2);
    expect(err()).toContain(message);
    expect(events.calls()).toHaveLength(0);
  });
});
