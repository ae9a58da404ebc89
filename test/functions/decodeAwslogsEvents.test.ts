import { describe, expect, it } from 'vitest';
import { PayloadShapeError } from '#functions/errors.ts';
import { decodeAwslogs } from '#functions/ingest/decodeAwslogs.ts';
import { awslogsEventFromJson, eventId, subscriptionMessage } from './support/awslogsPayload.ts';

/** The per-event check (typeof tests instead of a zod object per event): what it rejects and how it says so. */
const withEvents = (logEvents: unknown[]) =>
  awslogsEventFromJson({ ...subscriptionMessage([{ timestamp: 1, message: 'x' }]), logEvents });

function shapeError(event: unknown): PayloadShapeError {
  try {
    decodeAwslogs(event);
  } catch (error) {
    if (error instanceof PayloadShapeError) return error;
    throw error;
  }
  throw new Error('decoded without an error');
}

describe('decodeAwslogs: each log event', () => {
  const good = { id: eventId(1, 0), timestamp: 1, message: 'a line' };

  it.each([
    ['an event that is not an object', [good, 'text'], 'logEvents.1', 'expected object'],
    ['an event that is null', [null], 'logEvents.0', 'expected object'],
    ['an array as an event', [[1, 2]], 'logEvents.0', 'expected object'],
    ['a missing id', [{ timestamp: 1, message: 'x' }], 'logEvents.0.id', 'expected string'],
    ['an empty id', [{ ...good, id: '' }], 'logEvents.0.id', 'expected a decimal id string'],
    ['a missing timestamp', [{ id: good.id, message: 'x' }], 'logEvents.0.timestamp', 'expected number'],
    ['a numeric message', [{ ...good, message: 5 }], 'logEvents.0.message', 'expected string'],
  ])('rejects %s, naming the path', (_name, events, path, words) => {
    const error = shapeError(withEvents(events));
    expect(error.path).toBe(path);
    expect(error.message).toContain(`${path}: ${words}`);
    expect(error.message).not.toContain('more)');
  });

  it('names the first bad event and counts the others', () => {
    const error = shapeError(withEvents([good, { ...good, id: 'x' }, good, { ...good, timestamp: '1' }]));
    expect(error.path).toBe('logEvents.1.id');
    expect(error.message).toContain('(and 1 more)');
  });

  it.each([
    ['ASCII', 'GET /v1/orders'],
    ['UTF-8', 'GET /caf\u00e9/\u{1F600} \u20ac'],
  ])('decodes %s messages to the text that was sent', (_name, text) => {
    const batch = decodeAwslogs(withEvents([{ ...good, message: text }]));
    expect(batch.kind === 'data' && batch.logEvents[0]?.message).toBe(text);
  });

  it('keeps the events as sent, unknown keys left on them', () => {
    const batch = decodeAwslogs(
      withEvents([
        { ...good, extra: true },
        { ...good, id: eventId(2, 0) },
      ]),
    );
    expect(batch.kind).toBe('data');
    if (batch.kind !== 'data') return;
    expect(batch.logEvents.map((e) => e.id)).toEqual([good.id, eventId(2, 0)]);
    expect(batch.logEvents[0]).toMatchObject(good);
  });
});
