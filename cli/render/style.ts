/** ANSI styling for a terminal; identity functions when colour is off. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string) => s;

export function createStyle(color: boolean): Style {
  if (!color) return { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    cyan: wrap(36, 39),
  };
}

/** Colour when writing to a TTY, unless NO_COLOR is set; `--color always|never` overrides. */
export function wantsColor(
  mode: string | undefined,
  isTTY: boolean | undefined,
  env: Record<string, string | undefined>,
): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  return Boolean(isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
}

/**
 * Makes text from a log safe for a terminal: control characters (ANSI escapes included) become
 * visible `\xNN` escapes, and overlong text is cut with a marker.
 */
export function terminalSafe(text: string, max = 300): string {
  const safe = text.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

/** Pads cells into aligned columns; `right` lists the columns aligned to the right. */
export function table(rows: string[][], right: ReadonlySet<number> = new Set()): string[] {
  const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visible(cell));
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - visible(cell));
        return right.has(i) ? pad + cell : i === row.length - 1 ? cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}
