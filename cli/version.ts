import { version } from '../package.json';

/** The package version, inlined by the bundler (only this field of package.json). */
export const VERSION: string = version;
