import { UPSTREAM_GROUPS } from '#shared/catalogue/index.ts';
import type { EngineEvent } from '#shared/engine/index.ts';
import type { CauseGroup } from '#shared/model/index.ts';
import { CLASSIFIED_EVENT_TYPE } from '#shared/query/index.ts';

/** Longest raw text copied into a log record (FastCGI traces can be far longer). */
export const MAX_RAW_CHARS = 16 * 1024;

/** The structured log line for one classified upstream event (queried with Logs Insights). */
export interface UpstreamEventRecord {
  type: typeof CLASSIFIED_EVENT_TYPE;
  cause: string;
  status: number | null;
  severity: string;
  group: CauseGroup;
  instance: string;
  logGroup: string;
  deployment: string | null;
  upstream: string | null;
  host: string | null;
  server: string | null;
  request: string | null;
  client: string | null;
  /** ISO 8601 of the CloudWatch event timestamp: the time of record (nginx's own has no zone). */
  time: string;
  /** nginx's own timestamp as written, server-local; null on nginx's stderr form (`nginx: [emerg] ...`). */
  nginxTime: string | null;
  /** The entry's header: level, process id, thread id, connection id (`*cid`); null when not written. */
  level: string;
  pid: number | null;
  tid: number | null;
  cid: number | null;
  raw: string;
  rawTruncated?: true;
  /** Events this record stands for: 1, or the events of an aggregate record. */
  count: number;
  /** An aggregate record: `count` events of its (instance, cause, minute) past the per-minute cap. */
  aggregated?: true;
}

/** Whether an event is written as an `upstream_event` line. */
export function isUpstreamEvent(event: EngineEvent): boolean {
  // The group first: reading `entry` of a lazily classified line parses it.
  return UPSTREAM_GROUPS.has(event.classified.group) && event.classified.entry.kind === 'entry';
}

/**
 * The `upstream_event` record of an event (undefined for noise, lifecycle and unparsed lines). Absent
 * fields are `null` rather than missing, so every record has the same keys for Logs Insights. Strings
 * are the log's own text: JSON encoding makes them safe in the log; renderers escape for other media.
 */
export function toUpstreamEventRecord(
  event: EngineEvent,
  deployment: string | undefined,
): UpstreamEventRecord | undefined {
  const c = event.classified;
  if (!UPSTREAM_GROUPS.has(c.group) || c.entry.kind !== 'entry') return undefined;
  const e = c.entry;
  const record: UpstreamEventRecord = {
    type: CLASSIFIED_EVENT_TYPE,
    cause: c.cause,
    status: c.status,
    severity: c.severity,
    group: c.group,
    instance: event.instance,
    logGroup: event.logGroup,
    deployment: deployment ?? null,
    upstream: e.upstream?.raw ?? null,
    host: e.host ?? null,
    server: e.server ?? null,
    request: e.request ?? null,
    client: e.client ?? null,
    time: new Date(event.timestamp).toISOString(),
    nginxTime: e.time ?? null,
    level: e.level,
    pid: e.pid ?? null,
    tid: e.tid ?? null,
    cid: e.cid ?? null,
    raw: e.raw.length > MAX_RAW_CHARS ? e.raw.slice(0, MAX_RAW_CHARS) : e.raw,
    count: 1,
  };
  if (e.raw.length > MAX_RAW_CHARS) record.rawTruncated = true;
  return record;
}
