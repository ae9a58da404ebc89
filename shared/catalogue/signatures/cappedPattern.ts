/**
 * The most text a catalogue pattern reads: the start of the message. Every pattern is anchored or
 * looks for a phrase that nginx or PHP-FPM writes near the start (FastCGI stderr is the text nginx
 * relays first); a line grown to megabytes costs the same as one of 8 KB.
 */
export const MAX_PATTERN_SCAN = 8 * 1024;

/** A RegExp whose `test` and `exec` read at most the first {@link MAX_PATTERN_SCAN} characters. */
export class CappedPattern extends RegExp {
  /** The same pattern unmodified: its `test` builds no match array (the inherited one calls `exec`). */
  readonly #plain = new RegExp(this.source, this.flags);

  override exec(text: string): RegExpExecArray | null {
    return super.exec(head(text));
  }

  override test(text: string): boolean {
    return this.#plain.test(head(text));
  }
}

function head(text: string): string {
  return text.length > MAX_PATTERN_SCAN ? text.slice(0, MAX_PATTERN_SCAN) : text;
}

/** The same pattern, capped. */
export function capped(pattern: RegExp): RegExp {
  return pattern instanceof CappedPattern ? pattern : new CappedPattern(pattern.source, pattern.flags);
}
