import type { CauseId, CauseInfo } from '../../model/index.ts';
import { APP_CAUSES } from './appCauses.ts';
import { CAPACITY_CAUSES } from './capacityCauses.ts';
import { CONFIG_CAUSES } from './configCauses.ts';
import { LIFECYCLE_CAUSES } from './lifecycleCauses.ts';
import { NOISE_CAUSES } from './noiseCauses.ts';
import { RESTART_CAUSES } from './restartCauses.ts';

/**
 * What each cause means and what to do about it, one entry per contract cause id. The type makes a missing
 * or misspelt id a compile error; the catalogue test checks each entry's id and contents.
 */
export const CAUSES: Readonly<Record<CauseId, CauseInfo>> = {
  ...RESTART_CAUSES,
  ...CONFIG_CAUSES,
  ...CAPACITY_CAUSES,
  ...APP_CAUSES,
  ...NOISE_CAUSES,
  ...LIFECYCLE_CAUSES,
};
export { chooseRemediation } from './chooseRemediation.ts';
