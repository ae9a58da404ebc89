import {
  type ErrorLogEntry,
  LEVELS,
  type Level,
  type ParsedLine,
  type UnparsedLine,
  type UnparsedReason,
} from '../types.ts';
import { parseTail } from './parseTail.ts';
import { parseUpstream } from './parseUpstream.ts';
import { phaseOf } from './phaseOf.ts';

/*
 * Grammar of one entry (ngx_log_error_core + ngx_http_log_error):
 *
 *   entry   = [prefix] time SP "[" level "]" SP pid "#" tid ":" SP ["*" cid SP] message
 *             [" while " action] [tail] *("\n" continuation)
 *   time    = YYYY "/" MM "/" DD SP hh ":" mm ":" ss          ; server local time, no zone
 *   tail    = ", client: " addr [", server: " name] [", request: " q] [", subrequest: " q]
 *             [", upstream: " q] [", host: " q] [", referrer: " q] *(", " key ": " value)
 *   prefix  = a syslog or journald header before the nginx timestamp
 *
 * FastCGI stderr is written raw, newlines included, so the continuation lines sit between the
 * message and the tail; the tail is therefore looked for in the whole entry text.
 */

const HEAD = /(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) \[([a-z]*)\] (\d+)#(\d+): (?:\*(\d+) )?/y;
const HEAD_NO_PID = /(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) \[([a-z]*)\] ?/y;
const TIMESTAMP_ANYWHERE = /\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[/;
const ERRNO = /\((\d+): ([^()]*)\)/g;
const SYSCALL = /\b([a-zA-Z_][a-zA-Z0-9_]*)\(\)/;
const ACTION = /^[A-Za-z][A-Za-z ]{2,60}$/;
const LEVEL_SET: ReadonlySet<string> = new Set(LEVELS);
/** nginx cuts an entry at NGX_MAX_ERROR_STR (2048 bytes, the newline included). */
const NGINX_MAX_LINE_BYTES = 2047;
/** How far into a line a syslog / journald header may push the nginx timestamp. */
const MAX_PREFIX = 256;

/**
 * Parses one nginx error-log entry. Never throws: what is not an entry comes back as `unparsed`
 * with the reason.
 *
 * @param text one entry: a physical line, or a line and its continuation lines joined by `\n`
 *   (see {@link EntryAssembler}). A trailing `\r` on any line is ignored.
 * @example
 * parseErrorLine('2026/11/03 14:02:11 [error] 2817#2817: *4512 connect() failed (111: Connection refused) ' +
 *   'while connecting to upstream, client: 172.31.7.14, server: api.example.com, ' +
 *   'request: "GET /v1/orders HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/orders", host: "api.example.com"')
 * // { kind: 'entry', level: 'error', errno: 111, action: 'connecting to upstream', phase: 'connect', ... }
 */
export function parseErrorLine(text: string): ParsedLine {
  const raw = text.includes('\r') ? text.replace(/\r(?=\n|$)/g, '') : text;
  if (raw.trim() === '') return unparsed('empty', raw);

  let offset = 0;
  if (!startsWithTimestamp(raw)) {
    const at = raw.slice(0, MAX_PREFIX + 21).search(TIMESTAMP_ANYWHERE);
    if (at === -1 || at > MAX_PREFIX) return unparsed(looksBinary(raw) ? 'binary' : 'no-timestamp', raw);
    offset = at;
  }
  HEAD.lastIndex = offset;
  const m = HEAD.exec(raw);
  if (!m) return unparsed(headProblem(raw, offset), raw);
  const [, y, mo, d, h, mi, s, level, pid, tid, cid] = m;
  if (!validTime(+y!, +mo!, +d!, +h!, +mi!, +s!)) return unparsed('bad-timestamp', raw);
  if (!LEVEL_SET.has(level!)) return unparsed('bad-level', raw);

  const headEnd = HEAD.lastIndex;
  const body = raw.slice(headEnd);
  const newline = body.indexOf('\n');
  const firstLine = newline === -1 ? body : body.slice(0, newline);
  const tail = parseTail(body);
  let message = tail ? body.slice(0, tail.start) : body;
  let truncated = tail?.truncated ?? false;
  if (!tail && cid !== undefined && utf8Length(firstLine) + headEnd - offset >= NGINX_MAX_LINE_BYTES - 1) {
    truncated = true;
  }

  let action: string | undefined;
  const whileAt = message.lastIndexOf(' while ');
  if (whileAt !== -1) {
    const candidate = message.slice(whileAt + 7);
    if (ACTION.test(candidate)) {
      action = candidate;
      message = message.slice(0, whileAt);
    }
  }

  const entry: ErrorLogEntry = {
    kind: 'entry',
    time: `${y}-${mo}-${d}T${h}:${mi}:${s}`,
    level: level as Level,
    pid: +pid!,
    tid: +tid!,
    message,
    phase: phaseOf(action),
    fields: tail?.fields ?? {},
    truncated,
    continuation: newline === -1 ? [] : body.slice(newline + 1).split('\n'),
    raw,
  };
  if (cid !== undefined) entry.cid = +cid;
  if (action !== undefined) entry.action = action;
  if (offset > 0) entry.prefix = raw.slice(0, offset);
  addErrno(entry, message);
  const syscall = SYSCALL.exec(message.length > 200 ? message.slice(0, 200) : message);
  if (syscall) entry.syscall = `${syscall[1]}()`;
  if (tail) addKnownFields(entry, tail.fields);
  return entry;
}

function addErrno(entry: ErrorLogEntry, message: string): void {
  if (!message.includes(': ')) return;
  ERRNO.lastIndex = 0;
  let last: RegExpExecArray | null = null;
  for (let m = ERRNO.exec(message); m !== null; m = ERRNO.exec(message)) last = m;
  if (last) {
    entry.errno = +last[1]!;
    entry.errnoText = last[2]!;
  }
}

function addKnownFields(entry: ErrorLogEntry, fields: Record<string, string>): void {
  const { client, server, request, subrequest, upstream, host, referrer } = fields;
  if (client !== undefined) entry.client = client;
  if (server !== undefined) entry.server = server;
  if (request !== undefined) entry.request = request;
  if (subrequest !== undefined) entry.subrequest = subrequest;
  if (upstream !== undefined) entry.upstream = parseUpstream(upstream);
  if (host !== undefined) entry.host = host;
  if (referrer !== undefined) entry.referrer = referrer;
}

function startsWithTimestamp(s: string): boolean {
  const c = s.charCodeAt(0);
  return c >= 48 && c <= 57 && s.charCodeAt(4) === 47 && s.charCodeAt(7) === 47;
}

function headProblem(raw: string, offset: number): UnparsedReason {
  HEAD_NO_PID.lastIndex = offset;
  if (!HEAD_NO_PID.test(raw)) {
    return /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /.test(raw.slice(offset)) ? 'no-level' : 'bad-timestamp';
  }
  return 'no-pid';
}

function validTime(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return y >= 1970 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 60;
}

/** True when the text is mostly control characters or replacement characters: not a log line. */
function looksBinary(s: string): boolean {
  const n = Math.min(s.length, 256);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 0xfffd || c === 127) bad++;
  }
  return bad > 0 && bad * 10 >= n;
}

/** UTF-8 byte length without allocating. */
export function utf8Length(s: string): number {
  let bytes = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

function unparsed(reason: UnparsedReason, raw: string): UnparsedLine {
  return { kind: 'unparsed', reason, raw };
}
