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

/** Rank of a known key in nginx's order; a key may only appear left of keys of higher rank. */
const RANK: Readonly<Record<string, number>> = {
  resolver: 0,
  client: 0,
  server: 1,
  request: 2,
  subrequest: 3,
  upstream: 4,
  host: 5,
  referrer: 6,
};
const QUOTED: ReadonlySet<string> = new Set(['request', 'subrequest', 'upstream', 'host', 'referrer']);
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

function findTail(text: string, firstKey: 'client' | 'resolver'): Tail | undefined {
  const marker = `, ${firstKey}: `;
  let from = text.indexOf(marker);
  while (from !== -1) {
    const tail = parseTailAt(text, from, firstKey);
    if (tail) return tail;
    from = text.indexOf(marker, from + marker.length);
  }
  return undefined;
}

// Candidate boundaries, reused across calls (the parser is synchronous).
const candPos: number[] = [];
const candKey: string[] = [];
const candValue: number[] = [];

function parseTailAt(text: string, start: number, firstKey: string): Tail | undefined {
  let n = 0;
  for (let i = start; i !== -1; i = text.indexOf(', ', i + 2)) {
    const colon = keyEnd(text, i + 2);
    if (colon === -1) continue;
    candPos[n] = i;
    candKey[n] = text.slice(i + 2, colon);
    candValue[n] = text.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
    n++;
  }
  const keys: string[] = [];
  const values: string[] = [];
  let end = text.length;
  let lastRank = Number.POSITIVE_INFINITY;
  let truncated = false;
  for (let c = n - 1; c >= 0; c--) {
    const pos = candPos[c]!;
    const key = candKey[c]!;
    const vs = candValue[c]!;
    const isFirst = pos === start;
    if (isFirst && key !== firstKey) return undefined;
    const rank = RANK[key];
    const atEnd = end === text.length;
    const quotedWhole = end - vs >= 2 && text.charCodeAt(vs) === QUOTE && text.charCodeAt(end - 1) === QUOTE;
    let value: string | undefined;
    if (rank !== undefined && rank >= lastRank) {
      value = undefined;
    } else if (rank !== undefined && QUOTED.has(key)) {
      if (quotedWhole) value = text.slice(vs + 1, end - 1);
      else if (atEnd && text.charCodeAt(vs) === QUOTE) {
        value = text.slice(vs + 1, end);
        truncated = true;
      }
    } else if (atEnd && quotedWhole && rank === undefined) {
      value = text.slice(vs + 1, end - 1);
    } else if (plain(text, vs, end)) {
      value = text.slice(vs, end);
    }
    if (value === undefined) {
      if (isFirst) return undefined;
      continue;
    }
    keys.push(key);
    values.push(value);
    end = pos;
    if (rank !== undefined) lastRank = rank;
    if (isFirst) {
      const fields: Record<string, string> = {};
      for (let j = keys.length - 1; j >= 0; j--) {
        const k = keys[j]!;
        if (!(k in fields)) fields[k] = values[j]!;
      }
      return { start, fields, truncated };
    }
  }
  return undefined;
}

/** An unquoted value: no quote and no `, ` between `from` and `to`. */
function plain(text: string, from: number, to: number): boolean {
  const q = text.indexOf('"', from);
  if (q !== -1 && q < to) return false;
  const c = text.indexOf(', ', from);
  return c === -1 || c >= to;
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
