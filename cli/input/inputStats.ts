import { InputError } from '../io.ts';

/** What one input held: entries read and how many of them did not parse. */
export interface InputStats {
  entries: number;
  unparsed: number;
}

/** Above this share of unparsed entries an input gets a warning. */
const WARN_SHARE = 0.5;

/** The error for an input with lines but no nginx error-log entry at all (a binary, an access log). */
export function noEntriesError(name: string, scanned?: number): InputError {
  return new InputError(
    `no nginx error-log lines in ${scanned === undefined ? '' : `the first ${scanned} entries of `}${name} (is it an access log?)`,
  );
}

/**
 * Checks one input once read: throws when it had entries and none parsed; returns a warning line
 * when most did not parse; undefined otherwise (an empty file is a quiet log, not an error).
 */
export function checkInput(name: string, stats: InputStats): string | undefined {
  if (stats.entries === 0) return undefined;
  if (stats.unparsed === stats.entries) throw noEntriesError(name);
  const share = stats.unparsed / stats.entries;
  if (share <= WARN_SHARE) return undefined;
  return `warning: ${Math.round(share * 100)}% of the ${stats.entries} entries of ${name} did not parse as nginx error-log lines (cause "unparsed")`;
}

export function inputName(path: string): string {
  return path === '-' ? 'stdin' : path;
}
