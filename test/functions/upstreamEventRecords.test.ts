import { describe, expect, it } from 'vitest';
import { type DataBatch, decodeAwslogs } from '#functions/ingest/decodeAwslogs.ts';
import { toEngineEvents } from '#functions/ingest/toEngineEvents.ts';
import { upstreamEventRecords } from '#functions/ingest/upstreamEventRecords.ts';
import { DEFAULT_ENGINE_SETTINGS } from '#shared/engine/index.ts';
import type { Incident } from '#shared/model/index.ts';
import { awslogsEvent, eventId, type PayloadEvent } from './support/awslogsPayload.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 22, 2, 15);
const REFUSED =
  '2026/11/22 02:15:31 [error] 1#1: *5 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1, server: api, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8000/", host: "api"';
const TIMEOUT =
  '2026/11/22 02:15:31 [error] 1#1: *6 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.1, server: api, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8000/", host: "api"';

function batchOf(lines: readonly [number, string][]): DataBatch {
  const events: PayloadEvent[] = lines.map(([timestamp, message], i) => ({
    id: eventId(timestamp, i),
    timestamp,
    message,
  }));
  const decoded = decodeAwslogs(awslogsEvent(events));
  if (decoded.kind !== 'data') throw new Error('expected data');
  return decoded;
}

describe('upstreamEventRecords', () => {
  // 50 refused in the first minute, 3 timeouts in it, 4 refused in the next minute.
  const lines: [number, string][] = [
    ...Array.from({ length: 50 }, (_, i): [number, string] => [T0 + i * 100, REFUSED]),
    ...Array.from({ length: 3 }, (_, i): [number, string] => [T0 + 10_000 + i, TIMEOUT]),
    ...Array.from({ length: 4 }, (_, i): [number, string] => [T0 + MINUTE + i, REFUSED]),
  ];
  const events = toEngineEvents(batchOf(lines));

  it('writes 20 records per (instance, cause, minute) one by one and one aggregate record for the rest', () => {
    const records = upstreamEventRecords(events, [], [], DEFAULT_ENGINE_SETTINGS);
    const single = records.filter((r) => !r.aggregated);
    const aggregated = records.filter((r) => r.aggregated);
    expect(single.filter((r) => r.cause === 'upstream_refused')).toHaveLength(24);
    expect(single.filter((r) => r.cause === 'upstream_timeout')).toHaveLength(3);
    expect(aggregated).toHaveLength(1);
    expect(aggregated[0]).toMatchObject({
      cause: 'upstream_refused',
      count: 30,
      time: new Date(T0 + 2000).toISOString(),
    });
    expect(aggregated[0]!.raw).toBe(
      `30 more upstream_refused events on ${events[0]!.instance} in this minute (first shown), past 20 written one by one: ${REFUSED}`,
    );
    expect(records.reduce((n, r) => n + r.count, 0)).toBe(lines.length);
  });

  it("counts the events earlier batches wrote in the same minute (the incident's bucket)", () => {
    const incident = {
      instance: events[0]!.instance,
      cause: 'upstream_refused',
      // This batch's 50 plus 15 before it.
      buckets: [Math.floor(T0 / MINUTE), 65],
    } as unknown as Incident;
    const records = upstreamEventRecords(events, [], [incident], DEFAULT_ENGINE_SETTINGS);
    const firstMinute = records.filter(
      (r) => r.cause === 'upstream_refused' && r.time < new Date(T0 + MINUTE).toISOString(),
    );
    expect(firstMinute.filter((r) => !r.aggregated)).toHaveLength(5);
    expect(firstMinute.find((r) => r.aggregated)?.count).toBe(45);
  });
});
