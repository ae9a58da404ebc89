/**
 * The deployed system, on loopback: dynalite for DynamoDB (in this process), a small SNS stand-in, and
 * the ingest and sweeper handlers built the way their Lambda entry points build them (`loadConfig` on
 * the environment the stack sets, `createDocumentClient`, `DynamoStateStore`, `SnsAlertPublisher` on
 * `createSnsClient`, the handlers' own `createHandler`). Only the clock differs: it is the simulated
 * event time, so the sweeper runs "every minute" of the incident, not of the benchmark.
 *
 * Metrics and log records are counted rather than written to stdout (which carries the report).
 * CloudWatch Logs, which the sweeper asks for the log group's streams by last event time
 * (`DescribeLogStreams`), has no stand-in that runs here: the Logs client answers at the SDK boundary
 * from the simulated fleet (each instance's stream and its last delivered event), and counts the calls.
 */

import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#functions/adapters/awsClients.ts';
import { CloudWatchLogStreams, parseSourceLogGroups } from '#functions/adapters/CloudWatchLogStreams.ts';
import { DynamoStateStore, jitteredBackoff } from '#functions/adapters/DynamoStateStore.ts';
import type { BatchMetrics, MetricsSink, SweepMetrics } from '#functions/adapters/metrics.ts';
import { SnsAlertPublisher } from '#functions/adapters/SnsAlertPublisher.ts';
import { createSnsClient } from '#functions/adapters/snsClient.ts';
import { ENV, loadConfig } from '#functions/config.ts';
import { createHandler as createIngest } from '#functions/ingest/createHandler.ts';
import { createHandler as createSweeper } from '#functions/sweeper/createHandler.ts';
import {
  type Dynalite,
  startDynalite,
  TEST_CREDENTIALS,
  TEST_REGION,
} from '../../test/functions/support/dynalite.ts';
import { type SnsServer, startSnsServer } from '../../test/functions/support/snsServer.ts';
import { BuildShaper } from './buildShaper.ts';
import { LOG_GROUP } from './fleetTraffic.ts';
import { StoreMeter, type StoreWork } from './storeMeter.ts';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:upstream-triage-alerts';

/** What a handler call cost, and what it produced besides store work. */
export interface Call<T> {
  result: T;
  work: StoreWork;
  ms: number;
  /** Structured log records the handler wrote (classified-event records, sweep summaries). */
  logRecords: number;
}

class CountingMetrics implements MetricsSink {
  batches = 0;
  sweeps = 0;
  recordBatch(_batch: BatchMetrics): void {
    this.batches++;
  }
  recordControlMessage(): void {}
  recordSweep(_sweep: SweepMetrics): void {
    this.sweeps++;
  }
}

/** One table with its two handlers and the clock they read. */
export interface FleetTable {
  tableName: string;
  /** Each log stream's last event time, as CloudWatch Logs would list it (the simulator keeps it). */
  logStreams: Map<string, number>;
  /** DescribeLogStreams calls answered so far. */
  logsCalls: { describeLogStreams: number };
  /** The handlers' DocumentClient (metered), for the build's replicated writes. */
  doc: DynamoDBDocumentClient;
  ingest: (event: unknown) => Promise<unknown>;
  sweep: (event?: unknown) => Promise<unknown>;
  clock: { now: number };
}

export class FleetSystem {
  readonly #dynalite: Dynalite;
  readonly #sns: SnsServer;
  readonly #restoreEnv: () => void;
  readonly meter = new StoreMeter();
  readonly shaper: BuildShaper;
  readonly #clients: { destroy(): void }[] = [];
  #logRecords = 0;

  private constructor(dynalite: Dynalite, sns: SnsServer, restoreEnv: () => void, readCap: number) {
    this.shaper = new BuildShaper(readCap);
    this.#dynalite = dynalite;
    this.#sns = sns;
    this.#restoreEnv = restoreEnv;
  }

  /** Starts dynalite and the SNS stand-in on loopback and points the SDK at them. `stop()` when done. */
  static async start(options: { buildReadCap?: number } = {}): Promise<FleetSystem> {
    const dynalite = await startDynalite();
    const sns = await startSnsServer().catch(async (error: unknown) => {
      await dynalite.stop();
      throw error;
    });
    // What Lambda provides (region, credentials) and what the SDK reads to reach another endpoint.
    const restoreEnv = setEnv({
      AWS_REGION: TEST_REGION,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      AWS_ENDPOINT_URL_SNS: sns.endpoint,
    });
    return new FleetSystem(dynalite, sns, restoreEnv, options.buildReadCap ?? 500);
  }

  /** Alerts the handlers published (through the real SNS client). */
  get published(): number {
    return this.#sns.published.length;
  }

  /** A fresh table (the production schema) and both handlers on it, as their entry points build them. */
  async table(): Promise<FleetTable> {
    const tableName = await this.#dynalite.createTable();
    const config = loadConfig(
      { ...process.env, [ENV.tableName]: tableName, [ENV.topicArn]: TOPIC_ARN },
      { requireTopic: true },
    );
    const doc = this.shaper.attach(this.meter.attach(createDocumentClient()));
    const snsClient = createSnsClient();
    this.#clients.push(doc, snsClient);
    const store = new DynamoStateStore(doc, config.tableName, {
      // As the entry points: lost conditional writes wait a jittered, growing delay before trying again.
      backoff: jitteredBackoff(Math.random, (ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    });
    const publisher = new SnsAlertPublisher(snsClient, config.topicArn);
    const metrics = new CountingMetrics();
    const log = (_record: object) => {
      this.#logRecords++;
    };
    const clock = { now: 0 };
    const logStreams = new Map<string, number>();
    const logsCalls = { describeLogStreams: 0 };
    const logsClient = answerDescribeLogStreams(new CloudWatchLogsClient({}), logStreams, logsCalls);
    this.#clients.push(logsClient);
    const ingest = createIngest({
      store,
      // As the entry point: the same table's per-stream ledger counts each event once.
      ledger: store,
      publisher,
      metrics,
      log,
      engine: config.engine,
      instancePattern: config.instancePattern,
      clock: () => clock.now,
    });
    const sweep = createSweeper({
      store,
      publisher,
      metrics,
      log,
      engine: config.engine,
      clock: () => clock.now,
      // As the entry point: quiet instances count as members (the log group's streams by last event).
      streams: new CloudWatchLogStreams({
        client: logsClient,
        logGroups: parseSourceLogGroups(JSON.stringify([LOG_GROUP])),
        instancePattern: config.instancePattern,
        onError: (logGroup, error) => log({ type: 'stream_listing_failed', logGroup, error: String(error) }),
      }),
    });
    return { tableName, logStreams, logsCalls, doc, ingest, sweep, clock };
  }

  /** Runs one handler call alone and measures it (store work, wall time, log records). */
  async measure<T>(call: () => Promise<T>): Promise<Call<T>> {
    this.meter.take();
    const logBefore = this.#logRecords;
    const started = performance.now();
    const result = await call();
    const ms = performance.now() - started;
    return { result, work: this.meter.take(), ms, logRecords: this.#logRecords - logBefore };
  }

  async stop(): Promise<void> {
    for (const client of this.#clients) client.destroy();
    this.#restoreEnv();
    await Promise.allSettled([this.#sns.stop(), this.#dynalite.stop()]);
  }
}

/**
 * `DescribeLogStreams` answered from `streams` (name -> last event time): newest first, pages of the
 * requested size with a `nextToken`, as CloudWatch Logs answers `orderBy: LastEventTime, descending`.
 * Any other command fails: nothing else is expected of this client.
 */
function answerDescribeLogStreams(
  client: CloudWatchLogsClient,
  streams: ReadonlyMap<string, number>,
  calls: { describeLogStreams: number },
): CloudWatchLogsClient {
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      if (context.commandName !== 'DescribeLogStreamsCommand')
        throw new Error(
          `the fleet simulator's CloudWatch Logs answers DescribeLogStreams only, not ${context.commandName}`,
        );
      calls.describeLogStreams++;
      const input = args.input as { limit?: number; nextToken?: string; descending?: boolean };
      const sorted = [...streams].sort((a, b) => (input.descending === false ? a[1] - b[1] : b[1] - a[1]));
      const start = Number(input.nextToken ?? 0);
      const end = start + (input.limit ?? 50);
      const logStreams = sorted.slice(start, end).map(([logStreamName, last]) => ({
        logStreamName,
        creationTime: last,
        firstEventTimestamp: last,
        lastEventTimestamp: last,
      }));
      return {
        output: { logStreams, ...(end < sorted.length ? { nextToken: String(end) } : {}), $metadata: {} },
        response: {},
      } as never;
    },
    { step: 'initialize', name: 'fleetBenchLogStreams', priority: 'high' },
  );
  return client;
}

function setEnv(values: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
