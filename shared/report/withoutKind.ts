/**
 * An alert subject without its kind prefix, for places that already show the kind.
 *
 * @example withoutKind('PAGE: fleet outage | nginx') // 'fleet outage | nginx'
 */
export function withoutKind(subject: string): string {
  return subject.replace(/^(?:PAGE|NOTIFY|DIGEST|RESOLVED): /, '');
}
