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
import { TABLE_SCHEMA } from '#shared/contract/index.ts';
import type {
  BatchProgress,
  IncidentQuery,
  StateStore,
  StreamLedger,
  StreamLedgerStore,
} from '#shared/engine/index.ts';
import type {
  AlertRecord,
  DeployWindow,
  EpochMs,
  EpochSeconds,
  FleetMember,
  Incident,
  InstanceActivity,
  WindowScope,
} from '#shared/model/index.ts';
import { minuteCountsOfRecord, minuteCountsToRecord } from '#shared/model/index.ts';
import { StoreError } from '../errors.ts';

/*
 * Item layout (one table, see tableSchema.ts). Every item keeps the domain object's own fields plus:
 *
 *   incident   pk INC#<slot>                 sk <seq, 10 digits>
 *                gsi1 INCLG#<logGroup>#<s8> / <lastSeen>#<id>
 *                gsi2 OPEN#<s16> / <logGroup>|<id>           (only while open)
 *   activity   pk ACT#<logGroup>#<s8>        sk <lastSeen>#<instance>#<batchId>
 *   member     pk MEM#<logGroup>#<s8>        sk <instance>
 *   deploy     pk DEPLOY#<id>                sk DEPLOY
 *                gsi1 DEPLOYDAY#<start day, UTC> / <start>#<id>
 *                     (nginx lifecycle windows: DEPLOYLC#<logGroup>#<instance>#<day>, read per instance)
 *   batch      pk BATCH#<batchId>            sk BATCH          progress applied | done
 *   alert      pk ALERT#<key>                sk ALERT
 *   ledger     pk LEDGER#<logGroup>#<stream> sk LEDGER         version, entries (event ids claimed)
 *
 * No partition key is shared by every writer: `<s8>` / `<s16>` is a hash of the instance (activity,
 * member) or of the incident slot, so a log group's writes spread over 8 (16) partitions and its
 * listings read each shard (a handful of queries, once per sweeper run or digest). Deploy windows
 * are read by start day (the days a listing can reach), not as one partition.
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
 * Every incident attribute but `appliedDeltas`, which listings never need (merges read by key): the
 * indexes project only these (`INCLUDE`). `satisfies` makes a new `Incident` field a compile error
 * here until listed; the test of the schema checks the index projection names the same ones.
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
  fleetSize: true,
  perInstanceCut: true,
  announced: true,
  expiresAt: true,
} satisfies Record<Exclude<keyof Incident, 'appliedDeltas'>, true>);

/** Shards of a log group's incident listing (gsi1), activity and member items. */
const GROUP_SHARDS = 8;
/** Shards of the open-incident index (gsi2). */
const OPEN_SHARDS = 16;
/** Days before `from` a deploy window listing still reads (windows longer than `maxDeployDuration`). */
const WINDOW_LOOKBACK_DAYS = 1;
/** At most this many start days per window listing (the engine's look-back is hours). */
const MAX_WINDOW_DAYS = 40;

/** FNV-1a: a stable, well-spread shard number for a key. */
function shardOf(key: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

const dayOf = (ms: number): string => new Date(Math.max(0, ms)).toISOString().slice(0, 10);

/** Exponential backoff with full jitter: up to 25 ms, 50 ms, ... 800 ms (randomness injected). */
export function jitteredBackoff(
  random: () => number,
  sleep: (ms: number) => Promise<void>,
): (attempt: number) => Promise<void> {
  return (attempt) => sleep(Math.floor(random() * Math.min(800, 25 * 2 ** (attempt - 1))));
}

export interface DynamoStateStoreOptions {
  /** Waits before retry `attempt` of a lost conditional write (default: none). */
  backoff?: (attempt: number) => Promise<void>;
}

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
  readonly #backoff: ((attempt: number) => Promise<void>) | undefined;

  constructor(doc: DynamoDBDocumentClient, tableName: string, options: DynamoStateStoreOptions = {}) {
    this.#doc = doc;
    this.#table = tableName;
    this.#backoff = options.backoff;
  }

  async backoff(attempt: number): Promise<void> {
    await this.#backoff?.(attempt);
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
    return item ? incidentOfItem(item) : undefined;
  }

  async putIncident(incident: Incident, expectedVersion: number): Promise<boolean> {
    const item: Record<string, unknown> = {
      ...withoutUndefined(incident),
      buckets: minuteCountsToRecord(incident.buckets),
      [PK]: `INC#${incident.slot}`,
      [SK]: pad(incident.seq, 10),
      [BY_LOG_GROUP.partitionKey.name]: `INCLG#${incident.logGroup}#${shardOf(incident.slot, GROUP_SHARDS)}`,
      [BY_LOG_GROUP.sortKey.name]: `${pad(incident.lastSeen)}#${incident.id}`,
    };
    if (incident.state === 'open') {
      item[OPEN_INCIDENTS.partitionKey.name] = `OPEN#${shardOf(incident.slot, OPEN_SHARDS)}`;
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
    const inputs: QueryCommandInput[] = [];
    if (query.openOnly) {
      // gsi2 holds open incidents only, sharded by slot and sorted by log group in each shard.
      if (query.from !== undefined) filter.add('lastSeen', '>=', query.from);
      if (query.to !== undefined) filter.add('firstSeen', '<=', query.to);
      const byGroup = query.logGroup !== undefined;
      for (let shard = 0; shard < OPEN_SHARDS; shard++)
        inputs.push({
          TableName: this.#table,
          IndexName: OPEN_INCIDENTS.indexName,
          KeyConditionExpression: byGroup ? '#gpk = :open AND begins_with(#gsk, :group)' : '#gpk = :open',
          ExpressionAttributeNames: {
            '#gpk': OPEN_INCIDENTS.partitionKey.name,
            ...(byGroup ? { '#gsk': OPEN_INCIDENTS.sortKey.name } : {}),
          },
          ExpressionAttributeValues: {
            ':open': `OPEN#${shard}`,
            ...(byGroup ? { ':group': `${query.logGroup}|` } : {}),
          },
        });
    } else if (query.logGroup !== undefined) {
      // gsi1 sorts a log group's incidents by lastSeen: `lastSeen >= from` is a key condition, so the
      // usual question (what happened recently) reads only recent items.
      if (query.to !== undefined) filter.add('firstSeen', '<=', query.to);
      const withFrom = query.from !== undefined;
      for (let shard = 0; shard < GROUP_SHARDS; shard++)
        inputs.push({
          TableName: this.#table,
          IndexName: BY_LOG_GROUP.indexName,
          KeyConditionExpression: withFrom ? '#gpk = :lg AND #gsk >= :fromKey' : '#gpk = :lg',
          ExpressionAttributeNames: {
            '#gpk': BY_LOG_GROUP.partitionKey.name,
            ...(withFrom ? { '#gsk': BY_LOG_GROUP.sortKey.name } : {}),
          },
          ExpressionAttributeValues: {
            ':lg': `INCLG#${query.logGroup}#${shard}`,
            ...(withFrom ? { ':fromKey': pad(query.from ?? 0) } : {}),
          },
        });
    } else {
      throw new StoreError('listIncidents needs a logGroup or openOnly (the store never scans the table)');
    }
    const items: Record<string, unknown>[] = [];
    for (const input of inputs) {
      filter.applyTo(input);
      projectListedIncident(input);
      items.push(...(await this.#queryAll('Query incidents', input)));
    }
    return items.map((item) => ({ ...incidentOfItem(item), appliedDeltas: [] }));
  }

  async putActivity(activity: InstanceActivity): Promise<void> {
    await this.#put('PutItem activity', {
      TableName: this.#table,
      Item: {
        ...withoutUndefined(activity),
        [PK]: `ACT#${activity.logGroup}#${shardOf(activity.instance, GROUP_SHARDS)}`,
        [SK]: `${pad(activity.lastSeen)}#${activity.instance}#${activity.batchId}`,
      },
    });
  }

  async listActivity(logGroup: string, from: EpochMs, to: EpochMs): Promise<InstanceActivity[]> {
    const items: Record<string, unknown>[] = [];
    for (let shard = 0; shard < GROUP_SHARDS; shard++)
      items.push(
        ...(await this.#queryAll('Query activity', {
          TableName: this.#table,
          // Sorted by lastSeen: `lastSeen >= from` is the key condition, `firstSeen <= to` a filter.
          KeyConditionExpression: '#pk = :pk AND #sk >= :from',
          FilterExpression: '#firstSeen <= :to',
          ExpressionAttributeNames: { '#pk': PK, '#sk': SK, '#firstSeen': 'firstSeen' },
          ExpressionAttributeValues: { ':pk': `ACT#${logGroup}#${shard}`, ':from': pad(from), ':to': to },
        })),
      );
    return items.map((item) => stripKeys<InstanceActivity>(item));
  }

  async getMember(logGroup: string, instance: string): Promise<FleetMember | undefined> {
    const out = await this.#send('GetItem member', () =>
      this.#doc.send(
        new GetCommand({ TableName: this.#table, Key: memberKey(logGroup, instance), ConsistentRead: true }),
      ),
    );
    return out.Item ? toMember(out.Item) : undefined;
  }

  async putMember(member: FleetMember, expectedVersion: number): Promise<boolean> {
    return this.#conditionalPut('PutItem member', {
      TableName: this.#table,
      Item: { ...withoutUndefined(member), ...memberKey(member.logGroup, member.instance) },
      // 0: absent, or only touched (no version yet); otherwise the version the caller read.
      ...(expectedVersion === 0
        ? {
            ConditionExpression: 'attribute_not_exists(#version) OR #version = :zero',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':zero': 0 },
          }
        : {
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expectedVersion },
          }),
    });
  }

  async touchMember(logGroup: string, instance: string, at: EpochMs, expiresAt: EpochSeconds): Promise<void> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: memberKey(logGroup, instance),
          // Atomic: moves lastEvent forward only, creates what a member needs, never touches its bursts.
          UpdateExpression:
            'SET #lastEvent = :at, #expiresAt = :exp, #lg = if_not_exists(#lg, :lg), #inst = if_not_exists(#inst, :inst), #bursts = if_not_exists(#bursts, :none), #batches = if_not_exists(#batches, :none), #cut = if_not_exists(#cut, :zero), #version = if_not_exists(#version, :zero)',
          ConditionExpression: 'attribute_not_exists(#lastEvent) OR #lastEvent < :at',
          ExpressionAttributeNames: {
            '#lastEvent': 'lastEvent',
            '#expiresAt': 'expiresAt',
            '#lg': 'logGroup',
            '#inst': 'instance',
            '#bursts': 'bursts',
            '#batches': 'batches',
            '#cut': 'burstsCut',
            '#version': 'version',
          },
          ExpressionAttributeValues: {
            ':at': at,
            ':exp': expiresAt,
            ':lg': logGroup,
            ':inst': instance,
            ':none': [],
            ':zero': 0,
          },
        }),
      );
    } catch (error) {
      // A newer event is already recorded: nothing to do.
      if (error instanceof ConditionalCheckFailedException) return;
      throw new StoreError('DynamoDB UpdateItem member touch failed', { cause: error });
    }
  }

  async removeMember(logGroup: string, instance: string): Promise<void> {
    await this.#send('DeleteItem member', () =>
      this.#doc.send(new DeleteCommand({ TableName: this.#table, Key: memberKey(logGroup, instance) })),
    );
  }

  async listMembers(logGroup: string, since: EpochMs): Promise<FleetMember[]> {
    const items: Record<string, unknown>[] = [];
    for (let shard = 0; shard < GROUP_SHARDS; shard++)
      items.push(
        ...(await this.#queryAll('Query members', {
          TableName: this.#table,
          KeyConditionExpression: '#pk = :pk',
          FilterExpression: '#lastEvent >= :since',
          // The batch ids (the merge guard) are for merges, which read by key.
          ProjectionExpression: '#pk, #sk, #lg, #inst, #lastEvent, #bursts, #cut, #version, #exp, #lc',
          ExpressionAttributeNames: {
            '#pk': PK,
            '#sk': SK,
            '#lg': 'logGroup',
            '#inst': 'instance',
            '#lastEvent': 'lastEvent',
            '#bursts': 'bursts',
            '#cut': 'burstsCut',
            '#version': 'version',
            '#exp': 'expiresAt',
            '#lc': 'lastLifecycle',
          },
          ExpressionAttributeValues: { ':pk': `MEM#${logGroup}#${shard}`, ':since': since },
        })),
      );
    return items.map(toMember);
  }

  async putDeployWindow(window: DeployWindow): Promise<boolean> {
    const version = (window.version ?? 0) + 1;
    return this.#conditionalPut('PutItem deploy window', {
      TableName: this.#table,
      Item: {
        ...withoutUndefined(window),
        version,
        [PK]: `DEPLOY#${window.id}`,
        [SK]: 'DEPLOY',
        [BY_LOG_GROUP.partitionKey.name]: windowBucket(window, dayOf(window.start)),
        [BY_LOG_GROUP.sortKey.name]: `${pad(window.start)}#${window.id}`,
      },
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
        new GetCommand({
          TableName: this.#table,
          Key: { [PK]: `DEPLOY#${id}`, [SK]: 'DEPLOY' },
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? stripKeys<DeployWindow>(out.Item) : undefined;
  }

  async listDeployWindows(from: EpochMs, to: EpochMs, scope?: WindowScope): Promise<DeployWindow[]> {
    // By start day, from a day before `from` (callers widen `from` by maxDeployDuration already).
    const days: string[] = [];
    const first = Date.parse(`${dayOf(from - WINDOW_LOOKBACK_DAYS * 86_400_000)}T00:00:00Z`);
    for (let t = first; t <= to && days.length < MAX_WINDOW_DAYS; t += 86_400_000) days.push(dayOf(t));
    // Shared windows by day; nginx lifecycle windows only of the instances in scope.
    const buckets = days.flatMap((day) => [
      `DEPLOYDAY#${day}`,
      ...(scope?.instances ?? []).map((instance) => lifecycleBucket(scope!.logGroup, instance, day)),
    ]);
    const items: Record<string, unknown>[] = [];
    for (const bucket of buckets)
      items.push(
        ...(await this.#queryAll('Query deploy windows', {
          TableName: this.#table,
          IndexName: BY_LOG_GROUP.indexName,
          KeyConditionExpression: '#gpk = :day AND #gsk <= :toKey',
          FilterExpression: 'attribute_not_exists(#end) OR #end >= :from',
          ExpressionAttributeNames: {
            '#gpk': BY_LOG_GROUP.partitionKey.name,
            '#gsk': BY_LOG_GROUP.sortKey.name,
            '#end': 'end',
          },
          ExpressionAttributeValues: { ':day': bucket, ':toKey': `${pad(to)}~`, ':from': from },
        })),
      );
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
          Key: { [PK]: `LEDGER#${logGroup}#${logStream}`, [SK]: 'LEDGER' },
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
      Item: {
        ...withoutUndefined(ledger),
        [PK]: `LEDGER#${ledger.logGroup}#${ledger.logStream}`,
        [SK]: 'LEDGER',
      },
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

/** The gsi1 bucket of a deploy window: its start day, per instance for nginx lifecycle windows. */
function windowBucket(window: DeployWindow, day: string): string {
  const instance = window.instances?.[0];
  const logGroup = window.logGroups?.[0];
  return window.source === 'lifecycle' && logGroup !== undefined && instance !== undefined
    ? lifecycleBucket(logGroup, instance, day)
    : `DEPLOYDAY#${day}`;
}

function lifecycleBucket(logGroup: string, instance: string, day: string): string {
  return `DEPLOYLC#${logGroup}#${instance}#${day}`;
}

function memberKey(logGroup: string, instance: string): Record<string, string> {
  return { [PK]: `MEM#${logGroup}#${shardOf(instance, GROUP_SHARDS)}`, [SK]: instance };
}

function toMember(item: Record<string, unknown>): FleetMember {
  const member = stripKeys<FleetMember>(item);
  return {
    ...member,
    batches: member.batches ?? [],
    bursts: member.bursts ?? [],
    burstsCut: member.burstsCut ?? 0,
    version: member.version ?? 0,
  };
}

/** The domain object without the table's key attributes. */
/** An incident item as the engine reads it: per-minute buckets are stored as a count record by minute. */
function incidentOfItem(item: Record<string, unknown>): Incident {
  const incident = stripKeys<Incident>(item);
  incident.buckets = minuteCountsOfRecord(incident.buckets as unknown as Record<string, number>);
  return incident;
}

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
