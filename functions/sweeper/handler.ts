import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { createDocumentClient } from '../adapters/awsClients.ts';
import { CloudWatchLogStreams, parseSourceLogGroups } from '../adapters/CloudWatchLogStreams.ts';
import { DynamoStateStore, jitteredBackoff } from '../adapters/DynamoStateStore.ts';
import { createMetrics, PowertoolsMetricsSink } from '../adapters/metrics.ts';
import { SnsAlertPublisher } from '../adapters/SnsAlertPublisher.ts';
import { createSnsClient } from '../adapters/snsClient.ts';
import { writeJsonLine } from '../adapters/writeJsonLine.ts';
import { loadConfig } from '../config.ts';
import { createHandler } from './createHandler.ts';

export { createHandler } from './createHandler.ts';

/*
 * Lambda entry point (`handler`) of the one-minute schedule. Config and clients are created once per
 * execution environment; `now` is read from the wall clock in each invocation, never at module scope.
 */
const config = loadConfig(process.env, { requireTopic: true });

export const handler = createHandler({
  store: new DynamoStateStore(createDocumentClient(), config.tableName, {
    // Lost conditional writes wait 0-25 ms, 0-50 ms, ... before trying again.
    backoff: jitteredBackoff(Math.random, (ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  }),
  publisher: new SnsAlertPublisher(createSnsClient(), config.topicArn),
  metrics: new PowertoolsMetricsSink(
    createMetrics({ namespace: config.metricsNamespace, serviceName: config.serviceName }),
  ),
  log: writeJsonLine,
  engine: config.engine,
  clock: () => Date.now(),
  // Quiet instances count as members: the configured log groups' streams by last event time.
  streams: new CloudWatchLogStreams({
    client: new CloudWatchLogsClient({}),
    logGroups: parseSourceLogGroups(process.env.SOURCE_LOG_GROUPS),
    instancePattern: config.instancePattern,
    onError: (logGroup, error) =>
      writeJsonLine({
        type: 'stream_listing_failed',
        level: 'WARN',
        logGroup,
        error: error instanceof Error ? error.name : String(error),
      }),
  }),
});
