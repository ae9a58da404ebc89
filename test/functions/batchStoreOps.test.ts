import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '#functions/adapters/DynamoStateStore.ts';
import { SnsAlertPublisher } from '#functions/adapters/SnsAlertPublisher.ts';
import { createHandler as createIngest } from '#functions/ingest/createHandler.ts';
import { createHandler as createSweeper } from '#functions/sweeper/createHandler.ts';
import { DEFAULT_ENGINE_SETTINGS } from '#shared/engine/config/EngineSettings.ts';
import { awslogsEvent, eventId } from './support/awslogsPayload.ts';
import { type Dynalite, startDynalite, TEST_CREDENTIALS, TEST_REGION } from './support/dynalite.ts';
import { exampleLines } from './support/examples.ts';
import { RecordingMetrics } from './support/recorders.ts';

/*
 * Issue 11: an ingest batch does a constant number of store requests, whatever the fleet size and
 * the incident's age. Real ingest handler, real DynamoStateStore on dynalite; the document client is
 * wrapped to count requests by command (counts, not times).
 */
let dynalite: Dynalite;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => dynalite?.stop());

const sns = new SNSClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
const snsMock = mockClient(sns);
snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
afterAll(() => snsMock.restore());

const LOG_GROUP = '/fleet/nginx/error';
const REFUSED = exampleLines('single/error.log')[6]!.slice(19);
const NOISE = exampleLines('single/error.log')[28]!.slice(19);
const T0 = Date.UTC(2026, 10, 3, 10, 0, 0);
const READS = new Set(['GetCommand', 'QueryCommand']);

function counting(doc: DynamoDBDocumentClient) {
  const calls: string[] = [];
  const counted = new Proxy(doc, {
    get(target, name, receiver) {
      if (name !== 'send') return Reflect.get(target, name, receiver);
      return (command: { constructor: { name: string } }, ...rest: unknown[]) => {
        calls.push(command.constructor.name);
        return (target.send as (...a: unknown[]) => unknown).call(target, command, ...rest);
      };
    },
  });
  return { doc: counted, calls };
}

function nginxLine(ms: number, text: string): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)} ${iso.slice(11, 19)}${text}`;
}

/** One 5-second batch of 25 refused-connection lines (a failing instance) or 1 noise line (a healthy one). */
function batch(instance: string, second: number, failing: boolean) {
  const events = Array.from({ length: failing ? 25 : 1 }, (_, k) => {
    const ms = T0 + second * 1000 + k * 200;
    return { id: eventId(ms, k), timestamp: ms, message: nginxLine(ms, failing ? REFUSED : NOISE) };
  });
  return awslogsEvent(events, { logGroup: LOG_GROUP, logStream: instance });
}

/** Requests of one measured batch of a failing instance after `minutes` of an incident on a fleet of `size`. */
async function measure(size: number, minutes: number) {
  const { doc, calls } = counting(dynalite.doc);
  const store = new DynamoStateStore(doc, await dynalite.createTable());
  const clock = { now: T0 };
  const deps = {
    store,
    publisher: new SnsAlertPublisher(sns, 'arn:aws:sns:us-east-1:123456789012:t'),
    metrics: new RecordingMetrics(),
    log: () => {},
    engine: DEFAULT_ENGINE_SETTINGS,
    clock: () => clock.now,
  };
  // As the entry point wires it: the store is also the per-stream event ledger.
  const ingest = createIngest({ ...deps, ledger: deps.store, instancePattern: undefined });
  const sweeper = createSweeper(deps);
  const instances = Array.from({ length: size }, (_, k) => `i-0fleet${String(k).padStart(4, '0')}`);
  // A third of the fleet fails; every instance delivers a batch a minute; the sweeper runs each minute.
  for (let m = 0; m < minutes; m++) {
    for (const [k, i] of instances.entries()) await ingest(batch(i, m * 60 + (k % 50), k % 3 === 0));
    clock.now = T0 + (m + 1) * 60_000;
    await sweeper();
  }
  calls.length = 0;
  await ingest(batch(instances[0]!, minutes * 60 + 55, true));
  const reads = calls.filter((c) => READS.has(c)).length;
  return { reads, writes: calls.length - reads, calls: [...calls] };
}

describe('store requests per ingest batch', () => {
  it('stay the same from 10 to 60 instances and from minute 1 to minute 4 of an incident, at most 10 reads and 10 writes', async () => {
    const small = await measure(10, 1);
    const big = await measure(60, 1);
    const older = await measure(10, 4);
    console.info(
      `per batch: 10 instances minute 1: ${small.reads} reads, ${small.writes} writes (${small.calls.join(' ')}); ` +
        `60 instances: ${big.reads}/${big.writes}; minute 4: ${older.reads}/${older.writes}`,
    );
    expect(big).toEqual(small);
    expect(older).toEqual(small);
    expect(small.reads).toBeLessThanOrEqual(10);
    expect(small.writes).toBeLessThanOrEqual(10);
  }, 240_000);
});
