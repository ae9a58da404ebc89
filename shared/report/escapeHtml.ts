/**
 * C0 controls except tab and newline, DEL, C1 controls, bidi overrides and isolates, line and
 * paragraph separators, BOM: invisible or reordering characters that could hide or disguise text.
 */
const INVISIBLE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SPECIAL = /[&<>"']/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Default cap: long enough for a whole nginx entry (2048 bytes) plus its continuation lines. */
export const MAX_HTML_TEXT = 4000;

/**
 * Text from a log (request lines, hosts, samples, ids, alert bodies) as inert HTML, safe in element
 * content AND in quoted attribute values, in HTML and in inline SVG (`<title>`, `aria-label`):
 * `& < > " '` become entities, so `<script>` shows as text; control, bidi and other invisible
 * characters become visible `\xNN` / `\uNNNN` escapes; lone surrogates become U+FFFD; the text is
 * cut at `max` UTF-16 units with a marker.
 *
 * @example escapeHtml('"><img src=x onerror=alert(1)>') // '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'
 */
export function escapeHtml(text: string, max = MAX_HTML_TEXT): string {
  return clipText(String(text), max)
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(INVISIBLE, visibleEscape)
    .replace(SPECIAL, (c) => ENTITIES[c] ?? c);
}

/** Like `escapeHtml`, and newlines and tabs become spaces: for one-line places (titles, labels). */
export function escapeHtmlLine(text: string, max = MAX_HTML_TEXT): string {
  return escapeHtml(String(text).replace(/[\r\n\t]+/g, ' '), max);
}

function visibleEscape(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Cuts to at most `max` UTF-16 units (marker included) without splitting a surrogate pair. */
export function clipText(text: string, max: number, marker = '…'): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - marker.length);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end) + marker;
}
