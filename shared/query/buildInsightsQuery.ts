import { CLASSIFIED_EVENT_TYPE } from './classifiedEventFields.ts';
import { QueryValueError } from './QueryError.ts';

/** What to look for among the classified events; each list matches any of its values. */
export interface InsightsQueryFilter {
  causes?: readonly string[];
  instances?: readonly string[];
  deployments?: readonly string[];
  /** Most recent first, at most this many events (Logs Insights caps results at 10 000). */
  limit: number;
}

/** The fields a listing returns, in display order. */
export const LISTED_FIELDS = [
  'time',
  'status',
  // 1 for one event; more for the aggregate record of a storm's events not written one by one.
  'count',
  'cause',
  'instance',
  'deployment',
  'upstream',
  'request',
  'logGroup',
  'raw',
] as const;

const MAX_LIMIT = 10_000;
const MAX_VALUE_LENGTH = 512;
// Control characters (line breaks included) have no business in an id and could end the query line.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Builds the Logs Insights query that lists classified upstream events, newest first.
 *
 * User values only ever appear inside double-quoted string literals, with `\` and `"` escaped, so a
 * value such as `x" or cause != "` stays one literal and cannot add a clause; values with control
 * characters are refused.
 *
 * @throws QueryValueError naming the field of a value that cannot be used, or a bad limit.
 * @example
 * buildInsightsQuery({ causes: ['upstream_refused'], limit: 50 })
 * // fields @timestamp, status, ... | filter type = "upstream_event" | filter cause = "upstream_refused"
 * // | sort time desc | limit 50
 */
export function buildInsightsQuery(filter: InsightsQueryFilter): string {
  if (!Number.isInteger(filter.limit) || filter.limit < 1 || filter.limit > MAX_LIMIT) {
    throw new QueryValueError(
      'limit',
      `limit must be a whole number from 1 to ${MAX_LIMIT}, got ${filter.limit}`,
    );
  }
  const clauses = [
    `fields ${LISTED_FIELDS.join(', ')}`,
    `filter type = ${quote('type', CLASSIFIED_EVENT_TYPE)}`,
  ];
  for (const [field, values] of [
    ['cause', filter.causes],
    ['instance', filter.instances],
    ['deployment', filter.deployments],
  ] as const) {
    if (values === undefined || values.length === 0) continue;
    const literals = values.map((value) => quote(field, value));
    clauses.push(
      literals.length === 1
        ? `filter ${field} = ${literals[0]}`
        : `filter ${field} in [${literals.join(', ')}]`,
    );
  }
  // `time` is the event's own time (ISO 8601, so it sorts as text); @timestamp is when ingest wrote it.
  clauses.push('sort time desc', `limit ${filter.limit}`);
  return clauses.join('\n| ');
}

/** A double-quoted Logs Insights string literal of `value`. */
function quote(field: string, value: string): string {
  if (value === '') throw new QueryValueError(field, `${field} is empty`);
  if (value.length > MAX_VALUE_LENGTH) {
    throw new QueryValueError(field, `${field} is longer than ${MAX_VALUE_LENGTH} characters`);
  }
  if (CONTROL.test(value)) throw new QueryValueError(field, `${field} contains control characters`);
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
