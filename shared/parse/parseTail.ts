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
const QUOTED = new Set(['request', 'subrequest', 'upstream', 'host', 'referrer']);
const BOUNDARY = /, ([a-z][a-z_/]*(?: [a-z][a-z_/]*){0,2}): ?/g;

export interface Tail {
  /** Where the tail (`, client: `) starts in the text; the message ends there. */
  start: number;
  fields: Record<string, string>;
  /** The last value lacked its closing quote: the line was cut. */
  truncated: boolean;
}

interface Candidate {
  pos: number;
  key: string;
  valueStart: number;
}

/**
 * Finds and parses the tail of `text` (the part after `pid#tid: *cid `). Returns undefined when the
 * text has no well-formed tail.
 */
export function parseTail(text: string): Tail | undefined {
  return findTail(text, 'client') ?? (text.includes(RESOLVER_TAIL) ? findTail(text, 'resolver') : undefined);
}

/** ngx_resolver_log_error() writes ` while resolving, resolver: <addr>` instead of the request tail. */
const RESOLVER_TAIL = ', resolver: ';

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

function parseTailAt(text: string, start: number, firstKey: string): Tail | undefined {
  const candidates: Candidate[] = [];
  BOUNDARY.lastIndex = start;
  for (let m = BOUNDARY.exec(text); m !== null; m = BOUNDARY.exec(text)) {
    candidates.push({ pos: m.index, key: m[1]!, valueStart: m.index + m[0].length });
  }
  const reversed: Array<[string, string]> = [];
  let end = text.length;
  let lastRank = Number.POSITIVE_INFINITY;
  let truncated = false;
  for (let i = candidates.length - 1; i >= 0; i--) {
    const c = candidates[i]!;
    const isFirst = c.pos === start;
    if (isFirst && c.key !== firstKey) return undefined;
    let value = text.slice(c.valueStart, end);
    const rank = RANK[c.key];
    let accept: boolean;
    if (rank !== undefined) {
      accept = rank < lastRank;
      if (accept && QUOTED.has(c.key)) {
        const closed = value.length >= 2 && value.startsWith('"') && value.endsWith('"');
        const cut = !closed && end === text.length && value.startsWith('"');
        accept = closed || cut;
        if (cut) truncated = true;
        value = closed ? value.slice(1, -1) : value.slice(1);
      } else if (accept) {
        accept = !value.includes('"') && !value.includes(', ');
      }
    } else {
      // Unknown key: an unquoted value without quotes or ", ", or a quoted value at the very end.
      const quotedAtEnd =
        end === text.length && value.length >= 2 && value.startsWith('"') && value.endsWith('"');
      accept = quotedAtEnd || (!value.includes('"') && !value.includes(', '));
      if (quotedAtEnd) value = value.slice(1, -1);
    }
    if (!accept) {
      if (isFirst) return undefined;
      continue;
    }
    reversed.push([c.key, value]);
    end = c.pos;
    if (rank !== undefined) lastRank = rank;
    if (isFirst) {
      const fields: Record<string, string> = {};
      for (let j = reversed.length - 1; j >= 0; j--) {
        const [key, v] = reversed[j]!;
        if (!(key in fields)) fields[key] = v;
      }
      return { start, fields, truncated };
    }
  }
  return undefined;
}
