import type { CauseGroup, CauseId, ClassifiedLine, Level, Phase, Severity } from '../types.ts';

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
  cid?: number;
  message?: string;
  action?: string;
  phase?: Phase;
  syscall?: string;
  errno?: number;
  errnoText?: string;
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

/** Flattens a classified entry into a record; `line` is the 1-based first physical line. */
export function toRecord(c: ClassifiedLine, line: number, file?: string): ClassifiedRecord {
  const base = { line, ...(file === undefined ? {} : { file }), cause: c.cause, signature: c.signature };
  if (c.entry.kind === 'unparsed') {
    return {
      ...base,
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
  const r: Omit<ClassifiedRecord, 'raw'> = {
    ...base,
    status: c.status,
    group: c.group,
    severity: c.severity,
    level: e.level,
    time: e.time,
    pid: e.pid,
  };
  if (e.cid !== undefined) r.cid = e.cid;
  r.message = e.message;
  if (e.action !== undefined) r.action = e.action;
  r.phase = e.phase;
  if (e.syscall !== undefined) r.syscall = e.syscall;
  if (e.errno !== undefined) {
    r.errno = e.errno;
    r.errnoText = e.errnoText ?? '';
  }
  for (const key of ['client', 'server', 'request', 'subrequest', 'host', 'referrer'] as const) {
    const v = e[key];
    if (v !== undefined) r[key] = v;
  }
  if (e.upstream) {
    r.upstream = e.upstream.raw;
    if (e.upstream.scheme !== undefined) r.upstreamScheme = e.upstream.scheme;
    if (e.upstream.address !== undefined) r.upstreamAddress = e.upstream.address;
    if (e.upstream.port !== undefined) r.upstreamPort = e.upstream.port;
    if (e.upstream.socketPath !== undefined) r.upstreamSocket = e.upstream.socketPath;
  }
  const extra = Object.entries(e.fields).filter(([k]) => !KNOWN.has(k));
  if (extra.length > 0) r.fields = Object.fromEntries(extra);
  if (e.truncated) r.truncated = true;
  if (e.continuation.length > 0) r.continuationLines = e.continuation.length;
  return { ...r, raw: e.raw };
}
