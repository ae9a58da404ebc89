import { gzipSync } from 'node:zlib';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '#functions/adapters/DynamoStateStore.ts';
import { SnsAlertPublisher } from '#functions/adapters/SnsAlertPublisher.ts';
import {
  IngestError,
  PayloadNotBase64Error,
  PayloadNotGzipError,
  PayloadNotJsonError,
  PayloadShapeError,
} from '#functions/errors.ts';
import { createHandler } from '#functions/ingest/createHandler.ts';
import { DEFAULT_ENGINE_SETTINGS } from '#shared/engine/config/EngineSettings.ts';
import { incidentSlot } from '#shared/engine/store/incidentSlot.ts';
import type { StateStore } from '#shared/engine/store/StateStore.ts';
import {
  awslogsEvent,
  awslogsEventFromBytes,
  awslogsEventFromJson,
  controlMessageEvent,
  eventId,
  type PayloadEvent,
} from './support/awslogsPayload.ts';
import { type Dynalite, startDynalite, TEST_CREDENTIALS, TEST_REGION } from './support/dynalite.ts';
import { cloudWatchEventsFromLines, exampleLines, nginxTimeMs, shuffle } from './support/examples.ts';
import { RecordingMetrics } from './support/recorders.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:upstream-triage-alerts';
const LOG_GROUP = '/ec2/shop/nginx/error.log';
const STREAM = 'i-0a1b2c3d4e5f60718';
const NOW = Date.parse('2026-11-22T02:20:00Z');

let dynalite: Dynalite;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => dynalite?.stop());

// The SNS client is the one thing mocked: at the SDK boundary, one instance, so every other part is real.
const sns = new SNSClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
const snsMock = mockClient(sns);
beforeEach(() => {
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
});
afterAll(() => snsMock.restore());

/** Counts the store's write calls (the DynamoDB requests that cost write units). */
function countWrites(store: StateStore): { store: StateStore; writes: Record<string, number> } {
  const writes: Record<string, number> = {};
  const writing = new Set([
    'markBatchApplied',
    'markBatchDone',
    'putIncident',
    'putActivity',
    'putDeployWindow',
    'claimAlert',
    'confirmAlert',
    'releaseAlert',
  ]);
  const counted = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function' || !writing.has(String(name)))
        return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        writes[String(name)] = (writes[String(name)] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: counted, writes };
}

async function setup() {
  const { store, writes } = countWrites(new DynamoStateStore(dynalite.doc, await dynalite.createTable()));
  const metrics = new RecordingMetrics();
  const logs: Record<string, unknown>[] = [];
  const handler = createHandler({
    store,
    publisher: new SnsAlertPublisher(sns, TOPIC),
    metrics,
    log: (record) => logs.push(record as Record<string, unknown>),
    engine: DEFAULT_ENGINE_SETTINGS,
    instancePattern: undefined,
    clock: () => NOW,
  });
  return { store, metrics, logs, handler, writes };
}

const published = () => snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input);
const single = exampleLines('single/error.log');
const singleEvent = (events = cloudWatchEventsFromLines(single)) =>
  awslogsEvent(events, { logGroup: LOG_GROUP, logStream: STREAM });

/** A real socket-permission line (config: pages on first sight), repeated a second apart. */
function permissionEvents(from: number, count: number, start = 0): PayloadEvent[] {
  const line = single.find((l) => l.includes('(13: Permission denied)')) ?? '';
  const t0 = nginxTimeMs(line) ?? 0;
  return Array.from({ length: count }, (_, i) => {
    const timestamp = t0 + (start + i) * 1000;
    return { id: eventId(timestamp, from + i), timestamp, message: line };
  });
}

describe('ingest handler on dynalite (SNS mocked at the SDK boundary)', () => {
  it('classifies a real capture, pages what the engine decides, logs upstream events and counts everything', async () => {
    const { handler, metrics, logs } = await setup();
    const result = await handler(singleEvent(shuffle(cloudWatchEventsFromLines(single))));
    expect(result).toMatchObject({ status: 'processed', events: 44 });

    const messages = published();
    expect(messages.length).toBeGreaterThan(0);
    const pages = messages.filter((m) => m.MessageAttributes?.kind?.StringValue === 'page');
    expect(pages.map((m) => m.MessageAttributes?.cause?.StringValue)).toContain('socket_permission');
    for (const m of messages) {
      expect(m.TopicArn).toBe(TOPIC);
      expect(m.MessageStructure).toBeUndefined();
      expect(m.Subject?.length).toBeLessThanOrEqual(100);
      expect(m.Subject).toMatch(/^[\x20-\x7e]+$/);
      expect(m.Message?.length).toBeGreaterThan(0);
      expect(m.MessageAttributes?.instance?.StringValue).toBe(STREAM);
      expect(m.MessageAttributes?.logGroup?.StringValue).toBe(LOG_GROUP);
    }
    expect(new Set(messages.map((m) => m.Subject)).size).toBe(messages.length);

    // One upstream_event line per upstream entry: not the lifecycle, noise or the reassembled trace's lines.
    const upstream = logs.filter((l) => l.type === 'upstream_event');
    const [batch] = metrics.batches;
    const upstreamCauses = Object.entries(batch?.byCause ?? {}).filter(
      ([cause]) =>
        ![
          'nginx_start',
          'nginx_reload',
          'nginx_stop',
          'client_closed',
          'client_body_too_large',
          'upstream_server_disabled',
        ].includes(cause),
    );
    expect(upstream).toHaveLength(upstreamCauses.reduce((n, [, c]) => n + c, 0));
    expect(upstream.every((l) => l.logGroup === LOG_GROUP && l.instance === STREAM)).toBe(true);
    expect(upstream.find((l) => l.cause === 'socket_permission')).toMatchObject({
      status: 502,
      time: '2026-11-22T02:15:23.000Z',
      request: 'GET /api/socket-permission HTTP/1.1',
    });

    expect(batch).toMatchObject({
      logGroup: LOG_GROUP,
      events: 44,
      unparsedLines: 0,
      alertsSent: messages.length,
      instances: [STREAM],
    });
    expect(batch?.byStatus['502']).toBeGreaterThan(5);
    expect(batch?.incidentsOpened).toBeGreaterThanOrEqual(pages.length);
  });

  it('changes nothing when the same batch is delivered again: counts unchanged, one page', async () => {
    const { handler, store, metrics, logs } = await setup();
    const event = awslogsEvent(permissionEvents(0, 6), { logGroup: LOG_GROUP, logStream: STREAM });
    expect(await handler(event)).toMatchObject({ status: 'processed', alertsSent: 1 });
    const slot = incidentSlot(LOG_GROUP, STREAM, 'socket_permission');
    const before = await store.getIncident(slot);
    const logged = logs.length;

    expect(await handler(event)).toMatchObject({ status: 'duplicate' });
    expect(await store.getIncident(slot)).toEqual(before);
    expect(before?.count).toBe(6);
    expect(published()).toHaveLength(1);
    expect(logs).toHaveLength(logged);
    expect(metrics.batches).toHaveLength(1);
    expect(metrics.batches[0]?.incidentsOpened).toBe(1);
  });

  it('sends one page when two batches of the same incident are processed at once', async () => {
    const { handler, store } = await setup();
    const a = awslogsEvent(permissionEvents(0, 5, 0), { logGroup: LOG_GROUP, logStream: STREAM });
    const b = awslogsEvent(permissionEvents(5, 5, 5), { logGroup: LOG_GROUP, logStream: STREAM });
    await Promise.all([handler(a), handler(b)]);
    expect(published().filter((m) => m.MessageAttributes?.kind?.StringValue === 'page')).toHaveLength(1);
    expect((await store.getIncident(incidentSlot(LOG_GROUP, STREAM, 'socket_permission')))?.count).toBe(10);
  });

  it('sends one page when the same batch is delivered twice at once', async () => {
    const { handler, store } = await setup();
    const event = awslogsEvent(permissionEvents(0, 4), { logGroup: LOG_GROUP, logStream: STREAM });
    await Promise.all([handler(event), handler(event)]);
    expect(published()).toHaveLength(1);
    expect((await store.getIncident(incidentSlot(LOG_GROUP, STREAM, 'socket_permission')))?.count).toBe(4);
  });

  it('fails when SNS fails (claim released, batch not done), and the retry pages once', async () => {
    const { handler, store, metrics } = await setup();
    const event = awslogsEvent(permissionEvents(0, 3), { logGroup: LOG_GROUP, logStream: STREAM });
    snsMock
      .on(PublishCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' }));
    const error = await handler(event).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AlertDeliveryError', cause: { name: 'PublishError' } });
    expect(metrics.batches).toHaveLength(0);

    snsMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-2' });
    expect(await handler(event)).toMatchObject({ status: 'processed', alertsSent: 1 });
    expect(published()).toHaveLength(1);
    expect((await store.getIncident(incidentSlot(LOG_GROUP, STREAM, 'socket_permission')))?.count).toBe(3);
    // The failed attempt emitted nothing; the retry counts the incident the failed attempt opened.
    expect(metrics.batches.map((b) => b.incidentsOpened)).toEqual([1]);
    expect(await handler(event)).toMatchObject({ status: 'duplicate' });
  });

  it('ignores a CONTROL_MESSAGE without error and counts it', async () => {
    const { handler, metrics } = await setup();
    expect(await handler(controlMessageEvent())).toEqual({ status: 'control' });
    expect(metrics.controlMessages).toBe(1);
    expect(metrics.batches).toHaveLength(0);
    expect(published()).toHaveLength(0);
  });

  it.each([
    ['not base64', { awslogs: { data: '%%% not base64 %%%' } }, PayloadNotBase64Error],
    ['not gzip', awslogsEventFromBytes('{"messageType":"DATA_MESSAGE"}'), PayloadNotGzipError],
    [
      'not JSON',
      awslogsEventFromBytes(gzipSync('2026/11/22 02:15:23 [error] plain text, gzipped')),
      PayloadNotJsonError,
    ],
    [
      'the wrong shape',
      awslogsEventFromJson({ messageType: 'DATA_MESSAGE', logGroup: LOG_GROUP }),
      PayloadShapeError,
    ],
    ['empty logEvents', awslogsEvent([], { logGroup: LOG_GROUP }), PayloadShapeError],
    ['not a subscription event at all', { Records: [{ body: 'x' }] }, PayloadShapeError],
  ])(
    'fails with a typed error on a payload that is %s, touching nothing',
    async (_name, event, errorClass) => {
      const { handler, metrics, store } = await setup();
      const error = await handler(event).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(errorClass);
      expect(error).toBeInstanceOf(IngestError);
      expect(published()).toHaveLength(0);
      expect(metrics.batches).toHaveLength(0);
      expect(await store.listIncidents({ openOnly: true })).toEqual([]);
    },
  );

  it('aggregates a 10 000-event batch into a handful of store writes', async () => {
    const { handler, writes, metrics } = await setup();
    // Real lines of one instance's rolling restart, repeated over five minutes (30 events a second).
    const lines = exampleLines('rolling-deploy/i-0a1b2c3d4e5f60001.log');
    const t0 = nginxTimeMs(lines[0] ?? '') ?? 0;
    const events: PayloadEvent[] = Array.from({ length: 10_000 }, (_, i) => {
      const timestamp = t0 + Math.floor(i / 30) * 1000;
      return { id: eventId(timestamp, i), timestamp, message: lines[i % lines.length] ?? '' };
    });
    const result = await handler(awslogsEvent(shuffle(events), { logGroup: LOG_GROUP, logStream: STREAM }));
    expect(result).toMatchObject({ status: 'processed', events: 10_000 });
    expect(metrics.batches[0]).toMatchObject({ byCause: { upstream_refused: 10_000 }, incidentsOpened: 1 });
    const total = Object.values(writes).reduce((a, b) => a + b, 0);
    console.info(`10 000 events: ${total} store writes ${JSON.stringify(writes)}`);
    expect(total, JSON.stringify(writes)).toBeLessThan(20);
    expect(writes.markBatchDone).toBe(1);
  });

  it('counts junk, binary and huge lines as unparsed and still processes the batch', async () => {
    const { handler, metrics } = await setup();
    const t = nginxTimeMs(single[6] ?? '') ?? 0;
    const events: PayloadEvent[] = [
      { timestamp: t, message: single[6] ?? '' },
      { timestamp: t + 1, message: '\u0000\u0001\u0002 binary \ufffd' },
      { timestamp: t + 2, message: 'GET /health 200 - ELB-HealthChecker/2.0' },
      { timestamp: t + 3, message: `2026/11/22 02:15:23 [error] ${'A'.repeat(200_000)}` },
      { timestamp: t + 4, message: '' },
    ];
    expect(await handler(awslogsEvent(events, { logGroup: LOG_GROUP, logStream: STREAM }))).toMatchObject({
      status: 'processed',
      events: 5,
    });
    expect(metrics.batches[0]).toMatchObject({ unparsedLines: 4, byCause: { upstream_refused: 1 } });
  });
});
