import { describe, expect, it } from 'vitest';
import { PayloadShapeError } from '#functions/errors.ts';
import { decodeAwslogs, MAX_EVENT_LINES } from '#functions/ingest/decodeAwslogs.ts';
import { toEngineEvents } from '#functions/ingest/toEngineEvents.ts';
import { awslogsEvent, awslogsEventFromJson, eventId } from '../functions/support/awslogsPayload.ts';
import { exampleLines, nginxTimeMs } from '../functions/support/examples.ts';

const line = exampleLines('single/error.log').find((l) => l.includes('(13: Permission denied)')) ?? '';
const t0 = nginxTimeMs(line) ?? 0;
const data = (event: unknown) => {
  const decoded = decodeAwslogs(event);
  if (decoded.kind !== 'data') throw new Error('expected data');
  return decoded;
};

describe('bad input is counted once, with its reason, never a failed batch or a flood', () => {
  it('an id repeated inside a batch counts once', () => {
    const events = [0, 1, 1, 2, 2, 2].map((n) => ({ id: eventId(t0, n), timestamp: t0, message: line }));
    const batch = data(awslogsEvent(events));
    expect(batch.logEvents.map((e) => e.id)).toEqual([0, 1, 2].map((n) => eventId(t0, n)));
    expect(batch.repeatedIds).toBe(3);
    expect(toEngineEvents(batch)).toHaveLength(3);
  });

  it('a 1 MB event of newlines is ONE oversized unparsed entry that says its size', () => {
    const blob = '\n'.repeat(1024 * 1024);
    const batch = data(
      awslogsEvent([
        { timestamp: t0, message: line },
        { timestamp: t0 + 1, message: blob },
      ]),
    );
    const entries = toEngineEvents(batch);
    expect(entries).toHaveLength(2);
    const unparsed = entries.find((e) => e.classified.cause === 'unparsed');
    expect(unparsed?.classified.entry).toMatchObject({ kind: 'unparsed', reason: 'too-long' });
    expect(unparsed?.classified.entry.raw).toContain('1048576 bytes');
    expect(unparsed?.classified.entry.raw.length).toBeLessThan(200);
  });

  it('an event of exactly the line limit is still split into its lines', () => {
    const lines = Array.from({ length: MAX_EVENT_LINES }, () => line).join('\n');
    expect(toEngineEvents(data(awslogsEvent([{ timestamp: t0, message: lines }])))).toHaveLength(
      MAX_EVENT_LINES,
    );
  });

  it.each([1e300, -5, 1.5, 253402300800000])(
    'an event at time %s is unparsed (bad-timestamp), the batch goes on',
    (timestamp) => {
      const batch = data(
        awslogsEvent([
          { id: eventId(t0, 0), timestamp: t0, message: line },
          { id: eventId(t0, 1), timestamp, message: line },
        ]),
      );
      const entries = toEngineEvents(batch);
      expect(entries).toHaveLength(2);
      const bad = entries.find((e) => e.classified.cause === 'unparsed');
      expect(bad?.classified.entry).toMatchObject({ reason: 'bad-timestamp' });
      // A stand-in time from the batch keeps sorting, buckets and store keys sound.
      expect(bad?.timestamp).toBe(t0);
      expect(batch.logEvents[1]?.problem).toMatchObject({ reason: 'bad-timestamp', timestamp });
    },
  );

  it('a CONTROL_MESSAGE with only the control text is a control message', () => {
    const control = {
      messageType: 'CONTROL_MESSAGE',
      owner: 'CloudwatchLogs',
      logGroup: '',
      logStream: '',
      subscriptionFilters: [],
      logEvents: [
        { id: '', timestamp: t0, message: 'CWL CONTROL MESSAGE: Checking health of destination Lambda.' },
      ],
    };
    expect(decodeAwslogs(awslogsEventFromJson(control))).toEqual({ kind: 'control' });
    const carrying = {
      ...control,
      logEvents: [...control.logEvents, { id: eventId(t0, 1), timestamp: t0, message: line }],
    };
    expect(() => decodeAwslogs(awslogsEventFromJson(carrying))).toThrow(PayloadShapeError);
    expect(() => decodeAwslogs(awslogsEventFromJson(carrying))).toThrow(/carries 1 log event/);
  });
});
