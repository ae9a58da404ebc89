import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { TABLE_SCHEMA } from '#shared/contract/index.ts';

/** A running dynalite (a DynamoDB-compatible server on LevelDB in memory) and clients pointed at it. */
export interface Dynalite {
  endpoint: string;
  port: number;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  /** Creates a table with the production key schema (`TABLE_SCHEMA`) and returns its name. */
  createTable(name?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Fake credentials: dynalite checks that a signature exists, not that it is valid. */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' };
export const TEST_REGION = 'us-east-1';

let tableCounter = 0;

/** Starts dynalite on a free port. Call `stop()` in `afterAll`. */
export async function startDynalite(): Promise<Dynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

  async function createTable(name = `triage-test-${process.pid}-${++tableCounter}`): Promise<string> {
    const { partitionKey, sortKey, globalSecondaryIndexes } = TABLE_SCHEMA;
    const attributes = new Map<string, 'S'>([
      [partitionKey.name, partitionKey.type],
      [sortKey.name, sortKey.type],
    ]);
    for (const index of globalSecondaryIndexes) {
      attributes.set(index.partitionKey.name, index.partitionKey.type);
      attributes.set(index.sortKey.name, index.sortKey.type);
    }
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: TABLE_SCHEMA.billingMode,
        AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
          AttributeName,
          AttributeType,
        })),
        KeySchema: [
          { AttributeName: partitionKey.name, KeyType: 'HASH' },
          { AttributeName: sortKey.name, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: index.projection, NonKeyAttributes: [...index.nonKeyAttributes] },
        })),
      }),
    );
    return name;
  }

  async function stop(): Promise<void> {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  return { endpoint, port, client, doc, createTable, stop };
}
