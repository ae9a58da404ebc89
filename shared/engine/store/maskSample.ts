/**
 * Drain3-style masking so sample lines group: the variable parts of a line (addresses, numbers,
 * ids) become tokens. Order matters: the specific masks run before the general number mask.
 */
/** [pattern, token, a literal the text must contain for the pattern to have a chance (cheap test first)]. */
const MASKS: readonly [RegExp, string, string?][] = [
  [/\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g, '<id>', '-'],
  [/\bi-[0-9a-f]{8,17}\b/g, '<id>', 'i-'],
  [/(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])/g, '<ip>'],
  // IPv6: at least two groups around `::`, or eight full groups; ports and times have fewer colons.
  [/(?<![\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])/g, '<ip>', ':'],
  [
    /(?<![\w:])(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4})*)?::(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4})*)?(?:<ip>)?(?![\w:])/g,
    '<ip>',
    '::',
  ],
  [/\b0x[0-9a-fA-F]+\b/g, '<id>', '0x'],
  // Hex strings with letters and digits (request ids, hashes), at least 8 long.
  [/\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, '<id>'],
];

/** Numbers, except HTTP versions and the errno of `(111: Connection refused)`, which say something. */
const NUMBER = /HTTP\/\d(?:\.\d)?|(?<=\()\d+(?=: )|(?<![A-Za-z0-9])[-+]?\d+(?:\.\d+)?(?![A-Za-z0-9])/g;

/** nginx's `YYYY/MM/DD HH:MM:SS ` timestamp, `pid#tid: ` and `*cid ` at the start of an entry. */
const ENTRY_HEAD = /^.*?\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d (\[[a-z]+\]) \d+#\d+: (?:\*\d+ )?/;

/**
 * The masked form of a raw entry: nginx's time, pid and connection id dropped, then addresses, ids
 * and numbers replaced by `<ip>`, `<id>`, `<num>`.
 *
 * @example maskSample('2024/05/01 10:00:00 [error] 7#7: *9 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1, upstream: "http://127.0.0.1:8080/"')
 * // '[error] connect() failed (111: Connection refused) while connecting to upstream, client: <ip>, upstream: "http://<ip>:<num>/"'
 */
export function maskSample(raw: string): string {
  let text = raw.replace(ENTRY_HEAD, '$1 ');
  for (const [pattern, token, needs] of MASKS)
    if (needs === undefined || text.includes(needs)) text = text.replace(pattern, token);
  return text.replace(NUMBER, (match, offset: number, whole: string) =>
    match.startsWith('HTTP/') || whole[offset - 1] === '(' ? match : '<num>',
  );
}
