import { CAUSES, SIGNATURES } from '../catalogue/index.ts';
import { createClassifier } from './createClassifier.ts';

/**
 * Classifies one parsed entry with the project's signature catalogue.
 *
 * @example classifyLine(parseErrorLine(line)) // { cause: 'upstream_refused', status: 502, group: 'restart', ... }
 */
export const classifyLine = createClassifier(SIGNATURES, CAUSES);
