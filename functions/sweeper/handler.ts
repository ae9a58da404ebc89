import { createRuntime } from '../runtime.ts';
import { createHandler } from './createHandler.ts';

export { createHandler } from './createHandler.ts';

/*
 * Lambda entry point (`handler`) of the one-minute schedule. Config and clients are created once per
 * execution environment; `now` is read from the wall clock in each invocation, never at module scope.
 */
export const handler = createHandler(createRuntime(process.env));
