/**
 * Makes the build-up of the incident's earlier minutes affordable without knowing the store's layout.
 * The real ingest handler still writes every item of that state, but for a coarse payload per instance
 * and build span (a few minutes of event time, lines thinned) instead of one per 5 s. Two SDK-level
 * adjustments, active only while building, keep the result close to what 5 s batches would have left:
 *
 * - **Per-batch items are replicated.** A write whose key contains the batch id (the batch record, an
 *   activity record per batch, ...) is written again once for each 5 s batch the coarse payload stands
 *   for, under derived batch ids, so the table holds as many per-batch items as the real fleet would.
 *   Items shared by batches (incidents, aggregates, counters) are written by the handler itself and
 *   hold every instance and every minute.
 * - **Build reads are capped.** A query whose answer would exceed `readCap` items returns its first
 *   page of `readCap` only (no further pages): on a layout whose reads grow with the fleet, building
 *   would otherwise cost the square of the fleet. Capped queries are counted and reported; the
 *   measured batches are never capped.
 *
 * - **Optionally, instances follow others.** With fewer handler instances than the fleet (the test's
 *   quick mode), each other instance copies a handler instance's writes: items keyed by the instance
 *   with its own id, unconditional updates of shared items (counters) replayed as its own. Conditional
 *   writes of shared items cannot be replayed and are counted: shared items then hold fewer
 *   instances than the real fleet would (fewer map entries, smaller items), while the number of items
 *   per instance and per batch is the real one.
 *
 * Decisions the handler takes while building (alerts, inferred windows) may differ from a real run's
 * where a capped read hid items: the measured figures are store work, not verdicts.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { TABLE_SCHEMA } from '#shared/contract/index.ts';

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);
const QUERIES = new Set(['QueryCommand', 'ScanCommand']);
const KEY_NAMES = [TABLE_SCHEMA.partitionKey.name, TABLE_SCHEMA.sortKey.name];
/** Partition keys an item can be read by: the table's and each index's. */
const PARTITION_KEYS = [
  TABLE_SCHEMA.partitionKey.name,
  ...TABLE_SCHEMA.globalSecondaryIndexes.map((index) => index.partitionKey.name),
];

interface CapturedWrite {
  command: 'PutItemCommand' | 'UpdateItemCommand' | 'DeleteItemCommand';
  input: Record<string, unknown>;
  keyText: string;
  /** The partition keys (table, indexes) the item is in. */
  partitions: string[];
}

export interface BuildStats {
  /** Writes replayed under derived batch ids. */
  replicatedWrites: number;
  /** Build queries that returned one page of `readCap` items instead of all their items. */
  cappedReads: number;
  /** Writes of shared items by a followed instance that its clones could not replay (conditional ones). */
  sharedWritesSkipped: number;
}

export class BuildShaper {
  readonly #readCap: number;
  #active = false;
  #replaying = false;
  #captured: CapturedWrite[] = [];
  readonly stats: BuildStats = { replicatedWrites: 0, cappedReads: 0, sharedWritesSkipped: 0 };

  constructor(readCap: number) {
    this.#readCap = readCap;
  }

  attach(client: DynamoDBDocumentClient): DynamoDBDocumentClient {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (!this.#active || this.#replaying) return next(args);
        const command = String(context.commandName ?? '');
        const input = args.input as Record<string, unknown>;
        if (WRITES.has(command)) {
          const key = ((command === 'PutItemCommand' ? input.Item : input.Key) ?? {}) as Record<
            string,
            unknown
          >;
          this.#captured.push({
            command: command as CapturedWrite['command'],
            input: structuredClone(input),
            keyText: KEY_NAMES.map((name) => String(key[name] ?? '')).join('\u0000'),
            partitions: PARTITION_KEYS.filter((name) => typeof key[name] === 'string').map((name) =>
              String(key[name]),
            ),
          });
          return next(args);
        }
        if (!QUERIES.has(command)) return next(args);
        const limit = input.Limit as number | undefined;
        if (limit !== undefined && limit <= this.#readCap) return next(args);
        input.Limit = this.#readCap;
        const result = await next(args);
        const output = result.output as Record<string, unknown>;
        if (output.LastEvaluatedKey !== undefined) {
          this.stats.cappedReads++;
          delete output.LastEvaluatedKey;
        }
        return result;
      },
      { step: 'initialize', name: 'fleetBenchBuildShaper', priority: 'low' },
    );
    return client;
  }

  /** Runs `call` (one build batch) with capped reads and captured writes. */
  async build<T>(call: () => Promise<T>): Promise<T> {
    this.#active = true;
    this.#captured = [];
    try {
      return await call();
    } finally {
      this.#active = false;
    }
  }

  /** Build-mode reads for a call that writes nothing worth replicating (a sweep while building). */
  async capped<T>(call: () => Promise<T>): Promise<T> {
    const result = await this.build(call);
    this.#captured = [];
    return result;
  }

  /**
   * Replays the writes of the last build batch (one instance, one coarse payload):
   * - its per-batch items `copies` more times, each under its own derived batch id;
   * - for each of `clones` (other instances that follow this one), every write whose key names the
   *   instance, with the clone's instance id and batch ids, per-batch copies included; and updates of
   *   shared items (no instance in the key) made without a condition (`ADD`, `SET if_not_exists`), which
   *   add up as the clones' own batches would. Other writes of shared items (conditional puts,
   *   read-modify-write) are not replayed and are counted in `sharedWritesSkipped`.
   * Puts go in BatchWriteItem requests of 25, updates and deletes one by one, in the batch's order.
   */
  async replay(
    doc: DynamoDBDocumentClient,
    from: { batchId: string | undefined; instance: string; copies: number; clones?: readonly string[] },
  ): Promise<void> {
    const captured = this.#captured;
    this.#captured = [];
    const { batchId, instance, copies } = from;
    const clones = from.clones ?? [];
    if (batchId === undefined || (copies <= 0 && clones.length === 0)) return;
    // Per-batch items that other batches can read: the batch id is in the item's key, but some
    // partition it is in (table or index) is shared. An item alone in a partition of its own (a batch
    // record) is read by its key only, so copies of it would change no other batch's work.
    const perBatch = (w: CapturedWrite) =>
      w.keyText.includes(batchId) && w.partitions.some((pk) => !pk.includes(batchId));
    const ofInstance = (w: CapturedWrite) => w.keyText.includes(instance);
    const sharedUpdate = (w: CapturedWrite) =>
      w.command === 'UpdateItemCommand' && w.input.ConditionExpression === undefined;
    const writer = new ReplayWriter(doc, String(captured[0]?.input.TableName));
    this.#replaying = true;
    try {
      const copy = async (write: CapturedWrite, swaps: [string, string][]) => {
        let input: unknown = write.input;
        for (const [a, b] of swaps) input = substitute(input, a, b);
        await writer.write(write.command, input as Record<string, unknown>);
        this.stats.replicatedWrites++;
      };
      for (let k = 1; k <= copies; k++) {
        for (const write of captured)
          if (perBatch(write)) await copy(write, [[batchId, deriveBatchId(batchId, k)]]);
      }
      for (const clone of clones) {
        const cloneBatch = deriveBatchId(`${batchId}/${clone}`, 0);
        for (const write of captured) {
          if (ofInstance(write) || sharedUpdate(write)) {
            await copy(write, [
              [instance, clone],
              [batchId, cloneBatch],
            ]);
          } else if (!write.keyText.includes(batchId)) this.stats.sharedWritesSkipped++;
        }
        for (let k = 1; k <= copies; k++) {
          const derived = deriveBatchId(cloneBatch, k);
          for (const write of captured) {
            if (perBatch(write) && ofInstance(write))
              await copy(write, [
                [instance, clone],
                [batchId, derived],
              ]);
          }
        }
      }
      await writer.flush();
    } finally {
      this.#replaying = false;
    }
  }
}

/** Sends replayed writes: puts gathered into BatchWriteItem requests, anything else in order after them. */
class ReplayWriter {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  #puts = new Map<string, Record<string, unknown>>();

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  async write(command: CapturedWrite['command'], input: Record<string, unknown>): Promise<void> {
    if (command === 'PutItemCommand') {
      const item = input.Item as Record<string, unknown>;
      const key = KEY_NAMES.map((name) => String(item[name])).join('\u0000');
      // A later put of the same item replaces the earlier one (a request may not name an item twice).
      this.#puts.set(key, item);
      if (this.#puts.size >= 25) await this.flush();
      return;
    }
    await this.flush();
    try {
      if (command === 'UpdateItemCommand') await this.#doc.send(new UpdateCommand(input as never));
      else await this.#doc.send(new DeleteCommand(input as never));
    } catch (error) {
      // The instance it copies met the same condition; a clone's item may have moved on differently.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async flush(): Promise<void> {
    if (this.#puts.size === 0) return;
    let request: Record<string, unknown[]> | undefined = {
      [this.#table]: [...this.#puts.values()].map((Item) => ({ PutRequest: { Item } })),
    };
    this.#puts = new Map();
    while (request !== undefined && Object.keys(request).length > 0) {
      const out = await this.#doc.send(new BatchWriteCommand({ RequestItems: request as never }));
      request = out.UnprocessedItems as Record<string, unknown[]> | undefined;
    }
  }
}

/** Another id of the same shape (`b-<16 hex>-<events>`), different for every copy. */
function deriveBatchId(batchId: string, copy: number): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  const text = `${batchId}/${copy}`;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(i), 0x5bd1e995);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  const count = /-(\d+)$/.exec(batchId)?.[1] ?? '0';
  return `b-${hex(a)}${hex(b)}-${count}`;
}

/** `value` with every occurrence of `from` in its strings (object keys included) replaced by `to`. */
function substitute(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value.split(from).join(to);
  if (Array.isArray(value)) return value.map((v) => substitute(v, from, to));
  if (value instanceof Set) return new Set([...value].map((v) => substitute(v, from, to)));
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.split(from).join(to), substitute(v, from, to)]),
    );
  }
  return value;
}
