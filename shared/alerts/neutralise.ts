/**
 * Makes text from a log (request lines, hosts, referrers, samples) harmless in an e-mail, a
 * terminal, a JSON consumer or an HTML page: no line or header injection, no terminal escapes, no
 * bidi tricks, no markup, no broken UTF-16, bounded length.
 */

/** ANSI CSI and OSC sequences, then any other ESC-led pair. */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]?/g;
/** C0 controls (tab included: it breaks alignment), DEL, C1 controls, bidi overrides and isolates, line/paragraph separators. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** Tokens the masking writes: kept as they are after `<` and `>` are replaced. */
const MASK_TOKEN = /\u2039(ip|num|id)\u203a/g;

/** Replaces lone surrogates by U+FFFD so the text is valid UTF-16 (and encodes to valid UTF-8). */
export function toWellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair, marking the cut. */
export function clip(text: string, max: number, marker = '...'): string {
  if (text.length <= max) return text;
  const mark = marker.length < max ? marker : '';
  let end = max - mark.length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end) + mark;
}

/**
 * The printable, inert form of an untrusted value: escapes and control characters shown as
 * `\xNN` / `\uNNNN` (so an operator sees that something odd was there), `<` and `>` replaced by
 * `‹` and `›` (except the masking tokens `<ip>`, `<num>`, `<id>`; `markup: true` keeps them, for
 * the project's own texts), clipped to `max`.
 *
 * @example neutralise('GET /\r\nX-Injected: 1 <script>') // 'GET /\\x0d\\x0aX-Injected: 1 ‹script›'
 */
export function neutralise(value: string, max = 500, options: { markup?: boolean } = {}): string {
  const clipped = clip(value, max * 4, '');
  const text = toWellFormed(clipped)
    .replace(ANSI, (seq) => escapeAll(seq))
    .replace(CONTROLS, (c) => escapeChar(c));
  // Our own texts (catalogue, fixes) keep their `<placeholder>`s; text from a log never does.
  if (options.markup === true) return clip(text, max);
  return clip(text.replace(/</g, '\u2039').replace(/>/g, '\u203a').replace(MASK_TOKEN, '<$1>'), max);
}

function escapeAll(seq: string): string {
  return [...seq].map((c) => (c === '\u001b' || /[\u0000-\u001f]/.test(c) ? escapeChar(c) : c)).join('');
}

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}
