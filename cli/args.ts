import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './io.ts';

/**
 * `util.parseArgs` for a command: a mistake in the arguments (an unknown flag, a missing value)
 * becomes a {@link UsageError}, so the command exits 2 with one line.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error: unknown) {
    throw new UsageError((error as Error).message, { cause: error });
  }
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
  throw new UsageError(`--${flag} must be ${allowed.join(' or ')}, not '${value}'`);
}
