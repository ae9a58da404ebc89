import { createServer, type Server, type Socket } from 'node:net';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#functions/adapters/awsClients.ts';
import { DynamoStateStore } from '#functions/adapters/DynamoStateStore.ts';
import { SnsAlertPublisher } from '#functions/adapters/SnsAlertPublisher.ts';
import {
  boundedClientConfig,
  CLI_BUDGET,
  DYNAMODB_BUDGET,
  FIRST_RETRY_DELAY_MS,
  FUNCTION_TIMEOUT_SECONDS,
  type SdkBudget,
  SNS_BUDGET,
  worstCaseMs,
} from '#functions/adapters/sdkBudgets.ts';
import { createSnsClient } from '#functions/adapters/snsClient.ts';
import { StoreError } from '#functions/errors.ts';
import { ALERT_RESERVE_MS } from '#shared/engine/alerting/deliverAlerts.ts';
import { DEFAULT_ENGINE_SETTINGS } from '#shared/engine/config/EngineSettings.ts';
import { TEST_CREDENTIALS, TEST_REGION } from '../functions/support/dynalite.ts';

describe('the time line of one alert fits the lease, the retry delay and the function timeouts', () => {
  const claimToSettled = 2 * worstCaseMs(DYNAMODB_BUDGET) + worstCaseMs(SNS_BUDGET);

  it('bounds every call: no budget is unlimited', () => {
    for (const budget of [DYNAMODB_BUDGET, SNS_BUDGET, CLI_BUDGET]) {
      expect(budget.maxAttempts).toBeGreaterThanOrEqual(2);
      expect(worstCaseMs(budget)).toBeLessThan(60_000);
    }
    expect(worstCaseMs(DYNAMODB_BUDGET)).toBe(10_500);
    expect(worstCaseMs(SNS_BUDGET)).toBe(15_000);
  });

  it('claim + publish + confirm (or release) at worst < reserve < lease < first retry', () => {
    expect(claimToSettled).toBeLessThanOrEqual(ALERT_RESERVE_MS);
    expect(ALERT_RESERVE_MS).toBeLessThan(DEFAULT_ENGINE_SETTINGS.claimLeaseMs);
    expect(DEFAULT_ENGINE_SETTINGS.claimLeaseMs).toBeLessThan(FIRST_RETRY_DELAY_MS);
  });

  it('leaves room before the timeout of each function that publishes', () => {
    for (const seconds of [FUNCTION_TIMEOUT_SECONDS.ingest, FUNCTION_TIMEOUT_SECONDS.sweeper])
      expect(ALERT_RESERVE_MS).toBeLessThan(seconds * 1000);
    // deploy-events makes a handful of store calls (read, conditional write, a retry of both).
    expect(4 * worstCaseMs(DYNAMODB_BUDGET)).toBeLessThan(
      FUNCTION_TIMEOUT_SECONDS.deployEvents * 1000 + 15_000,
    );
  });
});

/** An endpoint that accepts connections and never answers (what the issue measured SNS against). */
let silent: Server;
let endpoint: string;
let connections = 0;
const sockets = new Set<Socket>();
beforeAll(async () => {
  silent = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

/** Small budgets: the wiring is under test here, not the production values (checked above). */
const TINY: SdkBudget = { connectionTimeoutMs: 200, requestTimeoutMs: 250, maxAttempts: 2 };
const local = { region: TEST_REGION, credentials: TEST_CREDENTIALS };

describe('every AWS client gives up on an endpoint that never answers (TimeoutError, retried once)', () => {
  it('SNS: the publish fails with a PublishError caused by a TimeoutError', async () => {
    const before = connections;
    const sns = createSnsClient(TINY, { ...local, endpoint });
    try {
      const error = await new SnsAlertPublisher(sns, 'arn:aws:sns:us-east-1:123456789012:t')
        .publish({ subject: 's', message: 'm', attributes: {} })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'PublishError', cause: { name: 'TimeoutError' } });
      expect(connections - before).toBe(TINY.maxAttempts);
    } finally {
      sns.destroy();
    }
  });

  it('DynamoDB: a store call fails with a StoreError caused by a TimeoutError', async () => {
    const before = connections;
    const doc = createDocumentClient(TINY, { ...local, endpoint });
    try {
      const error = await new DynamoStateStore(doc, 'state').batchProgress('b-1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ cause: { name: 'TimeoutError' } });
      expect(connections - before).toBe(TINY.maxAttempts);
    } finally {
      doc.destroy();
    }
  });

  it('CloudWatch Logs and EventBridge clients built with the same options time out too', async () => {
    const logs = new CloudWatchLogsClient({ ...local, endpoint, ...boundedClientConfig(TINY) });
    const events = new EventBridgeClient({ ...local, endpoint, ...boundedClientConfig(TINY) });
    try {
      await expect(logs.send(new DescribeLogGroupsCommand({}))).rejects.toMatchObject({
        name: 'TimeoutError',
      });
      await expect(
        events.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}' }] })),
      ).rejects.toMatchObject({ name: 'TimeoutError' });
    } finally {
      logs.destroy();
      events.destroy();
    }
  });
});
