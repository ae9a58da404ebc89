/**
 * The DynamoDB table the functions share, described once so the CDK stack and the test harness create
 * exactly the table `DynamoStateStore` expects.
 *
 * - Single table, on-demand (`PAY_PER_REQUEST`): traffic follows error bursts, not a steady rate.
 * - `pk` / `sk` strings; every item type prefixes its keys (`INC#`, `DEPLOY#`, `BATCH#`, `ALERT#`, ...).
 * - Two sparse indexes (only incident items set their keys), so nothing ever scans the table:
 *   `gsi1` lists a log group's incidents by last-seen time (recent ones are a key range), `gsi2` lists
 *   the open incidents sorted by log group (its keys are dropped when an incident closes), which ingest
 *   reads per log group and the sweeper reads whole every minute.
 * - Every item carries `expiresAt` (epoch SECONDS) and the table's TTL is enabled on it.
 *
 * @example CDK (aws-cdk-lib/aws-dynamodb):
 * new dynamodb.TableV2(this, 'State', {
 *   partitionKey: { name: TABLE_SCHEMA.partitionKey.name, type: dynamodb.AttributeType.STRING },
 *   sortKey: { name: TABLE_SCHEMA.sortKey.name, type: dynamodb.AttributeType.STRING },
 *   timeToLiveAttribute: TABLE_SCHEMA.timeToLiveAttribute,
 *   billing: dynamodb.Billing.onDemand(),
 *   globalSecondaryIndexes: TABLE_SCHEMA.globalSecondaryIndexes.map((i) => ({
 *     indexName: i.indexName,
 *     partitionKey: { name: i.partitionKey.name, type: dynamodb.AttributeType.STRING },
 *     sortKey: { name: i.sortKey.name, type: dynamodb.AttributeType.STRING },
 *   })),
 * });
 */
export const TABLE_SCHEMA = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
  billingMode: 'PAY_PER_REQUEST',
  globalSecondaryIndexes: [
    {
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
      projection: 'ALL',
    },
    {
      indexName: 'gsi2',
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
      projection: 'ALL',
    },
  ],
} as const;

export type TableSchema = typeof TABLE_SCHEMA;
