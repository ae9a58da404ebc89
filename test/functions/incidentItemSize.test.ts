import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { itemSize } from 'dynalite/db/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '#functions/adapters/DynamoStateStore.ts';
import { MAX_APPLIED_DELTAS } from '#shared/engine/store/boundedSets.ts';
import { incidentSlot } from '#shared/engine/store/incidentSlot.ts';
import { MemoryStateStore } from '#shared/engine/store/MemoryStateStore.ts';
import { Driver, event } from '../engine/support.ts';
import { type Dynalite, startDynalite } from './support/dynalite.ts';

/** DynamoDB refuses items over 400 KB. */
const ITEM_LIMIT_BYTES = 400 * 1024;
const LOG_GROUP = '/ec2/shop/nginx/error.log';
const INSTANCES = Array.from({ length: 10 }, (_, n) => `i-0a1b2c3d4e5f6000${n}`);

let dynalite: Dynalite;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => dynalite?.stop());

describe('incident item size', () => {
  it('stays far under the 400 KB item limit after 1 000 batches (10 000 events) of one incident', async () => {
    // Ten instances, one batch of ten events each in turn, one second apart: 1 000 batches feed each
    // instance incident 100 deltas; the sweeper refreshes the fleet incident. Never quiet, so it stays one incident.
    const memory = new MemoryStateStore();
    const driver = new Driver(memory);
    for (let b = 0; b < 1_000; b++) {
      const instance = INSTANCES[b % INSTANCES.length]!;
      await driver.ingest(
        Array.from({ length: 10 }, (_, k) => event(instance, b * 10 + k, 'timeout', LOG_GROUP)),
      );
    }
    // The sweeper brings the fleet incident up to its instances (ingest only creates it).
    await driver.sweepAt(10_000);
    // By key: listings leave the applied ids out.
    const fleet = (await memory.getIncident(incidentSlot(LOG_GROUP, null, 'upstream_timeout')))!;
    const instance = (await memory.getIncident(incidentSlot(LOG_GROUP, INSTANCES[0]!, 'upstream_timeout')))!;
    expect(fleet.count).toBe(10_000);
    expect(instance.count).toBe(1_000);

    // Stored as the Lambda stores it; dynalite refuses an item over 400 KB as DynamoDB does.
    const table = await dynalite.createTable();
    const store = new DynamoStateStore(dynalite.doc, table);
    for (const incident of [fleet, instance]) expect(await store.putIncident(incident, 0)).toBe(true);
    const scan = await dynalite.client.send(new ScanCommand({ TableName: table }));
    for (const raw of scan.Items ?? []) {
      const item = unmarshall(raw);
      const bytes = itemSize(raw);
      const { appliedDeltas: _ids, ...rest } = raw;
      const idBytes = bytes - itemSize(rest);
      console.info(
        `${item.instance === null ? 'fleet' : 'instance'} incident after 1 000 batches: ${bytes} bytes ` +
          `(${Math.ceil(bytes / 1024)} WCU per write, ${Math.ceil(bytes / 4096)} RCU per consistent read), ` +
          `of which appliedDeltas ${idBytes} bytes for ${item.appliedDeltas.length} ids`,
      );
      expect(bytes).toBeLessThan(ITEM_LIMIT_BYTES);
      expect(item.appliedDeltas.length).toBeLessThanOrEqual(MAX_APPLIED_DELTAS);
    }
  });
});
