import type { CauseGroup, CauseId, ClassifiedLine, Level, Phase, Severity } from '../model/index.ts';

/** The flat record `classify --format ndjson` prints for each entry; stable field names. */
export interface ClassifiedRecord {
  line: number;
  file?: string;
  cause: CauseId;
  signature: string;
  status: number | null;
  group: CauseGroup;
  severity: Severity;
  level: Level | null;
  time: string | null;
  pid?: number;
  tid?: number;
  cid?: number;
  message?: string;
  action?: string;
  phase?: Phase;
  syscall?: string;
  errno?: number;
  errnoText?: string;
  /** The errno by name (`ECONNREFUSED`), the same on every platform. */
  errnoName?: string;
  client?: string;
  server?: string;
  request?: string;
  subrequest?: string;
  upstream?: string;
  upstreamScheme?: string;
  upstreamAddress?: string;
  upstreamPort?: number;
  upstreamSocket?: string;
  host?: string;
  referrer?: string;
  fields?: Record<string, string>;
  truncated?: boolean;
  continuationLines?: number;
  reason?: string;
  raw: string;
}

const KNOWN = new Set(['client', 'server', 'request', 'subrequest', 'upstream', 'host', 'referrer']);

/**
 * Flattens a classified entry into a record; `line` is the 1-based first physical line.
 * Absent fields are `undefined` (JSON.stringify leaves them out): one object literal of a fixed
 * shape keeps this cheap on the per-line path.
 */
export function toRecord(c: ClassifiedLine, line: number, file?: string): ClassifiedRecord {
  if (c.entry.kind === 'unparsed') {
    return {
      line,
      file,
      cause: c.cause,
      signature: c.signature,
      status: null,
      group: c.group,
      severity: c.severity,
      level: null,
      time: null,
      reason: c.entry.reason,
      raw: c.entry.raw,
    };
  }
  const e = c.entry;
  const u = e.upstream;
  return {
    line,
    file,
    cause: c.cause,
    signature: c.signature,
    status: c.status,
    group: c.group,
    severity: c.severity,
    level: e.level,
    time: e.time ?? null,
    pid: e.pid,
    tid: e.tid,
    cid: e.cid,
    message: e.message,
    action: e.action,
    phase: e.phase,
    syscall: e.syscall,
    errno: e.errno,
    errnoText: e.errnoText,
    errnoName: e.errnoName,
    client: e.client,
    server: e.server,
    request: e.request,
    subrequest: e.subrequest,
    upstream: u?.raw,
    upstreamScheme: u?.scheme,
    upstreamAddress: u?.address,
    upstreamPort: u?.port,
    upstreamSocket: u?.socketPath,
    host: e.host,
    referrer: e.referrer,
    fields: extraFields(e.fields),
    truncated: e.truncated ? true : undefined,
    continuationLines: e.continuation.length > 0 ? e.continuation.length : undefined,
    raw: e.raw,
  };
}

function extraFields(fields: Record<string, string>): Record<string, string> | undefined {
  let extra: Record<string, string> | undefined;
  for (const key in fields) {
    if (KNOWN.has(key)) continue;
    extra ??= {};
    extra[key] = fields[key]!;
  }
  return extra;
}
