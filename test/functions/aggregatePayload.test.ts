import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregatePayload } from '#functions/ingest/aggregatePayload.ts';
import { type DataBatch, decodeAwslogs } from '#functions/ingest/decodeAwslogs.ts';
import { toEngineEvents } from '#functions/ingest/toEngineEvents.ts';
import { isUpstreamEvent } from '#functions/ingest/toUpstreamEventRecord.ts';
import { UPSTREAM_GROUPS } from '#shared/catalogue/index.ts';
import { aggregateBatch, batchIdOf, DEFAULT_ENGINE_SETTINGS } from '#shared/engine/index.ts';
import { buildPayloads } from '../../bench/corpus.ts';
import { awslogsEvent, eventId, type PayloadEvent } from './support/awslogsPayload.ts';
import { cloudWatchEventsFromLines, exampleLines, shuffle } from './support/examples.ts';

/**
 * The one-pass ingest (`aggregatePayload`: classify, count into the aggregate and the batch id, keep
 * only upstream events) against the long way (`toEngineEvents`, `batchIdOf`, `aggregateBatch`).
 */
const config = DEFAULT_ENGINE_SETTINGS;
const NOTICE = '2026/11/03 12:00:07 [notice] 4100#4100: signal process started';

function data(event: unknown): DataBatch {
  const decoded = decodeAwslogs(event);
  if (decoded.kind !== 'data') throw new Error('expected data');
  return decoded;
}

function longWay(batch: DataBatch) {
  const events = toEngineEvents(batch);
  const batchId = batchIdOf({ logGroup: batch.logGroup, logStream: batch.logStream, events });
  return { batchId, aggregate: aggregateBatch(events, batchId, config), events };
}

/** Checks the one pass against the long way; returns whether the one pass kept upstream events only. */
function expectSame(batch: DataBatch): boolean {
  const fast = aggregatePayload(batch, undefined, config);
  const slow = longWay(batch);
  expect(fast.batchId).toBe(slow.batchId);
  expect(fast.entries).toBe(slow.events.length);
  expect(fast.aggregate).toEqual(slow.aggregate);
  const ids = (list: readonly { eventId: string }[]) => list.map((e) => e.eventId);
  expect(ids(fast.recordCandidates.filter(isUpstreamEvent))).toEqual(
    ids(slow.events.filter(isUpstreamEvent)),
  );
  return fast.recordCandidates.every((e) => UPSTREAM_GROUPS.has(e.classified.group));
}

const EXAMPLES = join(import.meta.dirname, '../../examples');
const exampleLogs = readdirSync(EXAMPLES, { recursive: true, encoding: 'utf8' }).filter((f) =>
  f.endsWith('.log'),
);

describe('aggregatePayload: one pass, the same batch id, aggregate and records as the long way', () => {
  it.each(exampleLogs)('%s, in order and shuffled', (file) => {
    const events = cloudWatchEventsFromLines(exampleLines(file));
    for (let at = 0; at < events.length; at += 1000) {
      const chunk = events.slice(at, at + 1000);
      expect(expectSame(data(awslogsEvent(chunk, { logStream: file })))).toBe(true);
      expectSame(data(awslogsEvent(shuffle(chunk, at + 3), { logStream: file })));
    }
  });

  it('the bench corpus (every shape it makes), by 1 000 events', () => {
    const sets = buildPayloads(6000, [1000]);
    for (const payload of sets.bySize.get(1000)!) expect(expectSame(data(payload.event))).toBe(true);
  });

  it('out of (time, id) order entries: several entries in one event, a problem event mid-entry', () => {
    const t0 = Date.UTC(2026, 10, 3, 12, 0, 7);
    const line = (n: number) =>
      `2026/11/03 12:00:07 [error] 4100#4100: *${n} connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.5, server: _, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8000/", host: "a"`;
    const twoEntries: PayloadEvent[] = [
      { id: eventId(t0, 0), timestamp: t0, message: `${line(1)}\n${line(2)}` },
      { id: eventId(t0, 1), timestamp: t0, message: line(3) },
      { id: eventId(t0 + 60_000, 2), timestamp: t0 + 60_000, message: line(4) },
      { id: eventId(t0 + 60_000, 3), timestamp: t0 + 60_000, message: NOTICE },
    ];
    expect(expectSame(data(awslogsEvent(twoEntries)))).toBe(false);
    const trace = 'PHP message: PHP Fatal error:  Uncaught Exception';
    const problem: PayloadEvent[] = [
      { id: eventId(t0, 0), timestamp: t0, message: `${line(1)} FastCGI sent in stderr: "${trace}` },
      { id: eventId(t0, 1), timestamp: -5, message: 'bad time' },
      {
        id: eventId(t0, 2),
        timestamp: t0,
        message: '#0 {main}" while reading response header from upstream',
      },
      { id: eventId(t0, 3), timestamp: t0 + 1, message: line(2) },
    ];
    expectSame(data(awslogsEvent(problem)));
    // Quiet gaps split runs; a second instance's cause, restart and lifecycle lines.
    const gaps: PayloadEvent[] = [0, 1, 2, 900, 901, 2000].map((s, n) => ({
      id: eventId(t0 + s * 1000, n),
      timestamp: t0 + s * 1000,
      message: n === 2 ? NOTICE : line(n),
    }));
    expect(expectSame(data(awslogsEvent(gaps)))).toBe(true);
  });
});
