import { createHash } from 'node:crypto';

/**
 * A construct id for one item of a user-given list (log group names), stable when the list is
 * reordered because it derives from the name, not the position (logical ids, hence resources,
 * follow it). The readable part is the name made id-safe; the hash keeps `/a-b` and `/a_b` apart.
 *
 * @example constructIdFor('Filter', '/ec2/nginx/error') // 'Filter-ec2-nginx-error-1a2b3c4d'
 */
export function constructIdFor(prefix: string, name: string): string {
  const readable = name
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(-48);
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${prefix}-${readable}-${hash}`;
}
