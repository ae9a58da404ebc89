import { describe, expect, it } from 'vitest';
import { type DataBatch, decodeAwslogs } from '#functions/ingest/decodeAwslogs.ts';
import { toEngineEvents } from '#functions/ingest/toEngineEvents.ts';
import { MAX_RAW_CHARS, toUpstreamEventRecord } from '#functions/ingest/toUpstreamEventRecord.ts';
import { classifyLine } from '#shared/classify/classifyLine.ts';
import { compareEventIds } from '#shared/engine/index.ts';
import { EntryAssembler } from '#shared/parse/EntryAssembler.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';
import { awslogsEvent, eventId, type PayloadEvent } from './support/awslogsPayload.ts';
import { cloudWatchEventsFromLines, exampleLines, shuffle } from './support/examples.ts';

const batchOf = (events: PayloadEvent[], logStream = 'i-0a1b2c3d4e5f60718'): DataBatch => {
  const decoded = decodeAwslogs(awslogsEvent(events, { logStream }));
  if (decoded.kind !== 'data') throw new Error('expected data');
  return decoded;
};

/** What classifying the file top to bottom gives: the reference for any delivery order. */
function causesOfFile(lines: readonly string[]): string[] {
  const causes: string[] = [];
  const assembler = new EntryAssembler((text) => causes.push(classifyLine(parseErrorLine(text)).cause));
  for (const line of lines) assembler.push(line);
  assembler.end();
  return causes;
}

describe('toEngineEvents', () => {
  const lines = exampleLines('single/error.log');

  it('sorts a shuffled batch and reassembles the FastCGI trace the agent shipped line by line', () => {
    const events = cloudWatchEventsFromLines(lines);
    const out = toEngineEvents(batchOf(shuffle(events)));
    expect(out.map((e) => e.classified.cause)).toEqual(causesOfFile(lines));
    const php = out.find(
      (e) => e.classified.cause === 'fastcgi_stderr' && e.classified.entry.raw.includes('Stack trace'),
    );
    expect(php?.classified.entry.raw.split('\n')).toHaveLength(6);
    expect(out.every((e) => e.instance === 'i-0a1b2c3d4e5f60718')).toBe(true);
    // Times never go backwards after sorting.
    expect(out.map((e) => e.timestamp)).toEqual([...out.map((e) => e.timestamp)].sort((a, b) => a - b));
    expect(out.some((e) => e.classified.cause === 'unparsed')).toBe(false);
  });

  it('gives every entry of a multi-line event a stable, unique id', () => {
    const t = Date.UTC(2026, 10, 22, 2, 15, 23);
    const message = `${lines[6]}\n${lines[7]}\n`;
    const out = toEngineEvents(batchOf([{ id: eventId(t, 0), timestamp: t, message }]));
    expect(out.map((e) => e.eventId)).toEqual([eventId(t, 0), `${eventId(t, 0)}#2`]);
    expect(out.map((e) => e.classified.cause)).toEqual(['upstream_refused', 'socket_missing']);
  });

  it.each([
    ['an empty message', ''],
    ['binary garbage', '\u0000\u0001\u0002\ufffd\ufffdPNG'],
    ['a line from another program', 'Nov 22 02:15:23 web-1 systemd[1]: Started nginx.service'],
    ['a huge line', `2026/11/22 02:15:23 [error] ${'x'.repeat(300_000)}`],
  ])('counts %s as unparsed instead of failing', (_name, message) => {
    const out = toEngineEvents(batchOf([{ timestamp: 1_700_000_000_000, message }]));
    expect(out).toHaveLength(1);
    expect(out[0]?.classified.cause).toBe('unparsed');
  });

  it('takes the instance from the stream name with INSTANCE_PATTERN', () => {
    const out = toEngineEvents(
      batchOf([{ timestamp: 1, message: lines[6] ?? '' }], 'web/blue-7/nginx-error'),
      /^web\/([^/]+)\//,
    );
    expect(out[0]?.instance).toBe('blue-7');
  });
});

describe('compareEventIds', () => {
  it('orders 56-digit ids numerically', () => {
    const ids = [eventId(2, 10), eventId(2, 9), eventId(1, 99), '9', '10'];
    expect([...ids].sort(compareEventIds)).toEqual([
      '9',
      '10',
      eventId(1, 99),
      eventId(2, 9),
      eventId(2, 10),
    ]);
  });
});

describe('toUpstreamEventRecord', () => {
  const t = Date.UTC(2026, 10, 22, 2, 15, 23, 456);
  const [event] = toEngineEvents(
    batchOf([{ timestamp: t, message: exampleLines('single/error.log')[6] ?? '' }]),
  );

  it('writes the fields users query, with the CloudWatch time of record', () => {
    expect(event && toUpstreamEventRecord(event, 'd-7HT4L2XQB')).toEqual({
      type: 'upstream_event',
      cause: 'upstream_refused',
      status: 502,
      severity: event?.classified.severity,
      group: 'restart',
      instance: 'i-0a1b2c3d4e5f60718',
      logGroup: '/ec2/nginx/error.log',
      deployment: 'd-7HT4L2XQB',
      upstream: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/refused$/),
      host: 'shop.example.com',
      server: 'shop.example.com',
      request: 'GET /api/refused HTTP/1.1',
      client: '127.0.0.1',
      time: '2026-11-22T02:15:23.456Z',
      nginxTime: expect.stringMatching(/^2026-11-22T02:15:23/),
      level: 'error',
      pid: expect.any(Number),
      tid: expect.any(Number),
      cid: expect.any(Number),
      raw: exampleLines('single/error.log')[6],
      count: 1,
    });
  });

  it('writes nothing for lifecycle, noise or unparsed lines', () => {
    const others = toEngineEvents(
      batchOf([
        { timestamp: t, message: '2026/11/22 02:15:25 [notice] 10920#10920: signal process started' },
        { timestamp: t + 1, message: exampleLines('single/error.log')[27] ?? '' },
        { timestamp: t + 2, message: 'junk' },
      ]),
    );
    expect(others.map((e) => e.classified.group)).toEqual(['lifecycle', 'noise', expect.any(String)]);
    expect(others.map((e) => toUpstreamEventRecord(e, undefined))).toEqual([undefined, undefined, undefined]);
  });

  it('bounds the raw text of a long FastCGI trace', () => {
    const trace = Array.from(
      { length: 400 },
      (_, i) => `#${i} /var/www/html/vendor/lib/Deep.php(${i}): call()`,
    ).join('\n');
    const message = `2026/11/22 02:15:24 [error] 10919#10919: *25 FastCGI sent in stderr: "PHP message: PHP Fatal error: boom\n${trace}" while reading response header from upstream, client: 127.0.0.1, server: shop.example.com, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php-fpm.sock:", host: "shop.example.com"`;
    const [big] = toEngineEvents(batchOf([{ timestamp: t, message }]));
    const record = big && toUpstreamEventRecord(big, undefined);
    expect(record?.raw).toHaveLength(MAX_RAW_CHARS);
    expect(record?.rawTruncated).toBe(true);
  });
});
