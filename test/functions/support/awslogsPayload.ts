import { gzipSync } from 'node:zlib';

/** One log event before encoding; `id` defaults to a 56-digit id derived from timestamp and position. */
export interface PayloadEvent {
  timestamp: number;
  message: string;
  id?: string;
}

export interface PayloadOptions {
  logGroup?: string;
  logStream?: string;
  owner?: string;
  messageType?: string;
  subscriptionFilters?: string[];
  /** Extra top-level keys, e.g. `policyLevel` (account-level subscription policies add it). */
  extra?: Record<string, unknown>;
}

export const DEFAULT_LOG_GROUP = '/ec2/nginx/error.log';
export const DEFAULT_LOG_STREAM = 'i-0a1b2c3d4e5f60718';

/**
 * A 56-digit event id as CloudWatch Logs writes them: larger than 2^53, so only a string keeps it intact.
 * Ids grow with the timestamp and the sequence, like real ones do.
 */
export function eventId(timestamp: number, sequence: number): string {
  return (BigInt(timestamp) * 10n ** 40n + BigInt(sequence)).toString().padStart(56, '0');
}

/** The decoded subscription message (what CloudWatch Logs gzips). */
export function subscriptionMessage(events: readonly PayloadEvent[], options: PayloadOptions = {}) {
  return {
    messageType: options.messageType ?? 'DATA_MESSAGE',
    owner: options.owner ?? '123456789012',
    logGroup: options.logGroup ?? DEFAULT_LOG_GROUP,
    logStream: options.logStream ?? DEFAULT_LOG_STREAM,
    subscriptionFilters: options.subscriptionFilters ?? ['upstream-triage'],
    logEvents: events.map((event, index) => ({
      id: event.id ?? eventId(event.timestamp, index),
      timestamp: event.timestamp,
      message: event.message,
    })),
    ...options.extra,
  };
}

/** Wraps any bytes the way the Lambda event carries them. */
export function awslogsEventFromBytes(bytes: Uint8Array | string) {
  return { awslogs: { data: Buffer.from(bytes).toString('base64') } };
}

/** gzip + base64 of any JSON value: `{ awslogs: { data } }`. */
export function awslogsEventFromJson(value: unknown) {
  return awslogsEventFromBytes(gzipSync(Buffer.from(JSON.stringify(value), 'utf8')));
}

/** A real subscription event carrying `events` for one log stream. */
export function awslogsEvent(events: readonly PayloadEvent[], options: PayloadOptions = {}) {
  return awslogsEventFromJson(subscriptionMessage(events, options));
}

/** One event per line, `stepMs` apart from `start` (CloudWatch's time of record). */
export function eventsFromLines(lines: readonly string[], start: number, stepMs = 1000): PayloadEvent[] {
  return lines.map((message, index) => ({ timestamp: start + index * stepMs, message }));
}

/** The control message CloudWatch Logs sends when it checks a destination. */
export function controlMessageEvent() {
  return awslogsEventFromJson({
    messageType: 'CONTROL_MESSAGE',
    owner: 'CloudwatchLogs',
    logGroup: '',
    logStream: '',
    subscriptionFilters: [],
    logEvents: [
      {
        id: '',
        timestamp: 1_432_826_855_000,
        message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.',
      },
    ],
  });
}
