/**
 * Counts the work a function does on strings without a clock: while `countWork` runs, the string
 * and RegExp built-ins the parser and classifier use are wrapped so that each call adds the number
 * of characters it examined (an `indexOf` that finds its needle 40 characters on adds 40; a regex
 * search adds the span from where it started to where its match ended, or to the end of the text).
 * What a single regex search does inside (its backtracking) is not seen here: the shape test over
 * the catalogue's sources keeps that linear.
 */

type Method = (this: unknown, ...args: unknown[]) => unknown;
type Cost = (self: string, args: unknown[], result: unknown) => number;

export function countWork(fn: () => void): number {
  let work = 0;
  const sp = String.prototype as unknown as Record<string, Method>;
  const rp = RegExp.prototype as unknown as Record<string, Method>;
  const saved: [Record<string, Method>, string, Method][] = [];
  const wrap = (name: string, cost: Cost) => {
    const original = sp[name]!;
    saved.push([sp, name, original]);
    sp[name] = function (this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args);
      work += 1 + Math.max(0, cost(String(this), args, result));
      return result;
    };
  };
  const from = (args: unknown[], fallback: number) => (typeof args[1] === 'number' ? args[1] : fallback);
  wrap('indexOf', (s, args, r) => (r === -1 ? s.length : (r as number)) - from(args, 0));
  wrap('lastIndexOf', (s, args, r) => from(args, s.length) - (r === -1 ? 0 : (r as number)));
  wrap('includes', (s) => s.length);
  wrap('startsWith', (_s, args) => String(args[0]).length);
  wrap('endsWith', (_s, args) => String(args[0]).length);
  wrap('slice', (_s, _args, r) => (r as string).length);
  wrap('split', (s) => s.length);
  wrap('trim', (s) => s.length);
  wrap('charCodeAt', () => 0);
  const exec = rp.exec!;
  saved.push([rp, 'exec', exec]);
  rp.exec = function (this: unknown, ...args: unknown[]) {
    const re = this as RegExp;
    const text = String(args[0]);
    const start = re.global || re.sticky ? re.lastIndex : 0;
    const m = exec.apply(re, args) as RegExpExecArray | null;
    work += 1 + Math.max(0, m ? m.index + m[0].length - start : text.length - start);
    return m;
  };
  try {
    fn();
  } finally {
    for (const [proto, name, original] of saved.reverse()) proto[name] = original;
  }
  return work;
}
