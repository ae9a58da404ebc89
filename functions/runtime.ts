import { ALERT_PUBLISHED } from '#shared/contract/index.ts';
import type { EngineSettings, StateStore, StreamLedgerStore } from '#shared/engine/index.ts';
import { createDocumentClient } from './adapters/awsClients.ts';
import { ChatAlertPublisher, FanOutPublisher } from './adapters/ChatAlertPublisher.ts';
import { DynamoStateStore, jitteredBackoff } from './adapters/DynamoStateStore.ts';
import { createMetrics, type MetricsSink, PowertoolsMetricsSink } from './adapters/metrics.ts';
import { type AlertPublisher, SnsAlertPublisher } from './adapters/SnsAlertPublisher.ts';
import { createSnsClient } from './adapters/snsClient.ts';
import { type JsonLineWriter, writeJsonLine } from './adapters/writeJsonLine.ts';
import { type FunctionConfig, loadConfig } from './config.ts';

/** What the publishing handlers (ingest, sweeper) are built from. */
export interface Runtime {
  config: FunctionConfig & { topicArn: string };
  store: StateStore;
  /** The same table's per-stream event-id ledger (overlapping deliveries count each event once). */
  ledger: StreamLedgerStore;
  publisher: AlertPublisher;
  metrics: MetricsSink;
  log: JsonLineWriter;
  engine: EngineSettings;
  /** The wall clock (claim leases, the sweeper's `now`); event times come from the logs. */
  clock: () => number;
}

/**
 * The one composition of the runtime dependencies shared by ingest and the sweeper: the config read
 * once (a bad environment fails the init naming every problem), the DynamoDB store, the alert
 * publisher (the e-mail topic, plus the chat topic in its JSON when CHAT_TOPIC_ARN is set), metrics
 * and the JSON log writer. Called at module scope, once per execution environment.
 * (deploy-events builds only its store, so its bundle does not load the SNS SDK.)
 */
export function createRuntime(env: Readonly<Record<string, string | undefined>>): Runtime {
  const config = loadConfig(env, { requireTopic: true });
  const sns = createSnsClient();
  const email = new SnsAlertPublisher(sns, config.topicArn);
  const publisher =
    config.chatTopicArn === undefined
      ? email
      : new FanOutPublisher([email, new ChatAlertPublisher(sns, config.chatTopicArn)]);
  const store = new DynamoStateStore(createDocumentClient(), config.tableName, {
    // Lost conditional writes wait 0-25 ms, 0-50 ms, ... before trying again.
    backoff: jitteredBackoff(Math.random, (ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  });
  return {
    config,
    store,
    ledger: store,
    publisher: loggingPublisher(publisher, writeJsonLine),
    metrics: new PowertoolsMetricsSink(
      createMetrics({ namespace: config.metricsNamespace, serviceName: config.serviceName }),
    ),
    log: writeJsonLine,
    engine: config.engine,
    clock: () => Date.now(),
  };
}

/**
 * Logs one `alert_published` record per published alert (subject, message id, filter attributes) in
 * the function's log group, so an operator, and `doctor --send-test`, can see when a page went out.
 */
export function loggingPublisher(publisher: AlertPublisher, log: JsonLineWriter): AlertPublisher {
  return {
    async publish(alert) {
      const messageId = await publisher.publish(alert);
      log({ ...alert.attributes, type: ALERT_PUBLISHED, level: 'INFO', subject: alert.subject, messageId });
      return messageId;
    },
  };
}
