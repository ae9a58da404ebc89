export * from './model/index.ts';
export { ConfigError, UpstreamTriageError } from './UpstreamTriageError.ts';
