import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  IngestError,
  PayloadNotBase64Error,
  PayloadNotGzipError,
  PayloadNotJsonError,
  PayloadShapeError,
  PayloadTooLargeError,
} from '#functions/errors.ts';
import { decodeAwslogs, MAX_INFLATED_BYTES } from '#functions/ingest/decodeAwslogs.ts';
import {
  awslogsEvent,
  awslogsEventFromBytes,
  awslogsEventFromJson,
  controlMessageEvent,
  eventId,
  subscriptionMessage,
} from './support/awslogsPayload.ts';

const LINE =
  '2026/03/14 10:00:01 [error] 812#812: *41 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.1.17, server: shop.example.com, request: "GET /cart HTTP/1.1", upstream: "http://127.0.0.1:8080/cart", host: "shop.example.com"';

describe('decodeAwslogs', () => {
  it('keeps logGroup, logStream and every event with its 56-digit string id', () => {
    const id = eventId(1_773_482_401_000, 7);
    const decoded = decodeAwslogs(
      awslogsEvent([{ id, timestamp: 1_773_482_401_000, message: LINE }], {
        logGroup: '/aws/elasticbeanstalk/shop-prod/var/log/nginx/error.log',
        logStream: 'i-0123456789abcdef0',
        extra: { policyLevel: 'ACCOUNT_LEVEL_POLICY' },
      }),
    );
    expect(decoded).toEqual({
      kind: 'data',
      owner: '123456789012',
      logGroup: '/aws/elasticbeanstalk/shop-prod/var/log/nginx/error.log',
      logStream: 'i-0123456789abcdef0',
      subscriptionFilters: ['upstream-triage'],
      logEvents: [{ id, timestamp: 1_773_482_401_000, message: LINE }],
      repeatedIds: 0,
    });
    expect(id).toHaveLength(56);
    // A JS number would have rounded it.
    expect(String(Number(id))).not.toBe(id);
  });

  it('returns a control marker for CONTROL_MESSAGE instead of failing', () => {
    expect(decodeAwslogs(controlMessageEvent())).toEqual({ kind: 'control' });
  });

  const notB64 = 'H4sI!!!not-base64@@';
  it.each([
    ['an event without awslogs', { Records: [] }, PayloadShapeError, 'awslogs'],
    ['awslogs.data not a string', { awslogs: { data: 42 } }, PayloadShapeError, 'awslogs.data'],
    ['a null event', null, PayloadShapeError, ''],
    ['data that is not base64', { awslogs: { data: notB64 } }, PayloadNotBase64Error, undefined],
    ['empty data', { awslogs: { data: '' } }, PayloadNotBase64Error, undefined],
    [
      'base64 with one stray character (length still a multiple of 4)',
      {
        awslogs: {
          data: `${(awslogsEventFromBytes('x'.repeat(30)) as { awslogs: { data: string } }).awslogs.data.slice(0, 8)}*AAA`,
        },
      },
      PayloadNotBase64Error,
      undefined,
    ],
    ['a padding sign in the middle', { awslogs: { data: 'H4sI=AAAAAAA' } }, PayloadNotBase64Error, undefined],
    [
      'base64 of plain text (not gzip)',
      awslogsEventFromBytes('plain text, no gzip'),
      PayloadNotGzipError,
      undefined,
    ],
    [
      'gzip of text that is not JSON',
      awslogsEventFromBytes(gzipSync('not { json')),
      PayloadNotJsonError,
      undefined,
    ],
    ['JSON that is an array', awslogsEventFromJson([1, 2]), PayloadShapeError, ''],
    [
      'a missing logStream',
      awslogsEventFromJson({
        ...subscriptionMessage([{ timestamp: 1, message: 'x' }]),
        logStream: undefined,
      }),
      PayloadShapeError,
      'logStream',
    ],
    [
      'a numeric event id',
      awslogsEventFromJson({
        ...subscriptionMessage([]),
        // A producer that wrote the id as a JSON number (it has already lost digits).
        logEvents: [{ id: Number(eventId(1, 1)), timestamp: 1, message: 'x' }],
      }),
      PayloadShapeError,
      'logEvents.0.id',
    ],
    [
      'a string timestamp',
      awslogsEventFromJson({
        ...subscriptionMessage([]),
        logEvents: [{ id: eventId(1, 0), timestamp: '2026-03-14', message: 'x' }],
      }),
      PayloadShapeError,
      'logEvents.0.timestamp',
    ],
    ['empty logEvents', awslogsEvent([]), PayloadShapeError, 'logEvents'],
    [
      'an unknown messageType',
      awslogsEvent([{ timestamp: 1, message: 'x' }], { messageType: 'SOMETHING_ELSE' }),
      PayloadShapeError,
      'messageType',
    ],
  ])('rejects %s with a typed error', (_name, event, errorClass, path) => {
    let thrown: unknown;
    try {
      decodeAwslogs(event);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(errorClass);
    expect(thrown).toBeInstanceOf(IngestError);
    if (path !== undefined) expect((thrown as PayloadShapeError).path).toBe(path);
    if (thrown instanceof PayloadShapeError && path) expect(thrown.message).toContain(path);
  });

  it.each([
    [
      'a string timestamp',
      awslogsEventFromJson({
        ...subscriptionMessage([]),
        logEvents: [{ id: eventId(1, 0), timestamp: 'x', message: 'x' }],
      }),
      'logEvents.0.timestamp: expected number',
    ],
    [
      'an unknown messageType',
      awslogsEvent([{ timestamp: 1, message: 'x' }], { messageType: 'X' }),
      'messageType: expected "DATA_MESSAGE"',
    ],
    ['empty logEvents', awslogsEvent([]), 'logEvents: must hold at least one event'],
    [
      'a non-decimal id',
      awslogsEventFromJson({
        ...subscriptionMessage([]),
        logEvents: [{ id: 'abc', timestamp: 1, message: 'x' }],
      }),
      'logEvents.0.id: expected a decimal id string',
    ],
    ['no awslogs', {}, 'awslogs: expected object'],
  ])('says what is wrong with %s', (_name, event, text) => {
    expect(() => decodeAwslogs(event)).toThrow(text);
  });

  it('refuses a gzip bomb instead of inflating it', () => {
    const bomb = gzipSync(Buffer.alloc(MAX_INFLATED_BYTES + 1024, 0x20));
    expect(() => decodeAwslogs(awslogsEventFromBytes(bomb))).toThrow(PayloadTooLargeError);
  });

  it('reads a stream whose trailer understates its size (two gzip members: the hint is the last one)', () => {
    const json = JSON.stringify(
      subscriptionMessage(
        Array.from({ length: 400 }, (_, n) => ({
          timestamp: 1_700_000_000_000 + n,
          message: `line ${n} `.repeat(20),
        })),
      ),
    );
    const cut = json.length - 10;
    const twoMembers = Buffer.concat([gzipSync(json.slice(0, cut)), gzipSync(json.slice(cut))]);
    expect(twoMembers.readUInt32LE(twoMembers.length - 4)).toBe(10);
    expect(decodeAwslogs(awslogsEventFromBytes(twoMembers))).toEqual(
      decodeAwslogs(awslogsEventFromJson(JSON.parse(json))),
    );
  });

  it('keeps the cause of a gzip failure', () => {
    try {
      decodeAwslogs(awslogsEventFromBytes('not gzip'));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).cause).toBeInstanceOf(Error);
    }
  });
});
