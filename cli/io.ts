import type { Readable, Writable } from 'node:stream';
import { UpstreamTriageError } from '#shared/UpstreamTriageError.ts';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  /** Environment, for `NO_COLOR` and AWS settings; never read by `shared/`. */
  env: Record<string, string | undefined>;
  /**
   * For `--follow`: a signal that aborts on Ctrl-C (the binary installs its SIGINT handler only when
   * asked, so other commands stop on Ctrl-C as usual). Tests pass their own.
   */
  interrupted?: () => AbortSignal;
  /** The wall clock (epoch ms) for relative `--since`/`--until`; tests pass their own. */
  now?: () => number;
  /** How often `--follow` looks at the files (ms, default 250); tests pass a shorter one. */
  followPollMs?: number;
}

/** A usage mistake: exit code 2 with a one-line message. */
export class UsageError extends UpstreamTriageError {
  override name = 'UsageError';
}

/** The input cannot be read: exit code 1 with a one-line message. */
export class InputError extends UpstreamTriageError {
  override name = 'InputError';
}
