export * from './types.ts';
export { ConfigError, UpstreamTriageError } from './UpstreamTriageError.ts';
