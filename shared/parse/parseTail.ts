/**
 * The `, key: value` tail that ngx_http_log_error() appends to a message:
 *
 *     client: <addr>, server: <name>, request: "<line>", subrequest: "<uri>", upstream: "<url>",
 *     host: "<host>", referrer: "<url>"
 *
 * Request lines, hosts and referrers come from clients and may contain anything, commas and quotes
 * included, so the tail is read from the right: each candidate `, key: ` boundary is accepted only
 * if the value to its right is well formed and the keys keep nginx's order. A boundary that fails
 * those tests is text inside a value.
 *
 * This runs once per log line, so it scans with indexOf and char codes, and slices a value only
 * once its boundary is accepted.
 */

/** The keys nginx writes, in its order; a key may only appear left of keys of higher rank. */
const KNOWN_KEYS = ['resolver', 'client', 'server', 'request', 'subrequest', 'upstream', 'host', 'referrer'];
const KNOWN_RANK = [0, 0, 1, 2, 3, 4, 5, 6];
/** Known keys whose value nginx writes in quotes. */
const KNOWN_QUOTED = [false, false, false, true, true, true, true, true];
const QUOTE = 34;
/** ngx_resolver_log_error() writes ` while resolving, resolver: <addr>` instead of the request tail. */
const RESOLVER_TAIL = ', resolver: ';

export interface Tail {
  /** Where the tail (`, client: `) starts in the text; the message ends there. */
  start: number;
  fields: Record<string, string>;
  /** The last value lacked its closing quote: the line was cut. */
  truncated: boolean;
}

/**
 * Finds and parses the tail of `text` (the part after `pid#tid: *cid `). Returns undefined when the
 * text has no well-formed tail.
 */
export function parseTail(text: string): Tail | undefined {
  return findTail(text, 'client') ?? (text.includes(RESOLVER_TAIL) ? findTail(text, 'resolver') : undefined);
}

// Candidate boundaries, reused across calls (the parser is synchronous).
const candPos: number[] = [];
/** Index in KNOWN_KEYS, or -1 for another key (whose text is sliced only if it is accepted). */
const candKnown: number[] = [];
const candColon: number[] = [];
const candValue: number[] = [];

/**
 * One pass from the right over every `, key: ` boundary at or after the first `, <firstKey>: `.
 * Whether a boundary is accepted depends only on the boundaries to its right, so one pass decides
 * every possible start at once: the tail starts at the leftmost accepted `, <firstKey>: ` boundary
 * (the same answer as trying each start from the left, without re-reading the text per start).
 * The checks on a value (`plain`) use the nearest quote and `, ` left of the current value's end,
 * cached while that end does not move past them, so the text is scanned a bounded number of times:
 * the work is linear in the length of the line.
 */
function findTail(text: string, firstKey: 'client' | 'resolver'): Tail | undefined {
  const marker = `, ${firstKey}: `;
  const first = text.indexOf(marker);
  if (first === -1) return undefined;
  let n = 0;
  for (let i = first; i !== -1; i = text.indexOf(', ', i + 2)) {
    const colon = keyEnd(text, i + 2);
    if (colon === -1) continue;
    candPos[n] = i;
    candKnown[n] = knownKey(text, i + 2, colon);
    candColon[n] = colon;
    candValue[n] = text.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
    n++;
  }
  const keys: string[] = [];
  const values: string[] = [];
  let end = text.length;
  let lastRank = Number.POSITIVE_INFINITY;
  let truncated = false;
  // The best start found so far (the leftmost accepted marker) and what was accepted right of it.
  let best = -1;
  let bestCount = 0;
  let bestTruncated = false;
  const nearest = new NearestLeft(text);
  for (let c = n - 1; c >= 0; c--) {
    const pos = candPos[c]!;
    const known = candKnown[c]!;
    const vs = candValue[c]!;
    const rank = known === -1 ? undefined : KNOWN_RANK[known];
    const atEnd = end === text.length;
    const quotedWhole = end - vs >= 2 && text.charCodeAt(vs) === QUOTE && text.charCodeAt(end - 1) === QUOTE;
    let value: string | undefined;
    let cut = false;
    if (rank !== undefined && rank >= lastRank) {
      value = undefined;
    } else if (rank !== undefined && KNOWN_QUOTED[known]) {
      if (quotedWhole) value = text.slice(vs + 1, end - 1);
      else if (atEnd && text.charCodeAt(vs) === QUOTE) {
        value = text.slice(vs + 1, end);
        cut = true;
      }
    } else if (atEnd && quotedWhole && rank === undefined) {
      value = text.slice(vs + 1, end - 1);
    } else if (nearest.plain(vs, end)) {
      value = text.slice(vs, end);
    }
    if (value === undefined) continue;
    const key = known === -1 ? text.slice(pos + 2, candColon[c]!) : KNOWN_KEYS[known]!;
    keys.push(key);
    values.push(value);
    end = pos;
    if (cut) truncated = true;
    if (rank !== undefined) lastRank = rank;
    if (key === firstKey && vs === pos + marker.length) {
      best = pos;
      bestCount = keys.length;
      bestTruncated = truncated;
    }
  }
  if (best === -1) return undefined;
  const fields: Record<string, string> = {};
  for (let j = bestCount - 1; j >= 0; j--) {
    const k = keys[j]!;
    if (!(k in fields)) fields[k] = values[j]!;
  }
  return { start: best, fields, truncated: bestTruncated };
}

/**
 * Answers "is there a quote or a `, ` in [from, to)" for a `to` that only moves left, scanning each
 * part of the text at most once.
 */
class NearestLeft {
  private quoteTo = -1;
  private quoteAt = -1;
  private commaTo = -1;
  private commaAt = -1;

  constructor(private readonly text: string) {}

  /** An unquoted value: no quote and no `, ` between `from` and `to`. */
  plain(from: number, to: number): boolean {
    if (this.quoteTo === -1 || this.quoteAt >= to) {
      this.quoteAt = to === 0 ? -1 : this.text.lastIndexOf('"', to - 1);
      this.quoteTo = to;
    }
    if (this.quoteAt >= from) return false;
    if (this.commaTo === -1 || this.commaAt >= to - 1) {
      this.commaAt = to < 2 ? -1 : this.text.lastIndexOf(', ', to - 2);
      this.commaTo = to;
    }
    return this.commaAt < from;
  }
}

/** Index in KNOWN_KEYS of the key text[from, to), or -1. */
function knownKey(text: string, from: number, to: number): number {
  const length = to - from;
  for (let k = 0; k < KNOWN_KEYS.length; k++) {
    const name = KNOWN_KEYS[k]!;
    if (name.length === length && text.startsWith(name, from)) return k;
  }
  return -1;
}

/**
 * If a key starts at `p` (`[a-z][a-z_/]*` words, at most three, separated by single spaces, then
 * `:`), returns the index of the colon; else -1.
 */
function keyEnd(text: string, p: number): number {
  let words = 0;
  let i = p;
  for (;;) {
    const first = text.charCodeAt(i);
    if (first < 97 || first > 122) return -1;
    i++;
    for (
      let c = text.charCodeAt(i);
      (c >= 97 && c <= 122) || c === 95 || c === 47;
      c = text.charCodeAt(++i)
    ) {}
    words++;
    const c = text.charCodeAt(i);
    if (c === 58) return i;
    if (c !== 32 || words === 3) return -1;
    i++;
  }
}
