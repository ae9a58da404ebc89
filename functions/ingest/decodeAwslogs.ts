import { isAscii } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import * as z from 'zod/mini';
import { compareEventIds } from '#shared/engine/index.ts';
import {
  PayloadNotBase64Error,
  PayloadNotGzipError,
  PayloadNotJsonError,
  PayloadShapeError,
  PayloadTooLargeError,
} from '../errors.ts';

/** One CloudWatch Logs event as delivered: `id` is a 56-digit decimal STRING (it does not fit a JS number). */
export interface LogEvent {
  id: string;
  timestamp: number;
  message: string;
  /**
   * Set when the event cannot be read as log lines: it becomes ONE unparsed entry with this reason
   * (`toEngineEvents`), never an error and never a million entries.
   * - `bad-timestamp`: its time is impossible; `timestamp` then holds a stand-in (the batch's newest
   *   valid time, else 0) so sorting and aggregation stay sound;
   * - `too-long`: more than {@link MAX_EVENT_LINES} lines (a runaway blob of newlines); `message`
   *   then holds a short description with its size.
   */
  problem?: { reason: 'bad-timestamp' | 'too-long'; bytes: number; lines: number; timestamp?: number };
}

/** A decoded `DATA_MESSAGE`: one log stream's events (in delivery order, which is not time order). */
export interface DataBatch {
  kind: 'data';
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  /** Unique by id (a repeated id counts once). */
  logEvents: LogEvent[];
  /** Events dropped because their id repeated one earlier in the batch. */
  repeatedIds?: number;
}

/** CloudWatch Logs checks a destination with a `CONTROL_MESSAGE`; it carries no log data. */
export interface ControlMessage {
  kind: 'control';
}

export type DecodedPayload = DataBatch | ControlMessage;

/**
 * Inflated size we accept. Async invocation payloads are at most 1 MB compressed; nginx lines are at most a
 * few KB, so 10 000 events stay far below this. A bigger stream is corrupt or a gzip bomb.
 */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/**
 * Lines one event may hold and still be split into entries: a FastCGI trace joined by the agent's
 * multi-line pattern has tens of lines, nginx writes one. More is a runaway event: one unparsed entry.
 */
export const MAX_EVENT_LINES = 1_000;

/** The latest time an event can carry: the end of year 9999 (later ones cannot be dates, nor DynamoDB keys). */
export const MAX_EVENT_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The text CloudWatch Logs puts in the events of its own `CONTROL_MESSAGE`s. */
const CONTROL_TEXT = 'CWL CONTROL MESSAGE';

const EnvelopeSchema = z.object({ awslogs: z.object({ data: z.string() }) });

/*
 * The decoded message: the same fields as Powertools' `CloudWatchLogsDecodeSchema`
 * (@aws-lambda-powertools/parser/schemas), written with `zod/mini`, for two reasons:
 * - Powertools' schemas import classic `zod`, whose namespace object esbuild cannot tree-shake: it put
 *   ~470 KB of the 680 KB ingest bundle in; `zod/mini` costs ~17 KB (bundle test reports the sizes).
 * - Powertools' `CloudWatchLogsSchema` decodes inside a transform and reports base64, gzip and JSON
 *   failures as one issue; we decode step by step to throw a distinct error for each.
 * Stricter where the contract is: only DATA_MESSAGE reaches this schema, and ids are decimal strings
 * (they are hashed into the batch id). Unknown keys (`policyLevel`) are stripped, as Powertools does;
 * unknown keys of an event are left on it (nothing reads them).
 */
const DataMessageSchema = z.object({
  messageType: z.literal('DATA_MESSAGE'),
  owner: z.string(),
  logGroup: z.string(),
  logStream: z.string(),
  subscriptionFilters: z.array(z.string()),
  // Each event is checked by `checkLogEvents`: a schema per event built an object per event (stripped
  // copies) and cost as much as gunzip; the events are used as JSON.parse made them.
  logEvents: z.array(z.unknown()).check(z.minLength(1, 'must hold at least one event')),
});
const DECIMAL_ID = /^\d{1,64}$/;

/**
 * Decodes a CloudWatch Logs subscription event (`{ awslogs: { data } }`, data = base64(gzip(JSON))).
 *
 * @returns the batch, or `{ kind: 'control' }` for a CONTROL_MESSAGE (which the caller ignores).
 * @throws {PayloadShapeError} the event or the decoded JSON has the wrong shape (names the field path)
 * @throws {PayloadNotBase64Error} `data` is not base64
 * @throws {PayloadNotGzipError} the bytes are not gzip
 * @throws {PayloadTooLargeError} the stream inflates past {@link MAX_INFLATED_BYTES}
 * @throws {PayloadNotJsonError} the inflated text is not JSON
 * @example
 * const batch = decodeAwslogs(event);
 * if (batch.kind === 'control') return;
 */
export function decodeAwslogs(event: unknown): DecodedPayload {
  const envelope = EnvelopeSchema.safeParse(event);
  if (!envelope.success)
    throw shapeError('Lambda event is not a CloudWatch Logs subscription event', envelope.error);
  const data = envelope.data.awslogs.data;
  // Node's decoder skips what is not base64 instead of failing, so a payload with any stray
  // character decodes to fewer bytes than its length promises: comparing lengths is the whole check
  // (a regex over up to 1 MB cost a quarter of the decode time).
  const bytes = Buffer.from(data, 'base64');
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  if (data.length === 0 || data.length % 4 !== 0 || bytes.length !== (data.length / 4) * 3 - padding) {
    throw new PayloadNotBase64Error(`awslogs.data is not base64 (${data.length} characters)`);
  }
  return validate(parseInflated(inflate(bytes)));
}

function inflate(bytes: Buffer): Buffer {
  try {
    return gunzipSync(bytes, {
      maxOutputLength: MAX_INFLATED_BYTES,
      chunkSize: outputChunkSize(bytes),
    });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PayloadTooLargeError(`awslogs.data inflates past ${MAX_INFLATED_BYTES} bytes`, {
        cause: error,
      });
    }
    throw new PayloadNotGzipError(`awslogs.data is not a gzip stream: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** The largest output chunk {@link outputChunkSize} asks for (a real 10 000-event payload inflates to a few MB). */
const MAX_OUTPUT_CHUNK = 8 * 1024 * 1024;

/**
 * zlib's output chunk for a gzip stream: the size its trailer promises (ISIZE, the last member's
 * inflated size mod 2^32), so the text comes out in one piece instead of 16 KiB chunks copied
 * together afterwards (inflate took 30 to 40 % less). Only a hint: a stream that inflates to more
 * (a lying trailer, several members) just gets more chunks, and `maxOutputLength` still bounds it.
 */
function outputChunkSize(bytes: Buffer): number | undefined {
  // 18 bytes: the smallest gzip stream (10-byte header, 8-byte trailer); shorter ones fail in gunzip.
  if (bytes.length < 18) return undefined;
  return Math.min(Math.max(bytes.readUInt32LE(bytes.length - 4) + 1, 16 * 1024), MAX_OUTPUT_CHUNK);
}

/**
 * Bytes of one piece of text: its string stays under V8's 128 KiB regular-object limit even as
 * UTF-16. A longer string goes to large-object space, measured at ~4 ns per byte against ~0.1 to 1
 * for a regular one (a 1 000-event payload inflates to ~360 KB).
 */
export const PIECE_BYTES = 60 * 1024;

/**
 * From this length on, Node makes a latin1 string external (no copy into the heap: cheap again);
 * Node's `EXTERN_APEX`. UTF-8 text is always copied.
 */
const EXTERNAL_LATIN1_BYTES = 0xfbee9;

/** Below this, ASCII text is one regular one-byte string: converted whole (pieces were ~5 % slower). */
const REGULAR_LATIN1_BYTES = 128 * 1024 - 64;

/**
 * The inflated JSON, parsed in pieces when that is cheaper ({@link parseInPieces}), else whole
 * ({@link parseWhole}): the same value, or the same error, for every input.
 */
export function parseInflated(json: Buffer): unknown {
  const ascii = isAscii(json);
  const wholeIsCheap = ascii
    ? json.length < REGULAR_LATIN1_BYTES || json.length >= EXTERNAL_LATIN1_BYTES
    : json.length <= PIECE_BYTES;
  if (!wholeIsCheap) {
    const parsed = parseInPieces(json, ascii ? 'latin1' : 'utf8');
    if (parsed !== undefined) return parsed;
  }
  return parseWhole(json, ascii);
}

/**
 * @param ascii whether `json` is all ASCII, when the caller has already scanned it
 * @throws {PayloadNotJsonError} the inflated text is not JSON
 */
export function parseWhole(json: Buffer, ascii = isAscii(json)): unknown {
  // JSON.stringify writes ASCII unless a message holds other characters: then latin1 is the same
  // text at a fraction of the cost of UTF-8 decoding.
  return parseJson(ascii ? json.toString('latin1') : json.toString('utf8'));
}

const EVENTS_START = Buffer.from(',"logEvents":[{"id":"');
const EVENTS_END = Buffer.from(']}');
/** Between two events of compact JSON; cut after its `}`. */
const EVENT_SEPARATOR = Buffer.from('},{"id":"');

/**
 * Parses compact JSON whose last key is `logEvents` in strings of at most {@link PIECE_BYTES}:
 * the text before `,"logEvents":[` closed with `}`, then runs of whole events, each as an array.
 * If each piece parses, the whole text is exactly their concatenation, so it parses to the same
 * value (JSON's grammar composes); anything else returns undefined and the caller parses the whole
 * text, with its errors. Cuts fall before ASCII bytes, which UTF-8 never uses inside a multi-byte
 * character, so the pieces decode to the same characters as the whole (invalid bytes included).
 *
 * @returns the parsed value as `JSON.parse` of the whole text would return it, or undefined
 */
export function parseInPieces(json: Buffer, encoding: 'latin1' | 'utf8'): unknown {
  const head = json.indexOf(EVENTS_START);
  const end = json.length - EVENTS_END.length;
  if (head <= 0 || head > PIECE_BYTES || json.indexOf(EVENTS_END, end) !== end) return undefined;
  try {
    const message = JSON.parse(`${json.toString(encoding, 0, head)}}`) as Record<string, unknown>;
    // `{}` would hide a comma right after `{`: the whole text would not parse.
    if (Object.keys(message).length === 0) return undefined;
    const events: unknown[] = [];
    for (let at = head + EVENTS_START.length - '{"id":"'.length; at < end; ) {
      let cut = end;
      if (end - at > PIECE_BYTES) {
        const separator = json.lastIndexOf(EVENT_SEPARATOR, at + PIECE_BYTES - 1);
        if (separator < at) return undefined;
        cut = separator + 1;
      }
      const piece = JSON.parse(`[${json.toString(encoding, at, cut)}]`) as unknown[];
      for (const event of piece) events.push(event);
      at = cut + 1;
    }
    message.logEvents = events;
    return message;
  } catch {
    return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PayloadNotJsonError(`awslogs.data inflates to ${text.length} characters that are not JSON`, {
      cause: error,
    });
  }
}

function validate(json: unknown): DecodedPayload {
  if (isControlMessage(json)) {
    // Its events are CloudWatch Logs' own health-check lines; anything else would be log data
    // dropped without a trace: refused instead (retried, then kept by the on-failure destination).
    const events = (json as { logEvents?: unknown }).logEvents;
    const data = Array.isArray(events) ? events.filter((e) => !isControlText(e)) : [];
    if (data.length > 0)
      throw new PayloadShapeError(
        `awslogs payload is a CONTROL_MESSAGE that carries ${data.length} log event(s) besides the control text: refused, not dropped`,
        'logEvents',
      );
    return { kind: 'control' };
  }
  const result = DataMessageSchema.safeParse(json);
  if (!result.success)
    throw shapeError('awslogs payload is not a CloudWatch Logs DATA_MESSAGE', result.error);
  const { owner, logGroup, logStream, subscriptionFilters } = result.data;
  const { events: logEvents, repeated } = readEvents(checkLogEvents(result.data.logEvents));
  return { kind: 'data', owner, logGroup, logStream, subscriptionFilters, logEvents, repeatedIds: repeated };
}

/** Every event has a decimal string id, a number timestamp and a string message (errors as zod words them). */
function checkLogEvents(events: unknown[]): LogEvent[] {
  let first: { path: string; problem: string } | undefined;
  let problems = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as Partial<Record<keyof LogEvent, unknown>> | null;
    const problem = eventProblem(e);
    if (problem === undefined) continue;
    problems++;
    first ??= { path: `logEvents.${i}${problem.field ? `.${problem.field}` : ''}`, problem: problem.text };
  }
  if (first === undefined) return events as LogEvent[];
  const more = problems > 1 ? ` (and ${problems - 1} more)` : '';
  const what = 'awslogs payload is not a CloudWatch Logs DATA_MESSAGE';
  throw new PayloadShapeError(`${what}: ${first.path}: ${first.problem}${more}`, first.path);
}

function eventProblem(
  e: Partial<Record<keyof LogEvent, unknown>> | null,
): { field: string; text: string } | undefined {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return { field: '', text: 'expected object' };
  if (typeof e.id !== 'string') return { field: 'id', text: 'expected string' };
  if (!DECIMAL_ID.test(e.id)) return { field: 'id', text: 'expected a decimal id string' };
  if (typeof e.timestamp !== 'number') return { field: 'timestamp', text: 'expected number' };
  if (typeof e.message !== 'string') return { field: 'message', text: 'expected string' };
  return undefined;
}

function isControlMessage(json: unknown): boolean {
  return (
    typeof json === 'object' &&
    json !== null &&
    (json as { messageType?: unknown }).messageType === 'CONTROL_MESSAGE'
  );
}

function isControlText(event: unknown): boolean {
  const message = (event as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message.startsWith(CONTROL_TEXT);
}

/**
 * The batch's events, each id once (the first occurrence kept), an impossible time or a runaway
 * message marked as a `problem` instead of failing the batch or exploding into entries.
 */
function readEvents(raw: readonly LogEvent[]): { events: LogEvent[]; repeated: number } {
  const events: LogEvent[] = increasingIds(raw) ? raw.slice() : uniqueById(raw);
  let newestValid = 0;
  for (const event of events)
    if (validTime(event.timestamp)) newestValid = Math.max(newestValid, event.timestamp);
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const message = event.message;
    if (!validTime(event.timestamp)) {
      events[i] = {
        ...event,
        timestamp: newestValid,
        problem: {
          reason: 'bad-timestamp',
          bytes: Buffer.byteLength(message),
          lines: countLines(message, MAX_EVENT_LINES + 1),
          timestamp: event.timestamp,
        },
      };
      // A message shorter than the line limit cannot hold more lines than it: not counted.
    } else if (
      message.length >= MAX_EVENT_LINES &&
      countLines(message, MAX_EVENT_LINES + 1) > MAX_EVENT_LINES
    ) {
      const bytes = Buffer.byteLength(message);
      const all = countLines(message, Number.POSITIVE_INFINITY);
      events[i] = {
        ...event,
        message: `oversized event: ${bytes} bytes in ${all} lines (over ${MAX_EVENT_LINES}), not split into entries`,
        problem: { reason: 'too-long', bytes, lines: all },
      };
    }
  }
  return { events, repeated: raw.length - events.length };
}

/**
 * Whether every id is greater than the one before (numerically: see `compareEventIds`), as
 * CloudWatch Logs delivers them: then no id repeats, and no set of ids is needed to find out.
 */
function increasingIds(events: readonly LogEvent[]): boolean {
  for (let i = 1; i < events.length; i++)
    if (compareEventIds(events[i - 1]!.id, events[i]!.id) >= 0) return false;
  return true;
}

/** The events, each id once (the first occurrence kept). */
function uniqueById(raw: readonly LogEvent[]): LogEvent[] {
  const seen = new Set<string>();
  const events: LogEvent[] = [];
  for (const event of raw) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    events.push(event);
  }
  return events;
}

function validTime(timestamp: number): boolean {
  return Number.isSafeInteger(timestamp) && timestamp >= 0 && timestamp <= MAX_EVENT_TIME;
}

/** Lines of a message (a trailing newline ends the last line), counting no further than `limit`. */
function countLines(message: string, limit: number): number {
  const text = message.endsWith('\n') ? message.slice(0, -1) : message;
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1 && lines < limit; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

function shapeError(what: string, error: z.core.$ZodError): PayloadShapeError {
  const issue = error.issues[0];
  const path = issue ? issue.path.map(String).join('.') : '';
  const detail = issue ? `${path || '(root)'}: ${describeIssue(issue)}` : 'unknown shape problem';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return new PayloadShapeError(`${what}: ${detail}${more}`, path, { cause: error });
}

/** zod/mini ships no message texts (no locale): say what was expected ourselves. */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    default:
      return issue.message && issue.message !== 'Invalid input' ? issue.message : issue.code;
  }
}
