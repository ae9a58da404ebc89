import type { CauseId } from '#shared/model/index.ts';
import { type ClassifiedAt, describeLine } from './classifyLog.ts';

/** What one provoked failure must classify to (a row of `examples/single/expected.json`). */
export interface ExpectedCase {
  name: string;
  /** The request path; null for a process-level event (reload). */
  path: string | null;
  /** null: nginx must have written no line for this request (the healthy control). */
  cause: CauseId | null;
  /** What nginx answered (its access log): the status the classifier must infer. */
  status: number | null;
  /** The line cannot show the status (a PHP fatal error): null is accepted too. */
  statusMayBeUnknown: boolean;
}

/** The request path of an entry: `GET /api/x HTTP/1.1` -> `/api/x`. */
function requestPath({ classified }: ClassifiedAt): string | undefined {
  return classified.entry.kind === 'entry' ? classified.entry.request?.split(' ')[1] : undefined;
}

/**
 * Checks one case against the classified log and returns every problem found (empty: the case
 * holds): at least one line of the request has the expected cause, and every such line infers the
 * status nginx really answered.
 */
export function checkCase(lines: readonly ClassifiedAt[], expected: ExpectedCase): string[] {
  const own = expected.path === null ? lines : lines.filter((line) => requestPath(line) === expected.path);
  if (expected.cause === null) {
    return own.map((line) => `${expected.name}: expected no line, nginx wrote ${describeLine(line)}`);
  }
  if (expected.path !== null && own.length === 0) {
    return [`${expected.name}: nginx wrote no line for ${expected.path}`];
  }
  const hits = own.filter(({ classified }) => classified.cause === expected.cause);
  if (hits.length === 0) {
    return [
      `${expected.name}: no line classified as ${expected.cause}; got:`,
      ...(expected.path === null ? [] : own.map((line) => `  ${describeLine(line)}`)),
    ];
  }
  const statusOk = (status: number | null) =>
    status === expected.status || (expected.statusMayBeUnknown && status === null);
  return hits
    .filter(({ classified }) => !statusOk(classified.status))
    .map((line) => `${expected.name}: nginx answered ${expected.status}, inferred ${describeLine(line)}`);
}
