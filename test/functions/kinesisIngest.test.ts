import { gzipSync } from 'node:zlib';
import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '#functions/adapters/DynamoStateStore.ts';
import { SnsAlertPublisher } from '#functions/adapters/SnsAlertPublisher.ts';
import { createHandler, createPayloadHandler } from '#functions/ingest/createHandler.ts';
import { createKinesisHandler, isKinesisEvent } from '#functions/ingest/kinesisEvent.ts';
import { DEFAULT_ENGINE_SETTINGS } from '#shared/engine/config/EngineSettings.ts';
import { eventId, type PayloadEvent, subscriptionMessage } from './support/awslogsPayload.ts';
import { type Dynalite, startDynalite, TEST_CREDENTIALS, TEST_REGION } from './support/dynalite.ts';
import { exampleLines, nginxTimeMs } from './support/examples.ts';
import { type Kinesalite, runEventSourceMapping, startKinesalite } from './support/kinesalite.ts';
import { RecordingMetrics } from './support/recorders.ts';

/*
 * The Kinesis path end to end, every part real but AWS itself: records put into kinesalite by the real
 * Kinesis SDK client exactly as CloudWatch Logs writes them (gzip of the awslogs JSON), read back in
 * the Lambda event shape, fed through the event source mapping's documented retry/bisect rules to
 * the ingest handler on dynalite. SNS is mocked at the SDK boundary.
 */
const HOME = '123456789012';
const OTHER = '111111111111';
const GROUP = '/ec2/nginx/error';
const TOPIC = `arn:aws:sns:${TEST_REGION}:${HOME}:alerts`;
const NOW = Date.parse('2026-11-22T02:20:00Z');

let dynalite: Dynalite;
let kinesis: Kinesalite;
beforeAll(async () => {
  [dynalite, kinesis] = await Promise.all([startDynalite(), startKinesalite()]);
});
afterAll(async () => {
  await Promise.all([dynalite?.stop(), kinesis?.stop()]);
});

const sns = new SNSClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
const snsMock = mockClient(sns);
beforeEach(() => {
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
});
afterAll(() => snsMock.restore());

const single = exampleLines('single/error.log');
/** A real socket-permission line (a config cause: pages on first sight), repeated a second apart. */
function permissionEvents(count: number, offset = 0): PayloadEvent[] {
  const line = single.find((l) => l.includes('(13: Permission denied)')) ?? '';
  const t0 = (nginxTimeMs(line) ?? 0) + offset;
  return Array.from({ length: count }, (_, i) => ({
    id: eventId(t0 + i * 1000, i),
    timestamp: t0 + i * 1000,
    message: line,
  }));
}

async function setup() {
  const store = new DynamoStateStore(dynalite.doc, await dynalite.createTable());
  const metrics = new RecordingMetrics();
  const logs: Record<string, unknown>[] = [];
  const deps = {
    store,
    publisher: new SnsAlertPublisher(sns, TOPIC),
    metrics,
    log: (record: object) => logs.push(record as Record<string, unknown>),
    engine: DEFAULT_ENGINE_SETTINGS,
    instancePattern: undefined,
    clock: () => NOW,
  };
  const handler = createKinesisHandler({
    handlePayload: createPayloadHandler(deps),
    log: deps.log,
    homeAccount: HOME,
  });
  return { handler, metrics, logs, subscription: createHandler(deps) };
}

/** Puts one record the way CloudWatch Logs does: gzip bytes of the subscription JSON, partition key = stream. */
async function put(streamName: string, json: unknown, partitionKey: string): Promise<string> {
  const out = await kinesis.client.send(
    new PutRecordCommand({
      StreamName: streamName,
      PartitionKey: partitionKey,
      Data: gzipSync(Buffer.from(JSON.stringify(json))),
    }),
  );
  return out.SequenceNumber ?? '';
}

describe('ingest from a Kinesis stream (kinesalite, real SDK) on dynalite', () => {
  it('reads records in the Lambda shape, bisects a poison record away, reports it, and counts every batch once', async () => {
    const stream = 'nginx-errors-1';
    await kinesis.createStream(stream);
    // What a Logs destination puts first: its test message.
    const control = await put(
      stream,
      {
        messageType: 'CONTROL_MESSAGE',
        owner: 'CloudwatchLogs',
        logGroup: '',
        logStream: '',
        subscriptionFilters: [],
        logEvents: [
          {
            id: '',
            timestamp: NOW,
            message: 'CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.',
          },
        ],
      },
      'control',
    );
    const a = await put(
      stream,
      subscriptionMessage(permissionEvents(3), {
        owner: HOME,
        logGroup: GROUP,
        logStream: 'i-0aaaaaaaaaaaaaaa1',
      }),
      'i-0aaaaaaaaaaaaaaa1',
    );
    const poisonOut = await kinesis.client.send(
      new PutRecordCommand({
        StreamName: stream,
        PartitionKey: 'junk',
        Data: Buffer.from('not gzip at all'),
      }),
    );
    const poison = poisonOut.SequenceNumber ?? '';
    const b = await put(
      stream,
      subscriptionMessage(permissionEvents(2, 60_000), {
        owner: HOME,
        logGroup: GROUP,
        logStream: 'i-0bbbbbbbbbbbbbbb2',
      }),
      'i-0bbbbbbbbbbbbbbb2',
    );
    const c = await put(
      stream,
      subscriptionMessage(permissionEvents(4, 120_000), {
        owner: OTHER,
        logGroup: GROUP,
        logStream: 'i-0ccccccccccccccc3',
      }),
      'i-0ccccccccccccccc3',
    );

    const records = await kinesis.readAsLambdaRecords(stream);
    expect(records.map((r) => r.kinesis.sequenceNumber)).toEqual([control, a, poison, b, c]);
    const event = { Records: records };
    expect(isKinesisEvent(event)).toBe(true);
    // The record payload is the same base64 + gzip JSON as a subscription invocation's awslogs.data.
    expect(Buffer.from(records[1]!.kinesis.data, 'base64').subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));

    const { handler, metrics, logs } = await setup();
    const run = await runEventSourceMapping(records, handler, {
      batchSize: 10,
      retryAttempts: 2,
      bisectBatchOnError: true,
    });

    // The poison record was reported each time it was tried, isolated by bisection, and given up alone.
    expect(run.reported.length).toBeGreaterThanOrEqual(3);
    expect(new Set(run.reported)).toEqual(new Set([poison]));
    expect(run.onFailure).toEqual([[poison]]);
    expect(run.invocations.at(-1)).not.toContain(poison);
    const failures = logs.filter((l) => l.type === 'kinesis_record_failed');
    expect(failures.length).toBe(run.reported.length);
    expect(String(failures[0]!.error)).toContain('PayloadNotGzipError');

    // Every data batch counted exactly once, the control message too, although b and c were retried.
    expect(metrics.controlMessages).toBe(1);
    const counted = metrics.batches.map((m) => [m.logGroup, m.instances.join(), m.events]);
    expect(counted).toEqual([
      [GROUP, 'i-0aaaaaaaaaaaaaaa1', 3],
      [GROUP, 'i-0bbbbbbbbbbbbbbb2', 2],
      [`${OTHER}:${GROUP}`, 'i-0ccccccccccccccc3', 4],
    ]);
    // The other account's page says which account: its log group is qualified by the owner.
    const pages = snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
    const fromOther = pages.filter(
      (p) => p.MessageAttributes?.instance?.StringValue === 'i-0ccccccccccccccc3',
    );
    expect(fromOther.length).toBeGreaterThan(0);
    for (const page of fromOther) {
      expect(page.MessageAttributes?.logGroup?.StringValue).toBe(`${OTHER}:${GROUP}`);
      expect(page.Message).toContain(OTHER);
    }
    const ownPages = pages.filter(
      (p) => p.MessageAttributes?.instance?.StringValue === 'i-0aaaaaaaaaaaaaaa1',
    );
    expect(ownPages.every((p) => p.MessageAttributes?.logGroup?.StringValue === GROUP)).toBe(true);
  });

  it('without bisect, records before a poison record are checkpointed and those after it are given up with it (why the stack bisects)', async () => {
    const stream = 'nginx-errors-2';
    await kinesis.createStream(stream);
    const a = await put(
      stream,
      subscriptionMessage(permissionEvents(2), {
        owner: HOME,
        logGroup: GROUP,
        logStream: 'i-0aaaaaaaaaaaaaaa1',
      }),
      'a',
    );
    const poison =
      (
        await kinesis.client.send(
          new PutRecordCommand({
            StreamName: stream,
            PartitionKey: 'p',
            Data: gzipSync('{"not":"awslogs"}'),
          }),
        )
      ).SequenceNumber ?? '';
    const b = await put(
      stream,
      subscriptionMessage(permissionEvents(2, 60_000), {
        owner: HOME,
        logGroup: GROUP,
        logStream: 'i-0bbbbbbbbbbbbbbb2',
      }),
      'b',
    );
    const records = await kinesis.readAsLambdaRecords(stream);
    const { handler, metrics } = await setup();
    const run = await runEventSourceMapping(records, handler, {
      batchSize: 10,
      retryAttempts: 1,
      bisectBatchOnError: false,
    });
    expect(run.invocations[0]).toEqual([a, poison, b]);
    // The retry starts at the poison record (a was checkpointed), then the rest goes on without it.
    expect(run.invocations[1]).toEqual([poison, b]);
    expect(run.onFailure).toEqual([[poison, b]]);
    // Without bisection the mapping gives up the whole remainder: b is lost to the on-failure queue.
    // This is why the stack turns bisection on.
    expect(metrics.batches.map((m) => m.instances.join())).toEqual(['i-0aaaaaaaaaaaaaaa1']);
  });

  it('the same handler entry takes a subscription event: the shape decides the path', async () => {
    const { subscription, metrics } = await setup();
    const awslogs = {
      awslogs: {
        data: gzipSync(
          JSON.stringify(
            subscriptionMessage(permissionEvents(1), {
              owner: HOME,
              logGroup: GROUP,
              logStream: 'i-0ddddddddddddddd4',
            }),
          ),
        ).toString('base64'),
      },
    };
    expect(isKinesisEvent(awslogs)).toBe(false);
    expect(isKinesisEvent({ Records: [] })).toBe(false);
    expect(isKinesisEvent({ Records: [{ eventSource: 'aws:sqs', body: '' }] })).toBe(false);
    expect(await subscription(awslogs)).toMatchObject({ status: 'processed', events: 1 });
    expect(metrics.batches).toHaveLength(1);
  });
});
