/**
 * CloudWatch Logs term filter patterns, the subset the stack uses, evaluated locally: so tests can
 * check what a pattern lets through before CloudWatch does it, and `doctor --send-test` can say
 * whether its test line passes the deployed pattern.
 *
 * - `""` (or an empty pattern) matches every event;
 * - `term` or `"a quoted term"`: the event must contain it (case-sensitive);
 * - `?term`: at least one of the `?` terms must occur;
 * - `-term`: the event must not contain it.
 * Quoted terms are matched as substrings; JSON (`{ $.x = ... }`), space-delimited (`[a, b]`) and
 * regular-expression (`%...%`) patterns are not supported and throw.
 */
export interface TermPattern {
  all: string[];
  any: string[];
  none: string[];
}

/** @throws Error for a pattern kind this evaluator does not know. */
export function parseTermPattern(pattern: string): TermPattern {
  const text = pattern.trim();
  if (/^[{[%]/.test(text)) throw new Error(`not a term pattern: ${pattern}`);
  const out: TermPattern = { all: [], any: [], none: [] };
  const token = /([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  for (const m of text.matchAll(token)) {
    const term = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    if (term === '') continue;
    if (m[1] === '?') out.any.push(term);
    else if (m[1] === '-') out.none.push(term);
    else out.all.push(term);
  }
  return out;
}

/** Whether CloudWatch Logs would deliver an event with this message under the pattern. */
export function matchesTermPattern(pattern: string | TermPattern, message: string): boolean {
  const p = typeof pattern === 'string' ? parseTermPattern(pattern) : pattern;
  if (p.none.some((term) => message.includes(term))) return false;
  if (!p.all.every((term) => message.includes(term))) return false;
  return p.any.length === 0 || p.any.some((term) => message.includes(term));
}
