import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PIECE_BYTES, parseInflated, parseInPieces, parseWhole } from '#functions/ingest/decodeAwslogs.ts';
import { buildPayloads } from '../../bench/corpus.ts';
import { type PayloadEvent, subscriptionMessage } from './support/awslogsPayload.ts';
import { cloudWatchEventsFromLines, exampleLines } from './support/examples.ts';

/**
 * The pieces path (`parseInPieces`, taken by `parseInflated`) against the single parse
 * (`parseWhole`): the same value (key order included) or the same error, on the bench's payloads,
 * the examples' logs and hostile payloads.
 */
type Outcome = { value: string; keys: string } | { error: string; message: string };

function outcome(parse: (json: Buffer) => unknown, json: Buffer): Outcome {
  try {
    const value = parse(json);
    return { value: JSON.stringify(value), keys: JSON.stringify(Object.keys(value as object)) };
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}

/** Checks both paths agree; returns whether the pieces path parsed it (else it fell back). */
function expectSame(json: Buffer): boolean {
  const whole = outcome(parseWhole, json);
  expect(outcome(parseInflated, json)).toStrictEqual(whole);
  const pieces = parseInPieces(json, json.every((b) => b < 0x80) ? 'latin1' : 'utf8');
  if (pieces === undefined) return false;
  expect('value' in whole).toBe(true);
  expect(pieces).toStrictEqual(parseWhole(json));
  expect(JSON.stringify(pieces)).toBe((whole as { value: string }).value);
  return true;
}

function compact(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

function exampleLogs(): string[] {
  return readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(`${EXAMPLES}${d.name}`)
        .filter((f) => f.endsWith('.log'))
        .map((f) => `${d.name}/${f}`),
    );
}

/** `count` events whose messages cycle through `messages`. */
function events(count: number, messages: readonly string[]): PayloadEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    timestamp: 1_773_482_401_000 + i,
    message: `${i} ${messages[i % messages.length]}`,
  }));
}

const HOSTILE_MESSAGES = [
  'upstream timed out},{"id":"123","timestamp":1,"message":"x"}',
  '"},{"id":"',
  'a \\ backslash \\"},{\\"id\\":\\"',
  'line\u2028separator\u2029',
  'café naïve',
  '日本語のメッセージ',
  'emoji 😀 4-byte 𝄞',
  'lone surrogate \ud800 end',
  'INVALID',
  '',
];

/** Raw bytes for the `INVALID` marker, cycled: not UTF-8 (lone, truncated, overlong, surrogate, too big). */
const INVALID_BYTES = [
  [0xff],
  [0xc3],
  [0x80],
  [0xe6, 0x97],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80],
];

function withInvalidBytes(json: Buffer): Buffer {
  const marker = Buffer.from('INVALID');
  const parts: Buffer[] = [];
  let from = 0;
  let n = 0;
  for (let at = json.indexOf(marker); at !== -1; at = json.indexOf(marker, at + marker.length)) {
    parts.push(json.subarray(from, at), Buffer.from(INVALID_BYTES[n++ % INVALID_BYTES.length]!));
    from = at + marker.length;
  }
  parts.push(json.subarray(from));
  return Buffer.concat(parts);
}

const BIG = events(3_000, HOSTILE_MESSAGES);

describe('parseInPieces against the single parse', () => {
  it('agrees on every bench payload, and parses every one in pieces', () => {
    const sets = buildPayloads(22_000, [10_000, 1_000]);
    for (const payloads of sets.bySize.values()) {
      for (const payload of payloads) {
        const json = gunzipSync(Buffer.from(payload.event.awslogs.data, 'base64'));
        expect(expectSame(json)).toBe(true);
      }
    }
  });

  it('agrees on every example log, as one payload and repeated past a piece', () => {
    for (const log of exampleLogs()) {
      const logEvents = cloudWatchEventsFromLines(exampleLines(log));
      expectSame(compact(subscriptionMessage(logEvents)));
      const many: PayloadEvent[] = [];
      while (compact(subscriptionMessage(many)).length < 3 * PIECE_BYTES) many.push(...logEvents);
      expect(expectSame(compact(subscriptionMessage(many)))).toBe(true);
    }
  });

  it('agrees on hostile messages, and parses them in pieces (escaped separators cannot cut)', () => {
    const json = withInvalidBytes(compact(subscriptionMessage(BIG)));
    expect(json.length).toBeGreaterThan(3 * PIECE_BYTES);
    expect(expectSame(json)).toBe(true);
    expect(expectSame(compact(subscriptionMessage(BIG)))).toBe(true);
    const more = Buffer.concat([json.subarray(0, json.length - 2), Buffer.from(',{"id":"1"}]}')]);
    expect(expectSame(more)).toBe(true);
  });

  it('agrees on a duplicate or __proto__ key before logEvents (the last logEvents wins, first place kept)', () => {
    const rest = compact(subscriptionMessage(BIG)).toString('utf8').slice(1);
    for (const head of ['{"logEvents":[1],"__proto__":{"a":1},', '{"logEvents":"x",']) {
      expect(expectSame(Buffer.from(head + rest))).toBe(true);
    }
  });

  it('falls back, with the same value, for shapes it does not cut', () => {
    const message = subscriptionMessage(BIG);
    const { logEvents, ...head } = message;
    const shapes: unknown[] = [
      { logEvents, ...head },
      { ...message, policyLevel: 'ACCOUNT_LEVEL_POLICY' },
      {
        ...message,
        logEvents: logEvents.map(({ id, timestamp, message: m }) => ({ timestamp, id, message: m })),
      },
      {
        ...message,
        logEvents: [{ id: '1', timestamp: 1, message: 'x'.repeat(PIECE_BYTES + 10) }, ...logEvents],
      },
      { ...message, logEvents: logEvents.map((e, i) => ({ ...e, extra: [{ a: i }, { id: 'nested' }] })) },
      { ...message, logEvents: [] },
    ];
    for (const shape of shapes) expectSame(compact(shape));
    expectSame(Buffer.from(JSON.stringify(message, null, 2)));
    expectSame(Buffer.from(` ${JSON.stringify(message)}`));
    expectSame(Buffer.from(JSON.stringify(message).replaceAll('},{"id"', '}, {"id"')));
  });

  it('gives the same error for broken JSON: truncated, trailing garbage, a separator that ends a piece early', () => {
    const json = withInvalidBytes(compact(subscriptionMessage(BIG)));
    const text = compact(subscriptionMessage(BIG)).toString('utf8');
    const broken: Buffer[] = [
      json.subarray(0, json.length - 1),
      json.subarray(0, json.length - 2),
      json.subarray(0, Math.floor(json.length / 2)),
      json.subarray(0, 2 * PIECE_BYTES + 7),
      Buffer.concat([json, Buffer.from('x')]),
      Buffer.concat([json, Buffer.from(' ]}')]),
      Buffer.from(text.replace('"logEvents":[', '"logEvents":[,')),
      Buffer.from(text.replace('],"logEvents":[', '],,"logEvents":[')),
      Buffer.from(`{${text.slice(text.indexOf(',"logEvents":['))}`),
      Buffer.from(text.replace(/\},\{"id":"/g, (s, at: number) => (at > 2 * PIECE_BYTES ? '},,{"id":"' : s))),
      Buffer.from(text.replace('"message":"1 ', '"message":"1 \u0001')),
    ];
    for (const bytes of broken) {
      const whole = outcome(parseWhole, bytes);
      expect(whole).toMatchObject({ error: 'PayloadNotJsonError' });
      expect(expectSame(bytes)).toBe(false);
    }
  });

  it('gives the same outcome for a payload past the piece size cut short anywhere in its last bytes', () => {
    const json = withInvalidBytes(compact(subscriptionMessage(events(700, HOSTILE_MESSAGES))));
    expect(json.length).toBeGreaterThan(PIECE_BYTES);
    for (let end = json.length - 40; end <= json.length; end++) expectSame(json.subarray(0, end));
  });
});
