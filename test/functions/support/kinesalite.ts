import type { AddressInfo } from 'node:net';
import {
  CreateStreamCommand,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import kinesalite from 'kinesalite';
import { TEST_CREDENTIALS, TEST_REGION } from './dynalite.ts';

/** A running kinesalite (a Kinesis-compatible server, in memory) and the real SDK client pointed at it. */
export interface Kinesalite {
  client: KinesisClient;
  /** Creates a one-shard stream, waits until it is ACTIVE and returns its ARN. */
  createStream(name: string): Promise<string>;
  /** Every record of the stream's first shard, oldest first, in the Lambda event source mapping's record shape. */
  readAsLambdaRecords(name: string): Promise<KinesisStreamRecord[]>;
  stop(): Promise<void>;
}

/** Starts kinesalite on a free port. Call `stop()` in `afterAll`. */
export async function startKinesalite(): Promise<Kinesalite> {
  const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const client = new KinesisClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    // The Kinesis client defaults to HTTP/2 (for SubscribeToShard); kinesalite speaks HTTP/1.1.
    requestHandler: new NodeHttpHandler(),
  });

  async function describe(name: string) {
    const out = await client.send(new DescribeStreamCommand({ StreamName: name }));
    if (out.StreamDescription === undefined) throw new Error(`no description of ${name}`);
    return out.StreamDescription;
  }

  async function createStream(name: string): Promise<string> {
    await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
    for (let attempt = 0; attempt < 100; attempt++) {
      const description = await describe(name);
      if (description.StreamStatus === 'ACTIVE') return description.StreamARN ?? '';
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`stream ${name} did not become ACTIVE`);
  }

  async function readAsLambdaRecords(name: string): Promise<KinesisStreamRecord[]> {
    const description = await describe(name);
    const shardId = description.Shards?.[0]?.ShardId ?? '';
    let iterator = (
      await client.send(
        new GetShardIteratorCommand({
          StreamName: name,
          ShardId: shardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator;
    const out: KinesisStreamRecord[] = [];
    // Bounded: a shard that returns nothing twice in a row is drained.
    for (let empty = 0, pages = 0; iterator !== undefined && empty < 2 && pages < 1000; pages++) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      const records = page.Records ?? [];
      empty = records.length === 0 ? empty + 1 : 0;
      for (const record of records) {
        // The shape Lambda hands the function: data base64, arrival time in epoch seconds.
        out.push({
          kinesis: {
            kinesisSchemaVersion: '1.0',
            partitionKey: record.PartitionKey ?? '',
            sequenceNumber: record.SequenceNumber ?? '',
            data: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
            approximateArrivalTimestamp: (record.ApproximateArrivalTimestamp?.getTime() ?? 0) / 1000,
          },
          eventSource: 'aws:kinesis',
          eventVersion: '1.0',
          eventID: `${shardId}:${record.SequenceNumber}`,
          eventName: 'aws:kinesis:record',
          invokeIdentityArn: 'arn:aws:iam::123456789012:role/ingest',
          awsRegion: TEST_REGION,
          eventSourceARN: description.StreamARN ?? '',
        });
      }
      iterator = page.NextShardIterator;
    }
    return out;
  }

  async function stop(): Promise<void> {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  return { client, createStream, readAsLambdaRecords, stop };
}

export interface MappingOptions {
  batchSize: number;
  /** MaximumRetryAttempts of the mapping. */
  retryAttempts: number;
  bisectBatchOnError: boolean;
}

export interface MappingRun {
  /** Every invocation's records (sequence numbers), in order. */
  invocations: string[][];
  /** The sequence numbers the invocations reported as failed. */
  reported: string[];
  /** Records given up after every retry (what the on-failure destination describes). */
  onFailure: string[][];
}

/**
 * What a Kinesis event source mapping with `ReportBatchItemFailures` does with the handler's answers,
 * as documented: records before the reported sequence number are checkpointed; the rest is retried,
 * split in two first when `BisectBatchOnFunctionError` is on (a split does not use up a retry); a
 * batch that still fails after `retryAttempts` retries is described to the on-failure destination and
 * the shard moves on. A thrown error counts as the whole batch failing.
 */
export async function runEventSourceMapping(
  records: readonly KinesisStreamRecord[],
  handler: (event: KinesisStreamEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>,
  options: MappingOptions,
): Promise<MappingRun> {
  const run: MappingRun = { invocations: [], reported: [], onFailure: [] };
  const work: { records: KinesisStreamRecord[]; retries: number }[] = [];
  for (let i = 0; i < records.length; i += options.batchSize)
    work.push({ records: records.slice(i, i + options.batchSize), retries: 0 });
  // Bounded by construction: every step checkpoints, splits, uses a retry or gives up.
  for (let steps = 0; work.length > 0 && steps < 10_000; steps++) {
    const batch = work.shift() as { records: KinesisStreamRecord[]; retries: number };
    run.invocations.push(batch.records.map((r) => r.kinesis.sequenceNumber));
    let failedAt: number;
    try {
      const response = await handler({ Records: batch.records });
      const failed = response.batchItemFailures[0]?.itemIdentifier;
      if (failed === undefined) continue;
      run.reported.push(failed);
      failedAt = Math.max(
        0,
        batch.records.findIndex((r) => r.kinesis.sequenceNumber === failed),
      );
    } catch {
      failedAt = 0;
    }
    const rest = batch.records.slice(failedAt);
    if (options.bisectBatchOnError && rest.length > 1) {
      const half = Math.ceil(rest.length / 2);
      work.unshift(
        { records: rest.slice(0, half), retries: batch.retries },
        { records: rest.slice(half), retries: batch.retries },
      );
    } else if (batch.retries < options.retryAttempts) {
      work.unshift({ records: rest, retries: batch.retries + 1 });
    } else {
      run.onFailure.push(rest.map((r) => r.kinesis.sequenceNumber));
    }
  }
  return run;
}
