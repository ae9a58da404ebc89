import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { StreamLedger, StreamLedgerStore } from '#shared/dedup/streamLedger.ts';
import type {
  AlertRecord,
  BatchProgress,
  DeployWindow,
  EpochMs,
  EpochSeconds,
  Incident,
  IncidentQuery,
  InstanceActivity,
  StateStore,
} from '#shared/engine/ports.ts';
import { StoreError } from '../errors.ts';
import { TABLE_SCHEMA } from './tableSchema.ts';

/*
 * Item layout (one table, see tableSchema.ts). Every item keeps the domain object's own fields plus:
 *
 *   incident   pk INC#<slot>          sk <seq, 10 digits>          gsi1 INCLG#<logGroup> / <lastSeen>#<id>
 *                                                                   gsi2 OPEN / <logGroup>|<id>  (only while open)
 *   activity   pk ACT#<logGroup>      sk <lastSeen>#<instance>#<batchId>
 *   deploy     pk DEPLOY              sk <id>
 *   batch      pk BATCH#<batchId>     sk BATCH                     progress applied | done
 *   alert      pk ALERT#<key>         sk ALERT
 *   ledger     pk LEDGER#<logGroup>   sk <logStream>               version, entries (event ids claimed)
 *
 * Slots are URI-encoded by the engine, so `#` inside a log group cannot collide with the separators.
 * Times in sort keys are zero-padded epoch ms, so string order is time order.
 */
const PK = TABLE_SCHEMA.partitionKey.name;
const SK = TABLE_SCHEMA.sortKey.name;
const [BY_LOG_GROUP, OPEN_INCIDENTS] = TABLE_SCHEMA.globalSecondaryIndexes;
const KEY_ATTRIBUTES = new Set<string>([
  PK,
  SK,
  BY_LOG_GROUP.partitionKey.name,
  BY_LOG_GROUP.sortKey.name,
  OPEN_INCIDENTS.partitionKey.name,
  OPEN_INCIDENTS.sortKey.name,
]);

/**
 * Every incident attribute but `appliedDeltas`, which listings never need (merges read by key): a
 * listing reads less. DynamoDB still bills the read by the whole item (a projection saves transfer and
 * parsing, not read units). `satisfies` makes a new `Incident` field a compile error here until listed.
 */
const LISTED_INCIDENT_ATTRIBUTES = Object.keys({
  id: true,
  slot: true,
  seq: true,
  version: true,
  logGroup: true,
  instance: true,
  cause: true,
  group: true,
  severity: true,
  state: true,
  firstSeen: true,
  lastSeen: true,
  closedAt: true,
  count: true,
  statusCounts: true,
  perInstance: true,
  upstreams: true,
  hosts: true,
  samples: true,
  buckets: true,
  alerted: true,
  previousAlertAt: true,
  deployment: true,
  transient: true,
  expiresAt: true,
} satisfies Record<Exclude<keyof Incident, 'appliedDeltas'>, true>);

const pad = (n: number, width = 15): string => String(Math.max(0, Math.trunc(n))).padStart(width, '0');

/**
 * `StateStore` on DynamoDB (single table, on-demand, TTL on `expiresAt`). Takes a DocumentClient so
 * tests point it at dynalite and Lambda at the real service.
 *
 * Concurrency: incidents and deploy windows use optimistic versioning (`version` condition), alert
 * claims a conditional put with a lease, batch records and activity records idempotent puts. No
 * transactions: each write stands alone, so a retry after a crash repeats only what did not happen.
 *
 * @example
 * const store = new DynamoStateStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'triage-state');
 */
export class DynamoStateStore implements StateStore, StreamLedgerStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, tableName: string) {
    this.#doc = doc;
    this.#table = tableName;
  }

  async batchProgress(batchId: string): Promise<BatchProgress> {
    const out = await this.#send('GetItem batch', () =>
      this.#doc.send(
        new GetCommand({
          TableName: this.#table,
          Key: { [PK]: `BATCH#${batchId}`, [SK]: 'BATCH' },
          ConsistentRead: true,
          ProjectionExpression: '#pk, #progress',
          ExpressionAttributeNames: { '#pk': PK, '#progress': 'progress' },
        }),
      ),
    );
    if (out.Item === undefined) return 'new';
    // Records written before `progress` existed were written by markBatchDone only.
    return out.Item.progress === 'applied' ? 'applied' : 'done';
  }

  async markBatchApplied(batchId: string, expiresAt: EpochSeconds): Promise<void> {
    // Only where nothing is recorded: a concurrent invocation may have finished the batch already.
    await this.#conditionalPut('PutItem batch applied', {
      TableName: this.#table,
      Item: { [PK]: `BATCH#${batchId}`, [SK]: 'BATCH', batchId, progress: 'applied', expiresAt },
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': PK },
    });
  }

  async markBatchDone(batchId: string, expiresAt: EpochSeconds): Promise<void> {
    await this.#put('PutItem batch', {
      TableName: this.#table,
      Item: { [PK]: `BATCH#${batchId}`, [SK]: 'BATCH', batchId, progress: 'done', expiresAt },
    });
  }

  async getIncident(slot: string): Promise<Incident | undefined> {
    const out = await this.#send('Query incident', () =>
      this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': PK },
          ExpressionAttributeValues: { ':pk': `INC#${slot}` },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      ),
    );
    const item = out.Items?.[0];
    return item ? stripKeys<Incident>(item) : undefined;
  }

  async putIncident(incident: Incident, expectedVersion: number): Promise<boolean> {
    const item: Record<string, unknown> = {
      ...withoutUndefined(incident),
      [PK]: `INC#${incident.slot}`,
      [SK]: pad(incident.seq, 10),
      [BY_LOG_GROUP.partitionKey.name]: `INCLG#${incident.logGroup}`,
      [BY_LOG_GROUP.sortKey.name]: `${pad(incident.lastSeen)}#${incident.id}`,
    };
    if (incident.state === 'open') {
      item[OPEN_INCIDENTS.partitionKey.name] = 'OPEN';
      // `|` cannot occur in a log group name: the prefix `<logGroup>|` selects exactly one group.
      item[OPEN_INCIDENTS.sortKey.name] = `${incident.logGroup}|${incident.id}`;
    }
    const condition: Pick<
      PutCommandInput,
      'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    > =
      expectedVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } }
        : {
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expectedVersion },
          };
    return this.#conditionalPut('PutItem incident', { TableName: this.#table, Item: item, ...condition });
  }

  async listIncidents(query: IncidentQuery): Promise<Incident[]> {
    const filter = new Filter();
    let input: QueryCommandInput;
    if (query.openOnly) {
      // gsi2 holds open incidents only, sorted by log group: one group is a key-prefix read.
      if (query.from !== undefined) filter.add('lastSeen', '>=', query.from);
      if (query.to !== undefined) filter.add('firstSeen', '<=', query.to);
      const byGroup = query.logGroup !== undefined;
      input = {
        TableName: this.#table,
        IndexName: OPEN_INCIDENTS.indexName,
        KeyConditionExpression: byGroup ? '#gpk = :open AND begins_with(#gsk, :group)' : '#gpk = :open',
        ExpressionAttributeNames: {
          '#gpk': OPEN_INCIDENTS.partitionKey.name,
          ...(byGroup ? { '#gsk': OPEN_INCIDENTS.sortKey.name } : {}),
        },
        ExpressionAttributeValues: {
          ':open': 'OPEN',
          ...(byGroup ? { ':group': `${query.logGroup}|` } : {}),
        },
      };
    } else if (query.logGroup !== undefined) {
      // gsi1 sorts a log group's incidents by lastSeen: `lastSeen >= from` is a key condition, so the
      // usual question (what happened recently) reads only recent items.
      if (query.to !== undefined) filter.add('firstSeen', '<=', query.to);
      const withFrom = query.from !== undefined;
      input = {
        TableName: this.#table,
        IndexName: BY_LOG_GROUP.indexName,
        KeyConditionExpression: withFrom ? '#gpk = :lg AND #gsk >= :fromKey' : '#gpk = :lg',
        ExpressionAttributeNames: {
          '#gpk': BY_LOG_GROUP.partitionKey.name,
          ...(withFrom ? { '#gsk': BY_LOG_GROUP.sortKey.name } : {}),
        },
        ExpressionAttributeValues: {
          ':lg': `INCLG#${query.logGroup}`,
          ...(withFrom ? { ':fromKey': pad(query.from ?? 0) } : {}),
        },
      };
    } else {
      throw new StoreError('listIncidents needs a logGroup or openOnly (the store never scans the table)');
    }
    filter.applyTo(input);
    projectListedIncident(input);
    const items = await this.#queryAll('Query incidents', input);
    return items.map((item) => ({ ...stripKeys<Incident>(item), appliedDeltas: [] }));
  }

  async putActivity(activity: InstanceActivity): Promise<void> {
    await this.#put('PutItem activity', {
      TableName: this.#table,
      Item: {
        ...withoutUndefined(activity),
        [PK]: `ACT#${activity.logGroup}`,
        [SK]: `${pad(activity.lastSeen)}#${activity.instance}#${activity.batchId}`,
      },
    });
  }

  async listActivity(logGroup: string, from: EpochMs, to: EpochMs): Promise<InstanceActivity[]> {
    const items = await this.#queryAll('Query activity', {
      TableName: this.#table,
      // Sorted by lastSeen: `lastSeen >= from` is the key condition, `firstSeen <= to` a filter.
      KeyConditionExpression: '#pk = :pk AND #sk >= :from',
      FilterExpression: '#firstSeen <= :to',
      ExpressionAttributeNames: { '#pk': PK, '#sk': SK, '#firstSeen': 'firstSeen' },
      ExpressionAttributeValues: { ':pk': `ACT#${logGroup}`, ':from': pad(from), ':to': to },
    });
    return items.map((item) => stripKeys<InstanceActivity>(item));
  }

  async putDeployWindow(window: DeployWindow): Promise<boolean> {
    const version = (window.version ?? 0) + 1;
    return this.#conditionalPut('PutItem deploy window', {
      TableName: this.#table,
      Item: { ...withoutUndefined(window), version, [PK]: 'DEPLOY', [SK]: window.id },
      // Absent: no such window yet, or one written before windows had versions (taken over at 1).
      ...(window.version === undefined
        ? {
            ConditionExpression: 'attribute_not_exists(#version)',
            ExpressionAttributeNames: { '#version': 'version' },
          }
        : {
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': window.version },
          }),
    });
  }

  async getDeployWindow(id: string): Promise<DeployWindow | undefined> {
    const out = await this.#send('GetItem deploy window', () =>
      this.#doc.send(
        new GetCommand({ TableName: this.#table, Key: { [PK]: 'DEPLOY', [SK]: id }, ConsistentRead: true }),
      ),
    );
    return out.Item ? stripKeys<DeployWindow>(out.Item) : undefined;
  }

  async listDeployWindows(from: EpochMs, to: EpochMs): Promise<DeployWindow[]> {
    const items = await this.#queryAll('Query deploy windows', {
      TableName: this.#table,
      KeyConditionExpression: '#pk = :pk',
      FilterExpression: '#start <= :to AND (attribute_not_exists(#end) OR #end >= :from)',
      ExpressionAttributeNames: { '#pk': PK, '#start': 'start', '#end': 'end' },
      ExpressionAttributeValues: { ':pk': 'DEPLOY', ':from': from, ':to': to },
      ConsistentRead: true,
    });
    return items.map((item) => stripKeys<DeployWindow>(item));
  }

  async claimAlert(record: AlertRecord, leaseMs: number): Promise<boolean> {
    const own = record.owner !== undefined;
    return this.#conditionalPut('PutItem alert claim', {
      TableName: this.#table,
      Item: { ...withoutUndefined(record), state: 'claimed', [PK]: `ALERT#${record.key}`, [SK]: 'ALERT' },
      // Free; or claimed, never confirmed, and either ours (a retry, or the SDK repeating a write that
      // landed) or held by an invocation whose lease ran out (it died between claim and confirm).
      ConditionExpression: own
        ? 'attribute_not_exists(#pk) OR (#state = :claimed AND (#claimedAt <= :cutoff OR #owner = :owner))'
        : 'attribute_not_exists(#pk) OR (#state = :claimed AND #claimedAt <= :cutoff)',
      ExpressionAttributeNames: {
        '#pk': PK,
        '#state': 'state',
        '#claimedAt': 'claimedAt',
        ...(own ? { '#owner': 'owner' } : {}),
      },
      ExpressionAttributeValues: {
        ':claimed': 'claimed',
        ':cutoff': record.claimedAt - leaseMs,
        ...(own ? { ':owner': record.owner } : {}),
      },
    });
  }

  async alertState(key: string): Promise<AlertRecord['state'] | undefined> {
    const out = await this.#send('GetItem alert', () =>
      this.#doc.send(
        new GetCommand({
          TableName: this.#table,
          Key: { [PK]: `ALERT#${key}`, [SK]: 'ALERT' },
          ConsistentRead: true,
          ProjectionExpression: '#state',
          ExpressionAttributeNames: { '#state': 'state' },
        }),
      ),
    );
    const state = out.Item?.state;
    return state === 'claimed' || state === 'sent' ? state : undefined;
  }

  async confirmAlert(key: string): Promise<void> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { [PK]: `ALERT#${key}`, [SK]: 'ALERT' },
          UpdateExpression: 'SET #state = :sent',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK, '#state': 'state' },
          ExpressionAttributeValues: { ':sent': 'sent' },
        }),
      );
    } catch (error) {
      // No claim to confirm (it expired): the memory store ignores this too; never create a bare record.
      if (error instanceof ConditionalCheckFailedException) return;
      throw new StoreError(`DynamoDB UpdateItem alert confirm failed for ${key}`, { cause: error });
    }
  }

  async releaseAlert(key: string): Promise<void> {
    try {
      await this.#doc.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: { [PK]: `ALERT#${key}`, [SK]: 'ALERT' },
          // Only an unconfirmed claim: a `sent` record must keep blocking duplicates.
          ConditionExpression: '#state = :claimed',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimed': 'claimed' },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw new StoreError(`DynamoDB DeleteItem alert release failed for ${key}`, { cause: error });
    }
  }

  async getStreamLedger(logGroup: string, logStream: string): Promise<StreamLedger | undefined> {
    const out = await this.#send('GetItem stream ledger', () =>
      this.#doc.send(
        new GetCommand({
          TableName: this.#table,
          Key: { [PK]: `LEDGER#${logGroup}`, [SK]: logStream },
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? stripKeys<StreamLedger>(out.Item) : undefined;
  }

  async putStreamLedger(ledger: StreamLedger): Promise<boolean> {
    const expected = ledger.version - 1;
    return this.#conditionalPut('PutItem stream ledger', {
      TableName: this.#table,
      Item: { ...withoutUndefined(ledger), [PK]: `LEDGER#${ledger.logGroup}`, [SK]: ledger.logStream },
      ...(expected === 0
        ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } }
        : {
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expected },
          }),
    });
  }

  async #put(operation: string, input: PutCommandInput): Promise<void> {
    await this.#send(operation, () => this.#doc.send(new PutCommand(input)));
  }

  /** A put under a condition: false when the condition failed (somebody else wrote first). */
  async #conditionalPut(operation: string, input: PutCommandInput): Promise<boolean> {
    try {
      await this.#doc.send(new PutCommand(input));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new StoreError(`DynamoDB ${operation} failed`, { cause: error });
    }
  }

  async #queryAll(operation: string, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#send(operation, () =>
        this.#doc.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey })),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items;
  }

  async #send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new StoreError(`DynamoDB ${operation} failed`, { cause: error });
    }
  }
}

/** A FilterExpression built from `attribute op value` terms, merged into a query's names and values. */
class Filter {
  readonly #terms: string[] = [];
  readonly #names: Record<string, string> = {};
  readonly #values: Record<string, unknown> = {};

  add(attribute: string, op: '>=' | '<=' | '=', value: unknown): void {
    const n = this.#terms.length;
    this.#terms.push(`#f${n} ${op} :f${n}`);
    this.#names[`#f${n}`] = attribute;
    this.#values[`:f${n}`] = value;
  }

  applyTo(input: QueryCommandInput): void {
    if (this.#terms.length === 0) return;
    input.FilterExpression = this.#terms.join(' AND ');
    input.ExpressionAttributeNames = { ...input.ExpressionAttributeNames, ...this.#names };
    input.ExpressionAttributeValues = { ...input.ExpressionAttributeValues, ...this.#values };
  }
}

/** Reads only `LISTED_INCIDENT_ATTRIBUTES` (names aliased: `count`, `state`, ... are reserved words). */
function projectListedIncident(input: QueryCommandInput): void {
  const names: Record<string, string> = {};
  LISTED_INCIDENT_ATTRIBUTES.forEach((name, n) => {
    names[`#a${n}`] = name;
  });
  input.ProjectionExpression = Object.keys(names).join(', ');
  input.ExpressionAttributeNames = { ...input.ExpressionAttributeNames, ...names };
}

/** The domain object without the table's key attributes. */
function stripKeys<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(name)) out[name] = value;
  // The table holds only what this class wrote from a T.
  return out as T;
}

/**
 * DynamoDB rejects `undefined` (at any depth); optional fields are left out, as a JSON copy would. Done
 * here rather than relying on the caller's DocumentClient `removeUndefinedValues` option.
 */
function withoutUndefined(value: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) if (field !== undefined) out[name] = deepClean(field);
  return out;
}

function deepClean(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(deepClean);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return withoutUndefined(value);
  }
  return value;
}
