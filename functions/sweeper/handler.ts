import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchLogStreams, parseSourceLogGroups } from '../adapters/CloudWatchLogStreams.ts';
import { createRuntime } from '../runtime.ts';
import { createHandler } from './createHandler.ts';

export { createHandler } from './createHandler.ts';

/*
 * Lambda entry point (`handler`) of the one-minute schedule. Config and clients are created once per
 * execution environment; `now` is read from the wall clock in each invocation, never at module scope.
 */
const runtime = createRuntime(process.env);

export const handler = createHandler({
  ...runtime,
  // Quiet instances count as members: the configured log groups' streams by last event time.
  streams: new CloudWatchLogStreams({
    client: new CloudWatchLogsClient({}),
    logGroups: parseSourceLogGroups(process.env.SOURCE_LOG_GROUPS),
    instancePattern: runtime.config.instancePattern,
    onError: (logGroup, error) =>
      runtime.log({
        type: 'stream_listing_failed',
        level: 'WARN',
        logGroup,
        error: error instanceof Error ? error.name : String(error),
      }),
  }),
});
