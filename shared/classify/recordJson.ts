import type { ClassifiedLine } from '../types.ts';
import { extraFields } from './toRecord.ts';

/**
 * `JSON.stringify(toRecord(c, line, file))`, written field by field: the record's shape is fixed,
 * so no record object is built and only strings that need escaping go through `JSON.stringify`
 * (`classify --format ndjson` prints one per entry). A test holds it to the generic form on every
 * corpus line.
 */
export function recordJson(c: ClassifiedLine, line: number, file?: string): string {
  // Every string written below but the file name and the signature id is `raw`, a part of it, a
  // name of the catalogue's or built of digits: when `raw` needs no escaping, none of them does.
  const str = NEEDS_ESCAPE.test(c.raw) ? escaped : quoted;
  let s = `{"line":${line}`;
  if (file !== undefined) s += `,"file":${escaped(file)}`;
  s += `,"cause":"${c.cause}","signature":${escaped(c.signature)},"status":${c.status === null ? 'null' : num(c.status)}`;
  s += `,"group":"${c.group}","severity":"${c.severity}"`;
  const e = c.entry;
  if (e.kind === 'unparsed')
    return `${s},"level":null,"time":null,"reason":"${e.reason}","raw":${str(e.raw)}}`;
  s += `,"level":"${e.level}","time":${e.time === undefined ? 'null' : str(e.time)}`;
  if (e.pid !== undefined) s += `,"pid":${num(e.pid)}`;
  if (e.tid !== undefined) s += `,"tid":${num(e.tid)}`;
  if (e.cid !== undefined) s += `,"cid":${num(e.cid)}`;
  s += `,"message":${str(e.message)}`;
  if (e.action !== undefined) s += `,"action":${str(e.action)}`;
  s += `,"phase":"${e.phase}"`;
  if (e.syscall !== undefined) s += `,"syscall":${str(e.syscall)}`;
  if (e.errno !== undefined) s += `,"errno":${num(e.errno)}`;
  if (e.errnoText !== undefined) s += `,"errnoText":${str(e.errnoText)}`;
  if (e.errnoName !== undefined) s += `,"errnoName":"${e.errnoName}"`;
  if (e.client !== undefined) s += `,"client":${str(e.client)}`;
  if (e.server !== undefined) s += `,"server":${str(e.server)}`;
  if (e.request !== undefined) s += `,"request":${str(e.request)}`;
  if (e.subrequest !== undefined) s += `,"subrequest":${str(e.subrequest)}`;
  const u = e.upstream;
  if (u !== undefined) {
    s += `,"upstream":${str(u.raw)}`;
    if (u.scheme !== undefined) s += `,"upstreamScheme":${str(u.scheme)}`;
    if (u.address !== undefined) s += `,"upstreamAddress":${str(u.address)}`;
    if (u.port !== undefined) s += `,"upstreamPort":${num(u.port)}`;
    if (u.socketPath !== undefined) s += `,"upstreamSocket":${str(u.socketPath)}`;
  }
  if (e.host !== undefined) s += `,"host":${str(e.host)}`;
  if (e.referrer !== undefined) s += `,"referrer":${str(e.referrer)}`;
  const fields = extraFields(e.fields);
  if (fields !== undefined) s += `,"fields":${JSON.stringify(fields)}`;
  if (e.truncated) s += ',"truncated":true';
  if (e.continuation.length > 0) s += `,"continuationLines":${e.continuation.length}`;
  return `${s},"raw":${str(e.raw)}}`;
}

/** Characters JSON.stringify escapes: quote, backslash, controls, and surrogates (escaped when lone). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function escaped(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

function quoted(s: string): string {
  return `"${s}"`;
}

/** As JSON.stringify writes a number (null for NaN and the infinities). */
function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}
