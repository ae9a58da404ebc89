import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The checkout's parent: CI lays `shared/reference` beside the checkout, a fresh clone has none. */
const SHARED_REFERENCE = join(import.meta.dirname, '../../../shared/reference');

export interface SharedReference {
  /** Absolute path of the material. */
  path: string;
  present: boolean;
  /** Run the tests: the material is there, or CI requires it (then a missing folder fails them). */
  run: boolean;
  /** Why the tests are skipped, for the test name and the console. */
  skipReason: string;
}

/**
 * Material that lives beside the checkout in `../shared/reference` (never copied into the repo).
 * Tests reading it skip, with a visible reason, when it is absent and `CI` is unset, so a fresh
 * clone's `npm test` is green; under `CI=true` (CI has the folder) they run and fail if it is missing.
 */
export function sharedReference(relative: string): SharedReference {
  const path = join(SHARED_REFERENCE, relative);
  const present = existsSync(path);
  const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
  const skipReason = `../shared/reference/${relative} is absent (it lies beside the checkout in CI; CI=true makes its absence a failure)`;
  if (!present && !ci) console.warn(`skipped: ${skipReason}`);
  return { path, present, run: present || ci, skipReason };
}
