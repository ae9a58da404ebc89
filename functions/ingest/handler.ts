import { createDocumentClient } from '../adapters/awsClients.ts';
import { DynamoStateStore, jitteredBackoff } from '../adapters/DynamoStateStore.ts';
import { createMetrics, PowertoolsMetricsSink } from '../adapters/metrics.ts';
import { SnsAlertPublisher } from '../adapters/SnsAlertPublisher.ts';
import { createSnsClient } from '../adapters/snsClient.ts';
import { writeJsonLine } from '../adapters/writeJsonLine.ts';
import { loadConfig } from '../config.ts';
import { createHandler } from './createHandler.ts';

export { createHandler } from './createHandler.ts';

/*
 * Lambda entry point (`handler`) of the CloudWatch Logs subscription. Config and clients are created
 * once per execution environment, at module scope: a bad environment fails the init with every
 * problem named.
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
  instancePattern: config.instancePattern,
  clock: () => Date.now(),
});
