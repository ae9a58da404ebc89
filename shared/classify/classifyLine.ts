import { CAUSES, SIGNATURES } from '../catalogue/index.ts';
import { createClassifier, createTextClassifier, createTextVerdict } from './createClassifier.ts';

/**
 * Classifies one parsed entry with the project's signature catalogue.
 *
 * @example classifyLine(parseErrorLine(line)) // { cause: 'upstream_refused', status: 502, group: 'restart', ... }
 */
export const classifyLine = createClassifier(SIGNATURES, CAUSES);

/**
 * Classifies one entry's text with the project's catalogue before parsing it; the full entry is
 * parsed only if `entry` is read. The same result as `classifyLine(parseErrorLine(text))`.
 *
 * @example classifyText(line).cause // 'upstream_refused', without building the entry
 */
export const classifyText = createTextClassifier(SIGNATURES, CAUSES);

/**
 * The verdict of one entry's text in nginx's common shape (timestamp first), undefined for any
 * other shape: what counting needs, without an object per entry (see `CauseTally.addText`).
 */
export const verdictOfText = createTextVerdict(SIGNATURES, CAUSES);
