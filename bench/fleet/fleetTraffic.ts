/**
 * The fleet's log traffic during the simulated incident: every instance's backend refuses connections,
 * so its nginx writes `connect() failed (111: Connection refused)` lines (the shape of the real
 * captures in `examples/fleet-outage/`) at a fixed rate, and CloudWatch Logs delivers one subscription
 * payload per log stream every `batchSeconds` of event time.
 *
 * Deterministic: the same (instance, batch time) always gives the same bytes, so runs compare.
 */
import { gzipSync } from 'node:zlib';
import { Rng } from '../Rng.ts';

export const LOG_GROUP = '/ec2/shop/nginx/error.log';
/** 2026-11-22T02:00:00Z: the first second of the incident. */
export const INCIDENT_START = Date.UTC(2026, 10, 22, 2, 0, 0);

export interface TrafficShape {
  /** Error lines per second per instance. */
  linesPerSecond: number;
  /** Event time covered by one subscription payload of one log stream. */
  batchSeconds: number;
}

export const DEFAULT_SHAPE: TrafficShape = { linesPerSecond: 50, batchSeconds: 5 };

/** The CloudWatch agent's default log stream name: the EC2 instance id (17 hex digits). */
export function instanceId(index: number): string {
  return `i-0${(0xf1e2d3c4b5a00000n + BigInt(index)).toString(16).padStart(16, '0')}`;
}

const URIS = [
  '/',
  '/api/orders',
  '/api/cart',
  '/api/products?page=2',
  '/api/orders/10428',
  '/api/users/me',
  '/api/checkout',
  '/static/app.js',
  '/api/search?q=linen+shirt',
  '/api/inventory/sku-88213',
];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST'];

/** The nginx timestamp `YYYY/MM/DD hh:mm:ss` of epoch ms, in UTC (the captures run with TZ=UTC). */
function nginxTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** A 56-digit event id that grows with time and position, like CloudWatch's. */
function eventId(timestamp: number, sequence: number): string {
  return (BigInt(timestamp) * 10n ** 40n + BigInt(sequence)).toString().padStart(56, '0');
}

export interface LogEvent {
  id: string;
  timestamp: number;
  message: string;
}

/**
 * The error lines instance `index` writes in [start, start + batchSeconds): refused connections from
 * varying clients to varying URIs, each on its own connection number, as nginx numbers them.
 */
export function batchEvents(index: number, start: number, shape: TrafficShape = DEFAULT_SHAPE): LogEvent[] {
  const rng = new Rng((index + 1) * 7_919 + Math.floor(start / 1000));
  const pid = 10_000 + (index % 5_000);
  const backend = `10.0.${(index >> 8) & 255}.${index & 255}:8080`;
  const count = shape.linesPerSecond * shape.batchSeconds;
  const stepMs = 1000 / shape.linesPerSecond;
  // nginx numbers connections per worker; two requests per line (keepalive probes in between).
  let connection = 100 + Math.floor((start - INCIDENT_START) / 1000) * shape.linesPerSecond * 2;
  const events: LogEvent[] = [];
  for (let n = 0; n < count; n++) {
    const timestamp = Math.floor(start + n * stepMs);
    const uri = URIS[rng.skewed(URIS.length, 2)] ?? '/';
    const client = `10.${rng.int(1, 3)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    connection += 2;
    const message = `${nginxTime(timestamp)} [error] ${pid}#${pid}: *${connection} connect() failed (111: Connection refused) while connecting to upstream, client: ${client}, server: api.example.com, request: "${rng.pick(METHODS)} ${uri} HTTP/1.1", upstream: "http://${backend}${uri}", host: "api.example.com"`;
    events.push({ id: eventId(timestamp, n), timestamp, message });
  }
  return events;
}

/** The Lambda event CloudWatch Logs sends for one log stream's payload: `{ awslogs: { data } }`. */
export function subscriptionEvent(logStream: string, events: readonly LogEvent[], logGroup = LOG_GROUP) {
  const message = {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup,
    logStream,
    subscriptionFilters: ['upstream-triage'],
    logEvents: events,
  };
  return { awslogs: { data: gzipSync(Buffer.from(JSON.stringify(message), 'utf8')).toString('base64') } };
}
