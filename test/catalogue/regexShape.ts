/**
 * A small reader of JavaScript regular-expression sources that finds the shapes which make a
 * backtracking engine superlinear on untrusted text:
 *
 * - `nested`: an unbounded quantifier (`*`, `+`, `{n,}`) on a group that itself holds one, `(a+)+`;
 * - `adjacent`: two unbounded quantifiers in a row with nothing mandatory between them, `\d+\d*`,
 *   `.*\s*.*` (an optional item between them does not separate them);
 * - `unanchored`: an unbounded quantifier in an alternative that does not start with `^`. Such a
 *   pattern is tried at every position, so `Access .* denied` re-scans the rest of the text from
 *   every `Access`: it is the implicit leading `[^]*?` of a search that sits next to the `.*`.
 *
 * Anchored alternatives with single, separated unbounded quantifiers backtrack at most once over
 * the text; unanchored ones with only bounded quantifiers do a bounded amount of work per position.
 */

export interface ShapeProblem {
  kind: 'nested' | 'adjacent' | 'unanchored';
  at: number;
}

interface Item {
  /** Position in the source, for the report. */
  at: number;
  min: number;
  max: number;
  /** Holds an unbounded quantifier (only groups). */
  innerUnbounded: boolean;
  /** An unbounded quantifier can be met before / after anything mandatory in the item. */
  startsUnbounded: boolean;
  endsUnbounded: boolean;
  anchorStart: boolean;
}

const UNBOUNDED = Number.POSITIVE_INFINITY;

/** The problems of a source (an empty list when its shape is linear). */
export function regexShapeProblems(source: string, sticky = false): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  let i = 0;

  interface Inner {
    any: boolean;
    starts: boolean;
    ends: boolean;
  }

  /** Reads alternatives until `)` or the end. */
  function readAlternatives(topLevel: boolean): Inner {
    const inner: Inner = { any: false, starts: false, ends: false };
    for (;;) {
      const items = readSequence();
      checkSequence(items, topLevel);
      if (items.some((it) => it.max === UNBOUNDED || it.innerUnbounded)) inner.any = true;
      for (const it of items) {
        if (it.startsUnbounded) inner.starts = true;
        if (it.min > 0 && !it.startsUnbounded) break;
      }
      for (const it of [...items].reverse()) {
        if (it.endsUnbounded) inner.ends = true;
        if (it.min > 0 && !it.endsUnbounded) break;
      }
      if (source[i] === '|') {
        i++;
        continue;
      }
      return inner;
    }
  }

  function readSequence(): Item[] {
    const items: Item[] = [];
    while (i < source.length && source[i] !== '|' && source[i] !== ')') {
      const at = i;
      let inner: Inner = { any: false, starts: false, ends: false };
      let anchorStart = false;
      let quantifiable = true;
      const c = source[i]!;
      if (c === '\\') {
        i += 2;
      } else if (c === '[') {
        i++;
        if (source[i] === '^') i++;
        if (source[i] === ']') i++;
        while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
        i++;
      } else if (c === '(') {
        i++;
        let lookaround = false;
        if (source[i] === '?') {
          i++;
          if (source[i] === '<' && source[i + 1] !== '=' && source[i + 1] !== '!') {
            while (source[i] !== '>') i++;
            i++;
          } else {
            lookaround = source[i] !== ':';
            i++;
          }
        }
        inner = readAlternatives(false);
        i++; // ')'
        if (lookaround) quantifiable = false;
      } else if (c === '^') {
        i++;
        anchorStart = true;
        quantifiable = false;
      } else if (c === '$') {
        i++;
        quantifiable = false;
      } else {
        i++;
      }
      let min = 1;
      let max = 1;
      if (quantifiable) {
        const q = source[i];
        if (q === '*' || q === '+' || q === '?') {
          min = q === '+' ? 1 : 0;
          max = q === '?' ? 1 : UNBOUNDED;
          i++;
        } else if (q === '{') {
          const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
          if (m) {
            min = Number(m[1]);
            max = m[2] === undefined ? min : m[3] === '' ? UNBOUNDED : Number(m[3]);
            i += m[0].length;
          }
        }
        if (source[i] === '?' && max !== 1) i++; // lazy
      } else {
        min = 0;
        max = 0;
      }
      const whole = max === UNBOUNDED;
      items.push({
        at,
        min,
        max,
        innerUnbounded: inner.any,
        startsUnbounded: whole || inner.starts,
        endsUnbounded: whole || inner.ends,
        anchorStart,
      });
    }
    return items;
  }

  function checkSequence(items: Item[], topLevel: boolean): void {
    let previousUnbounded: Item | undefined;
    for (const it of items) {
      if (it.max === UNBOUNDED && it.innerUnbounded) problems.push({ kind: 'nested', at: it.at });
      if (it.startsUnbounded && previousUnbounded) problems.push({ kind: 'adjacent', at: it.at });
      if (it.endsUnbounded) previousUnbounded = it;
      else if (it.min > 0) previousUnbounded = undefined;
    }
    if (topLevel && !sticky && !items[0]?.anchorStart) {
      const first = items.find((it) => it.max === UNBOUNDED || it.innerUnbounded);
      if (first) problems.push({ kind: 'unanchored', at: first.at });
    }
  }

  readAlternatives(true);
  return problems;
}
