import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './io.ts';
import { terminalSafe } from './render/style.ts';

/** One option of a command: how it parses and what its help line says. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The value's placeholder in the help, e.g. `FILE` (string options). */
  value?: string;
  help: string;
  /** The default as the help shows it; omitted when there is none. */
  default?: string;
  /** Parsed but left out of the help (old spellings). */
  hidden?: boolean;
}

export type OptionSpecs = Record<string, OptionSpec>;

type Values<S extends OptionSpecs> = {
  [K in keyof S]?: S[K]['type'] extends 'boolean'
    ? S[K]['multiple'] extends true
      ? boolean[]
      : boolean
    : S[K]['multiple'] extends true
      ? string[]
      : string;
};

/**
 * `util.parseArgs` over a command's option specs: a mistake in the arguments becomes a
 * {@link UsageError} of one line (an unknown option names the closest valid one), so the command
 * exits 2. The older form, a `util.parseArgs` config, is still taken (same errors, no help text).
 */
export function parseCommandArgs<S extends OptionSpecs>(
  argv: string[],
  specs: S,
  allowPositionals?: boolean,
): { values: Values<S>; positionals: string[] };
export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>>;
export function parseCommandArgs(
  first: string[] | ParseArgsConfig,
  specs?: OptionSpecs,
  allowPositionals = true,
): { values: Record<string, unknown>; positionals: string[] } {
  if (!Array.isArray(first)) {
    const fromConfig: OptionSpecs = Object.fromEntries(
      Object.entries(first.options ?? {}).map(([name, o]) => [name, { ...o, help: '' } as OptionSpec]),
    );
    try {
      return parseArgs(first) as { values: Record<string, unknown>; positionals: string[] };
    } catch (error: unknown) {
      throw new UsageError(describeParseError(error as Error & { code?: string }, fromConfig), {
        cause: error,
      });
    }
  }
  const options = Object.fromEntries(
    Object.entries(specs ?? {}).map(([name, s]) => [
      name,
      {
        type: s.type,
        ...(s.short !== undefined && { short: s.short }),
        ...(s.multiple === true && { multiple: true }),
      },
    ]),
  );
  try {
    return parseArgs({ args: first, options, allowPositionals, strict: true });
  } catch (error: unknown) {
    throw new UsageError(describeParseError(error as Error & { code?: string }, specs ?? {}), {
      cause: error,
    });
  }
}

function describeParseError(error: Error & { code?: string }, specs: OptionSpecs): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const given = quoted.split('=')[0] ?? quoted;
      const near = closest(
        given,
        Object.entries(specs).flatMap(([name, s]) => (s.hidden ? [] : [`--${name}`])),
      );
      return `unknown option ${terminalSafe(given, 60)}${near === undefined ? '' : ` (did you mean ${near}?)`}; see --help`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = /--?[\w-]+/.exec(quoted)?.[0] ?? quoted;
      const spec = specs[name.replace(/^-+/, '')];
      return spec?.type === 'boolean'
        ? `${name} takes no value`
        : `${name} needs a value${spec?.value ? ` (${spec.value})` : ''}`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${terminalSafe(quoted, 60)}'`;
    default:
      return error.message;
  }
}

/** The candidate nearest to `given` by edit distance, when near enough to be a typo. */
export function closest(given: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(given) && given.length >= 3 ? 1 : editDistance(given, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(given.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length]!;
}

/** The options part of a command's help: one aligned line per option, with its default. */
export function renderOptions(specs: OptionSpecs): string {
  const rows = Object.entries(specs)
    .filter(([, s]) => !s.hidden)
    .map(([name, s]) => {
      const flag = `${s.short ? `-${s.short}, ` : '    '}--${name}${s.type === 'string' ? ` ${s.value ?? 'VALUE'}` : ''}`;
      const extra = [s.multiple ? 'repeatable' : '', s.default === undefined ? '' : `default ${s.default}`]
        .filter((x) => x !== '')
        .join('; ');
      return [flag, extra === '' ? s.help : `${s.help} (${extra})`] as const;
    });
  const width = Math.min(30, Math.max(...rows.map(([flag]) => flag.length)));
  const indent = ' '.repeat(width + 4);
  return rows
    .map(([flag, help]) => {
      const lines = wrapWords(help, 100 - indent.length);
      const head = flag.length > width ? `  ${flag}\n${indent}` : `  ${flag.padEnd(width)}  `;
      return head + lines.join(`\n${indent}`);
    })
    .join('\n');
}

function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The value of `--flag` when it is one of `allowed`, the fallback when absent; else a usage error. */
export function readChoice<const C extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly C[],
  fallback: C,
): C {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as C;
  const choices =
    allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}` : allowed.join('');
  throw new UsageError(`--${flag} must be ${choices}, not '${terminalSafe(value, 40)}'`);
}

/** The `--format` vocabulary of every command; each command accepts the ones that make sense. */
export type Format = 'text' | 'json' | 'ndjson';

/** The `--color` option, the same on every command that prints tables. */
export const COLOR_OPTION = {
  type: 'string',
  value: 'auto|always|never',
  help: 'colour the tables; auto: on a terminal unless NO_COLOR is set',
  default: 'auto',
} as const satisfies OptionSpec;

export const HELP_OPTION = {
  type: 'boolean',
  short: 'h',
  help: 'print this help',
} as const satisfies OptionSpec;
