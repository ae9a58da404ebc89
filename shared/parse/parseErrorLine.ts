import {
  type ErrnoName,
  type ErrorLogEntry,
  LEVELS,
  type Level,
  type ParsedLine,
  type UnparsedLine,
  type UnparsedReason,
} from '../model/index.ts';
import { errnoName } from './errnoNames.ts';
import { parseTail, type Tail, tailStart } from './parseTail.ts';
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
 * nginx's stderr form, `[prefix] "nginx: [" level "] " message`, is read as an entry without time, pid
 * and tid (see parseStderr).
 *
 * FastCGI stderr is written raw, newlines included, so the continuation lines sit between the
 * message and the tail; the tail is therefore looked for in the whole entry text.
 */

const HEAD_NO_PID = /(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) \[([a-z]{0,16})\] ?/y;
const TIMESTAMP_ANYWHERE = /\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[/;
const ERRNO = /\((\d{1,9}): ([^()]{0,512})\)/g;
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

  let offset = 0;
  if (!startsWithTimestamp(raw)) {
    if (raw.trim() === '') return unparsed('empty', raw);
    const at = raw.slice(0, MAX_PREFIX + 21).search(TIMESTAMP_ANYWHERE);
    if (at === -1 || at > MAX_PREFIX)
      return parseStderr(raw) ?? unparsed(looksBinary(raw) ? 'binary' : 'no-timestamp', raw);
    offset = at;
  }
  const head = readHead(raw, offset);
  if (head === undefined) return unparsed(headProblem(raw, offset), raw);
  const { level, pid, tid, cid } = head;
  if (!validTime(raw, offset)) return unparsed('bad-timestamp', raw);
  if (!LEVEL_SET.has(level)) return unparsed('bad-level', raw);
  return entryOf(raw, offset, head.end, level as Level, isoTime(raw, offset), pid, tid, cid);
}

/** The message, action, tail and errno of an entry whose head ends at `headEnd`. */
function entryOf(
  raw: string,
  offset: number,
  headEnd: number,
  level: Level,
  time: string | undefined,
  pid: number | undefined,
  tid: number | undefined,
  cid: number,
): ErrorLogEntry {
  const body = raw.slice(headEnd);
  const newline = body.indexOf('\n');
  const firstLine = newline === -1 ? body : body.slice(0, newline);
  const { tail, message, action } = splitBody(body);
  let truncated = tail?.truncated ?? false;
  if (!tail && cid !== -1 && utf8Length(firstLine) + headEnd - offset >= NGINX_MAX_LINE_BYTES - 1) {
    truncated = true;
  }

  const errno = lastErrno(message);
  const errnoCode = errno ? +errno[1]! : undefined;
  const errnoText = errno ? errno[2]! : undefined;
  const fields = tail?.fields;
  const upstream = fields?.upstream;
  // Every key in one literal, absent ones undefined (JSON leaves them out): one object shape for
  // every entry, so readers of its fields see one shape, and one allocation.
  const entry: ErrorLogEntry = {
    kind: 'entry',
    level,
    message,
    phase: phaseOf(action),
    fields: fields ?? {},
    truncated,
    continuation: newline === -1 ? [] : body.slice(newline + 1).split('\n'),
    raw,
    time,
    pid,
    tid,
    cid: cid === -1 ? undefined : cid,
    action,
    prefix: offset > 0 ? raw.slice(0, offset) : undefined,
    errno: errnoCode,
    errnoText,
    errnoName: errnoCode === undefined ? undefined : errnoName(errnoCode, errnoText!),
    syscall: syscallOf(message),
    client: fields?.client,
    server: fields?.server,
    request: fields?.request,
    subrequest: fields?.subrequest,
    upstream: upstream === undefined ? undefined : parseUpstream(upstream),
    host: fields?.host,
    referrer: fields?.referrer,
  };
  return entry;
}

/**
 * nginx appends ` (errno: text)` to the formatted message (ngx_log_errno), so it sits at the end of
 * the message, at most a ` in file:line` after it: only the message's last characters are read.
 */
const ERRNO_WINDOW = 1024;

/**
 * nginx's own stderr (ngx_log_error_core writes `nginx: [level] message` there while it starts, reloads
 * or tests its configuration; ngx_log_stderr writes `nginx -t`'s verdict as `nginx: ...` without a
 * level), as the terminal, systemd's journal or syslog capture it. It has no timestamp, pid or tid of
 * its own: the time comes from the record's ISO 8601 prefix when it has one (journalctl -o short-iso,
 * RFC 5424 syslog) and the pid from a `name[pid]:` tag.
 */
const STDERR_HEAD = 'nginx: ';
const CONFIG_TEST: readonly [start: string, end: string, level: Level][] = [
  ['the configuration file ', ' syntax is ok', 'notice'],
  ['configuration file ', ' test is successful', 'notice'],
  // nginx -t writes no level here; the [emerg] it printed before is why it failed.
  ['configuration file ', ' test failed', 'emerg'],
];
const RECORD_TIME = /(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)/;
const TAG_PID = /\[(\d{1,10})\]: ?$/;

function parseStderr(raw: string): ErrorLogEntry | undefined {
  const window = raw.slice(0, MAX_PREFIX + STDERR_HEAD.length);
  for (let at = window.indexOf(STDERR_HEAD); at !== -1; at = window.indexOf(STDERR_HEAD, at + 1)) {
    if (at > 0 && raw.charCodeAt(at - 1) !== 32) continue;
    const start = at + STDERR_HEAD.length;
    let level: Level | undefined;
    let headEnd = start;
    if (raw.charCodeAt(start) === 91) {
      const close = raw.indexOf('] ', start);
      const name = close === -1 || close > start + 8 ? '' : raw.slice(start + 1, close);
      if (!LEVEL_SET.has(name)) continue;
      level = name as Level;
      headEnd = close + 2;
    } else {
      const newline = raw.indexOf('\n', start);
      const line = (newline === -1 ? raw.slice(start) : raw.slice(start, newline)).trimEnd();
      level = CONFIG_TEST.find(([s, e]) => line.startsWith(s) && line.endsWith(e))?.[2];
      if (level === undefined) continue;
    }
    const prefix = raw.slice(0, at);
    const timeMatch = RECORD_TIME.exec(prefix.slice(0, 64));
    const pidMatch = TAG_PID.exec(prefix);
    const time = timeMatch ? `${timeMatch[1]}T${timeMatch[2]}` : undefined;
    return entryOf(raw, at, headEnd, level, time, pidMatch ? Number(pidMatch[1]) : undefined, undefined, -1);
  }
  return undefined;
}

/**
 * The entry's body (the text after `pid#tid: *cid `) split into the message, the ` while <action>` text
 * and the tail. The lazy classifier reads entries through this too, so both see the same message.
 */
export function splitBody(body: string): {
  tail: Tail | undefined;
  message: string;
  action: string | undefined;
} {
  const tail = parseTail(body);
  const { message, action } = cutAction(tail ? body.slice(0, tail.start) : body);
  return { tail, message, action };
}

/**
 * The message and action of {@link splitBody} without the tail's values: whether there is a tail,
 * whose values {@link lastTailValue} then reads from the same `body`.
 */
export function splitMessage(body: string): {
  message: string;
  action: string | undefined;
  tail: boolean;
} {
  const start = tailStart(body);
  const { message, action } = cutAction(start === -1 ? body : body.slice(0, start));
  return { message, action, tail: start !== -1 };
}

/** The ` while <action>` text at the end of a message, cut off. */
function cutAction(text: string): { message: string; action: string | undefined } {
  // The last ` while `, found forwards: `indexOf` costs less per call than `lastIndexOf`, and a
  // message holds one at most, as a rule.
  let whileAt = -1;
  for (let at = text.indexOf(' while '); at !== -1; at = text.indexOf(' while ', at + 1)) whileAt = at;
  if (whileAt !== -1) {
    const candidate = text.slice(whileAt + 7);
    if (ACTION.test(candidate)) return { message: text.slice(0, whileAt), action: candidate };
  }
  return { message: text, action: undefined };
}

/**
 * The head of an entry that starts with nginx's timestamp and has no `\r` (the common shape), or
 * undefined for anything else (prefix, stderr form, bad head, time or level, `\r`): then only
 * {@link parseErrorLine} knows what it is.
 */
export function readPlainHead(raw: string): Head | undefined {
  if (!startsWithTimestamp(raw) || raw.includes('\r')) return undefined;
  const head = readHead(raw, 0);
  if (head === undefined || !validTime(raw, 0) || !LEVEL_SET.has(head.level)) return undefined;
  return head;
}

/**
 * What {@link readPlainHead} accepts, as one sticky regex (run as native code, no object built):
 * nginx's timestamp with a valid date and time (as `validTime` checks it), a known level, `pid#tid: `
 * and an optional `*cid `.
 */
const PLAIN_HEAD =
  /(?:19[7-9]\d|[2-9]\d{3})\/(?:0[1-9]|1[0-2])\/(?:0[1-9]|[12]\d|3[01]) (?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60) \[(?:debug|info|notice|warn|error|crit|alert|emerg)\] \d+#\d+: (?:\*\d+ )?/y;

/**
 * Where the message starts in an entry of the common shape ({@link readPlainHead}'s `end`), or -1
 * when {@link readPlainHead} would return undefined; the level is then {@link plainLevel}'s.
 */
export function plainHeadEnd(raw: string): number {
  PLAIN_HEAD.lastIndex = 0;
  if (!PLAIN_HEAD.test(raw) || raw.includes('\r')) return -1;
  return PLAIN_HEAD.lastIndex;
}

/** The level of an entry {@link plainHeadEnd} accepted, told apart by its first two letters. */
export function plainLevel(raw: string): Level {
  switch (raw.charCodeAt(21)) {
    case 100:
      return 'debug';
    case 105:
      return 'info';
    case 110:
      return 'notice';
    case 119:
      return 'warn';
    case 99:
      return 'crit';
    case 97:
      return 'alert';
    default:
      return raw.charCodeAt(22) === 114 ? 'error' : 'emerg';
  }
}

/** The errno name of a message, as {@link parseErrorLine} reads it (the lazy classifier's filter). */
export function errnoNameOf(message: string): ErrnoName | undefined {
  const last = lastErrno(message);
  return last ? errnoName(+last[1]!, last[2]!) : undefined;
}

/** The last `(NN: text)` of the message's end. */
function lastErrno(message: string): RegExpExecArray | null {
  const text = message.length > ERRNO_WINDOW ? message.slice(-ERRNO_WINDOW) : message;
  if (!text.includes(': ')) return null;
  ERRNO.lastIndex = 0;
  let last: RegExpExecArray | null = null;
  for (let m = ERRNO.exec(text); m !== null; m = ERRNO.exec(text)) last = m;
  return last;
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

/** `YYYY/MM/DD hh:mm:ss` at `o` (the shape was checked by readHead) is a real date and time. */
function validTime(raw: string, o: number): boolean {
  const mo = num(raw, o + 5, 2);
  const d = num(raw, o + 8, 2);
  return (
    num(raw, o, 4) >= 1970 &&
    mo >= 1 &&
    mo <= 12 &&
    d >= 1 &&
    d <= 31 &&
    num(raw, o + 11, 2) <= 23 &&
    num(raw, o + 14, 2) <= 59 &&
    num(raw, o + 17, 2) <= 60
  );
}

/** nginx's time at `o` as `YYYY-MM-DDTHH:MM:SS`. */
export function isoTime(raw: string, o: number): string {
  return `${raw.slice(o, o + 4)}-${raw.slice(o + 5, o + 7)}-${raw.slice(o + 8, o + 10)}T${raw.slice(o + 11, o + 19)}`;
}

export interface Head {
  level: string;
  pid: number;
  tid: number;
  /** -1 when the line has no `*cid`. */
  cid: number;
  /** Index of the message's first character. */
  end: number;
}

/**
 * Reads `YYYY/MM/DD hh:mm:ss [level] pid#tid: [*cid ]` at `o` with char codes (this runs once per
 * line; a regex with ten captures allocated ten strings). Undefined when the shape is wrong;
 * {@link headProblem} then names the reason.
 */
function readHead(raw: string, o: number): Head | undefined {
  if (
    !isDigits(raw, o, 4) ||
    raw.charCodeAt(o + 4) !== 47 ||
    !isDigits(raw, o + 5, 2) ||
    raw.charCodeAt(o + 7) !== 47
  )
    return undefined;
  if (
    !isDigits(raw, o + 8, 2) ||
    raw.charCodeAt(o + 10) !== 32 ||
    !isDigits(raw, o + 11, 2) ||
    raw.charCodeAt(o + 13) !== 58
  )
    return undefined;
  if (!isDigits(raw, o + 14, 2) || raw.charCodeAt(o + 16) !== 58 || !isDigits(raw, o + 17, 2))
    return undefined;
  if (raw.charCodeAt(o + 19) !== 32 || raw.charCodeAt(o + 20) !== 91) return undefined;
  const close = raw.indexOf(']', o + 21);
  if (close === -1 || close > o + 40 || raw.charCodeAt(close + 1) !== 32) return undefined;
  const level = raw.slice(o + 21, close);
  let i = close + 2;
  const pidStart = i;
  while (isDigit(raw.charCodeAt(i))) i++;
  if (i === pidStart || raw.charCodeAt(i) !== 35) return undefined;
  const pid = num(raw, pidStart, i - pidStart);
  const tidStart = ++i;
  while (isDigit(raw.charCodeAt(i))) i++;
  if (i === tidStart || raw.charCodeAt(i) !== 58 || raw.charCodeAt(i + 1) !== 32) return undefined;
  const tid = num(raw, tidStart, i - tidStart);
  i += 2;
  let cid = -1;
  if (raw.charCodeAt(i) === 42) {
    let j = i + 1;
    while (isDigit(raw.charCodeAt(j))) j++;
    if (j > i + 1 && raw.charCodeAt(j) === 32) {
      cid = num(raw, i + 1, j - i - 1);
      i = j + 1;
    }
  }
  return { level, pid, tid, cid, end: i };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isDigits(s: string, from: number, n: number): boolean {
  for (let i = from; i < from + n; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** The decimal number in `n` digit characters at `from` (already checked to be digits). */
function num(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) v = v * 10 + s.charCodeAt(i) - 48;
  return v;
}

/** The first `name()` in the message, e.g. `connect()`, looked up by its `()` rather than a regex. */
function syscallOf(message: string): string | undefined {
  const limit = Math.min(message.length, 200);
  for (let p = message.indexOf('()'); p !== -1 && p < limit; p = message.indexOf('()', p + 2)) {
    let b = p;
    while (b > 0 && isWordChar(message.charCodeAt(b - 1))) b--;
    if (b < p && !isDigit(message.charCodeAt(b)) && (b === 0 || !isWordChar(message.charCodeAt(b - 1))))
      return message.slice(b, p + 2);
  }
  return undefined;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95;
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
