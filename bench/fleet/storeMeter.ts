/**
 * Counts what the state store asks of DynamoDB, at the SDK boundary: one middleware on the client's
 * stack sees every command the DocumentClient sends (whatever the store's layout), asks DynamoDB for
 * the capacity it consumed (`ReturnConsumedCapacity: 'TOTAL'` on every command that takes it) and adds
 * up calls per command, items read and read / write units.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Commands that accept `ReturnConsumedCapacity` (the DynamoDB API reference of each). */
const TAKES_CAPACITY = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactGetItemsCommand',
  'TransactWriteItemsCommand',
  'ExecuteStatementCommand',
  'BatchExecuteStatementCommand',
  'ExecuteTransactionCommand',
]);
const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
  'ExecuteStatementCommand',
  'BatchExecuteStatementCommand',
]);

/** What the store did over some span (a batch, a sweep). */
export interface StoreWork {
  /** DynamoDB calls (SDK commands; retries of one call are not counted again). */
  ops: number;
  /** Calls per command name (`GetItem`, `Query`, ...). */
  byCommand: Record<string, number>;
  /** Items DynamoDB read to answer: `ScannedCount` of queries and scans, 1 per item a get found. */
  itemsRead: number;
  /** Calls that DynamoDB answered with an error (conditional check failures included). */
  failed: number;
  /** Consumed read and write capacity units, as DynamoDB (here dynalite) reported them. */
  rcu: number;
  wcu: number;
}

export function emptyWork(): StoreWork {
  return { ops: 0, byCommand: {}, itemsRead: 0, failed: 0, rcu: 0, wcu: 0 };
}

interface CapacityLike {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

export class StoreMeter {
  #work: StoreWork = emptyWork();

  /** The work since the last `take()` (or since attaching), and starts a new span. */
  take(): StoreWork {
    const work = this.#work;
    this.#work = emptyWork();
    return work;
  }

  /** Adds the middleware to `client`'s stack (the DocumentClient shares its DynamoDBClient's stack). */
  attach(client: DynamoDBDocumentClient): DynamoDBDocumentClient {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName ?? 'unknown');
        const input = args.input as Record<string, unknown>;
        if (TAKES_CAPACITY.has(command)) input.ReturnConsumedCapacity = 'TOTAL';
        const work = this.#work;
        const name = command.replace(/Command$/, '');
        work.ops++;
        work.byCommand[name] = (work.byCommand[name] ?? 0) + 1;
        try {
          const result = await next(args);
          this.#record(work, command, result.output as Record<string, unknown>);
          return result;
        } catch (error) {
          work.failed++;
          // A failed conditional write is billed too: DynamoDB returns no units with the error, so
          // count the minimum (1 WCU), as the DynamoDB developer guide describes.
          if (!READS.has(command)) work.wcu += 1;
          throw error;
        }
      },
      { step: 'initialize', name: 'fleetBenchStoreMeter', priority: 'high' },
    );
    return client;
  }

  #record(work: StoreWork, command: string, output: Record<string, unknown>): void {
    const consumed = output.ConsumedCapacity as CapacityLike | CapacityLike[] | undefined;
    const isRead = READS.has(command);
    for (const c of consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed]) {
      const units = c.CapacityUnits ?? 0;
      if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
        work.rcu += c.ReadCapacityUnits ?? 0;
        work.wcu += c.WriteCapacityUnits ?? 0;
      } else if (isRead) work.rcu += units;
      else work.wcu += units;
    }
    if (typeof output.ScannedCount === 'number') work.itemsRead += output.ScannedCount;
    else if (output.Item !== undefined) work.itemsRead += 1;
    else if (output.Responses !== undefined && typeof output.Responses === 'object') {
      for (const items of Object.values(output.Responses as Record<string, unknown>))
        if (Array.isArray(items)) work.itemsRead += items.length;
    }
  }
}

/** Sums spans (e.g. the batches of one sample). */
export function addWork(into: StoreWork, work: StoreWork): StoreWork {
  into.ops += work.ops;
  into.itemsRead += work.itemsRead;
  into.failed += work.failed;
  into.rcu += work.rcu;
  into.wcu += work.wcu;
  for (const [name, n] of Object.entries(work.byCommand))
    into.byCommand[name] = (into.byCommand[name] ?? 0) + n;
  return into;
}
