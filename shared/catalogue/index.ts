import type { CauseId, CauseInfo } from '../model/index.ts';
import { CAUSES } from './causes/index.ts';

export { CAUSES } from './causes/index.ts';
export { SIGNATURES } from './signatures/index.ts';

/**
 * What a cause means and how to fix it.
 *
 * @example causeInfo('socket_permission').fix[0] // 'In the FPM pool set listen.owner = www-data, ...'
 */
export function causeInfo(id: CauseId): CauseInfo {
  return CAUSES[id];
}
export { chooseRemediation } from './causes/index.ts';
export { CAUSE_GROUP_TRAITS, UPSTREAM_GROUPS } from './groups.ts';
