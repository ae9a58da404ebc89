import type { CauseId } from '../../model/index.ts';

/**
 * The key of an incident slot: (log group, instance or `*` for the fleet, cause). Parts are
 * URI-encoded so a `|` or `#` in a log group or stream name cannot make two slots collide.
 *
 * @example incidentSlot('/nginx/error', 'i-0abc', 'upstream_refused') // '%2Fnginx%2Ferror|i-0abc|upstream_refused'
 */
export function incidentSlot(logGroup: string, instance: string | null, cause: CauseId): string {
  return `${encodeURIComponent(logGroup)}|${instance === null ? '*' : encodeURIComponent(instance)}|${cause}`;
}
