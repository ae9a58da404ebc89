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
  let count = scanTail(text, 'client');
  if (count === 0 && text.includes(RESOLVER_TAIL)) count = scanTail(text, 'resolver');
  lastCount = 0;
  if (count === 0) return undefined;
  // Accepted right to left: the leftmost value of a repeated key wins.
  const fields: Record<string, string> = {};
  for (let j = count - 1; j >= 0; j--) {
    const known = accKnown[j]!;
    const k = known === -1 ? text.slice(accKey[j]!, accColon[j]!) : KNOWN_KEYS[known]!;
    if (!(k in fields)) fields[k] = text.slice(accFrom[j]!, accTo[j]!);
  }
  return { start: scanStart, fields, truncated: scanTruncated };
}

/**
 * Where the tail of `text` starts (the message ends there), or -1 when it has none: the `start` of
 * {@link parseTail}, without slicing a value. {@link lastTailValue} then reads one of its values.
 */
export function tailStart(text: string): number {
  let count = scanTail(text, 'client');
  if (count === 0 && text.includes(RESOLVER_TAIL)) count = scanTail(text, 'resolver');
  lastCount = count;
  return count === 0 ? -1 : scanStart;
}

/** The value of a known key in the tail {@link tailStart} found last in `text` (the same text). */
export function lastTailValue(text: string, key: 'upstream' | 'host'): string | undefined {
  const known = KNOWN_KEYS.indexOf(key);
  for (let j = lastCount - 1; j >= 0; j--) {
    if (accKnown[j] === known) return text.slice(accFrom[j]!, accTo[j]!);
  }
  return undefined;
}

// Candidate boundaries, reused across calls (the parser is synchronous).
const candPos: number[] = [];
/** Index in KNOWN_KEYS, or -1 for another key (whose text is sliced only if it is accepted). */
const candKnown: number[] = [];
const candColon: number[] = [];
const candValue: number[] = [];
// The accepted boundaries of the last scan, right to left: the key (known index, or its bounds)
// and the value's bounds.
const accKnown: number[] = [];
const accKey: number[] = [];
const accColon: number[] = [];
const accFrom: number[] = [];
const accTo: number[] = [];
let scanStart = -1;
let scanTruncated = false;
let lastCount = 0;

/** For each candidate: the next `, ` after its own and the first quote at or after its value (-1: none). */
const candNextComma: number[] = [];
const candNextQuote: number[] = [];
const CLIENT_MARKER = ', client: ';
const RESOLVER_MARKER = ', resolver: ';
/** Indexes of the first keys in KNOWN_KEYS. */
const RESOLVER = 0;
const CLIENT = 1;

/**
 * One pass from the right over every `, key: ` boundary at or after the first `, <firstKey>: `.
 * Whether a boundary is accepted depends only on the boundaries to its right, so one pass decides
 * every possible start at once: the tail starts at the leftmost accepted `, <firstKey>: ` boundary
 * (the same answer as trying each start from the left, without re-reading the text per start).
 * The checks on a value (`plain`: no quote and no `, ` between the value's start and its end) read
 * the next `, ` and the next quote after each boundary, found by one pass from the left (each part
 * of the text searched once): the work is linear in the length of the line.
 *
 * Returns how many boundaries of the tail were accepted (0: no tail); the tail's start and
 * whether it was cut are left in `scanStart` and `scanTruncated`, its keys and values (as bounds,
 * right to left) in the `acc*` arrays.
 */
function scanTail(text: string, firstKey: 'client' | 'resolver'): number {
  const marker = firstKey === 'client' ? CLIENT_MARKER : RESOLVER_MARKER;
  const first = text.indexOf(marker);
  if (first === -1) return 0;
  const firstKnown = firstKey === 'client' ? CLIENT : RESOLVER;
  let n = 0;
  // The first quote at or after the last search's start; searched again only once passed.
  let quote = -2;
  for (let i = first, next = -1; i !== -1; i = next) {
    next = text.indexOf(', ', i + 2);
    const colon = keyEnd(text, i + 2);
    if (colon === -1) continue;
    const vs = text.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
    if (quote !== -1 && quote < vs) quote = text.indexOf('"', vs);
    candPos[n] = i;
    candKnown[n] = knownKey(text, i + 2, colon);
    candColon[n] = colon;
    candValue[n] = vs;
    candNextComma[n] = next;
    candNextQuote[n] = quote;
    n++;
  }
  let accepted = 0;
  let end = text.length;
  let lastRank = Number.POSITIVE_INFINITY;
  let truncated = false;
  // The best start found so far (the leftmost accepted marker) and what was accepted right of it.
  let best = -1;
  let bestCount = 0;
  let bestTruncated = false;
  for (let c = n - 1; c >= 0; c--) {
    const pos = candPos[c]!;
    const known = candKnown[c]!;
    const vs = candValue[c]!;
    const rank = known === -1 ? undefined : KNOWN_RANK[known];
    const atEnd = end === text.length;
    const quotedWhole = end - vs >= 2 && text.charCodeAt(vs) === QUOTE && text.charCodeAt(end - 1) === QUOTE;
    let from = -1;
    let to = -1;
    let cut = false;
    if (rank !== undefined && rank >= lastRank) {
      // a known key out of nginx's order: text inside a value
    } else if (rank !== undefined && KNOWN_QUOTED[known]) {
      if (quotedWhole) {
        from = vs + 1;
        to = end - 1;
      } else if (atEnd && text.charCodeAt(vs) === QUOTE) {
        from = vs + 1;
        to = end;
        cut = true;
      }
    } else if (atEnd && quotedWhole && rank === undefined) {
      from = vs + 1;
      to = end - 1;
    } else if (plain(c, end)) {
      from = vs;
      to = end;
    }
    if (from === -1) continue;
    accKnown[accepted] = known;
    accKey[accepted] = pos + 2;
    accColon[accepted] = candColon[c]!;
    accFrom[accepted] = from;
    accTo[accepted] = to;
    accepted++;
    end = pos;
    if (cut) truncated = true;
    if (rank !== undefined) lastRank = rank;
    if (known === firstKnown && vs === pos + marker.length) {
      best = pos;
      bestCount = accepted;
      bestTruncated = truncated;
    }
  }
  if (best === -1) return 0;
  scanStart = best;
  scanTruncated = bestTruncated;
  return bestCount;
}

/**
 * Whether candidate `c`'s value, up to `end`, is unquoted: no quote in [value, end) and no `, `
 * wholly inside it. No `, ` lies between a boundary and its value, so the first of each after the
 * boundary decides.
 */
function plain(c: number, end: number): boolean {
  const quote = candNextQuote[c]!;
  if (quote !== -1 && quote < end) return false;
  const comma = candNextComma[c]!;
  return comma === -1 || comma > end - 2;
}

/** Index in KNOWN_KEYS of the key text[from, to), or -1. */
function knownKey(text: string, from: number, to: number): number {
  const length = to - from;
  const first = text.charCodeAt(from);
  for (let k = 0; k < KNOWN_KEYS.length; k++) {
    const name = KNOWN_KEYS[k]!;
    if (name.length === length && name.charCodeAt(0) === first && text.startsWith(name, from)) return k;
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
