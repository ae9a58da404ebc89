/**
 * The DynamoDB table the functions share, described once so the CDK stack and the test harness create
 * exactly the table `DynamoStateStore` expects.
 *
 * - Single table, on-demand (`PAY_PER_REQUEST`): traffic follows error bursts, not a steady rate.
 * - `pk` / `sk` strings; every item type prefixes its keys (`INC#`, `DEPLOY#`, `BATCH#`, `ALERT#`, ...).
 * - Two sparse indexes (only incident and deploy window items set their keys), so nothing ever scans
 *   the table, and no index has a constant partition key (every one is sharded, see
 *   `DynamoStateStore`): `gsi1` lists a log group's incidents by last-seen time and deploy windows
 *   by start day; `gsi2` lists open incidents (its keys are dropped when an incident closes), which the
 *   sweeper reads every minute.
 * - Projections are `INCLUDE` with exactly the attributes the listings read (`LISTED_ATTRIBUTES`): an
 *   incident's `appliedDeltas` (its largest attribute) is never copied into an index.
 * - Every item carries `expiresAt` (epoch SECONDS) and the table's TTL is enabled on it.
 *
 * @example CDK (aws-cdk-lib/aws-dynamodb):
 * table.addGlobalSecondaryIndex({
 *   indexName: i.indexName,
 *   partitionKey: { name: i.partitionKey.name, type: dynamodb.AttributeType.STRING },
 *   sortKey: { name: i.sortKey.name, type: dynamodb.AttributeType.STRING },
 *   projectionType: dynamodb.ProjectionType.INCLUDE,
 *   nonKeyAttributes: [...i.nonKeyAttributes],
 * });
 */

/** Incident attributes a listing reads (all but `appliedDeltas`). */
const INCIDENT_ATTRIBUTES = [
  'id',
  'slot',
  'seq',
  'version',
  'logGroup',
  'instance',
  'cause',
  'group',
  'severity',
  'state',
  'firstSeen',
  'lastSeen',
  'closedAt',
  'count',
  'statusCounts',
  'perInstance',
  'upstreams',
  'hosts',
  'samples',
  'buckets',
  'alerted',
  'previousAlertAt',
  'deployment',
  'transient',
  'fleetSize',
  'perInstanceCut',
  'announced',
  'expiresAt',
] as const;

/** Deploy window attributes (beyond those incidents share). */
const WINDOW_ATTRIBUTES = [
  'source',
  'start',
  'end',
  'instances',
  'logGroups',
  'scope',
  'label',
  'seenIn',
  'digestSent',
] as const;

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
      projection: 'INCLUDE',
      nonKeyAttributes: [...INCIDENT_ATTRIBUTES, ...WINDOW_ATTRIBUTES],
    },
    {
      indexName: 'gsi2',
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
      projection: 'INCLUDE',
      nonKeyAttributes: [...INCIDENT_ATTRIBUTES],
    },
  ],
} as const;

export type TableSchema = typeof TABLE_SCHEMA;
export { INCIDENT_ATTRIBUTES as LISTED_INCIDENT_ATTRIBUTES };
