import { readFileSync } from 'node:fs';
import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '#functions/adapters/DynamoStateStore.ts';
import { SnsAlertPublisher } from '#functions/adapters/SnsAlertPublisher.ts';
import { createHandler as createDeployEvents } from '#functions/deploy-events/createHandler.ts';
import { createHandler as createIngest } from '#functions/ingest/createHandler.ts';
import { createHandler as createSweeper } from '#functions/sweeper/createHandler.ts';
import { DEFAULT_ENGINE_SETTINGS } from '#shared/engine/config/EngineSettings.ts';
import { incidentSlot } from '#shared/engine/store/incidentSlot.ts';
import { customDeploy } from '../deploy/deployEventFixtures.ts';
import { awslogsEvent, eventId } from './support/awslogsPayload.ts';
import { REPO } from './support/bundle.ts';
import { type Dynalite, startDynalite, TEST_CREDENTIALS, TEST_REGION } from './support/dynalite.ts';
import { cloudWatchEventsFromLines, exampleLines, nginxTimeMs } from './support/examples.ts';
import { RecordingMetrics } from './support/recorders.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:upstream-triage-alerts';
const LOG_GROUP = '/ec2/checkout/nginx/error.log';

let dynalite: Dynalite;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => dynalite?.stop());

const sns = new SNSClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
const snsMock = mockClient(sns);
beforeEach(() => {
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
});
afterAll(() => snsMock.restore());

interface Markers {
  deployments: { id: string; start: string; end: string; instances: string[] }[];
}

/** The three functions wired to one dynalite table, with a clock the test moves. */
async function system() {
  const store = new DynamoStateStore(dynalite.doc, await dynalite.createTable());
  const publisher = new SnsAlertPublisher(sns, TOPIC);
  const clock = { now: 0 };
  const metrics = new RecordingMetrics();
  const log = () => {};
  const engine = DEFAULT_ENGINE_SETTINGS;
  return {
    store,
    clock,
    metrics,
    ingest: createIngest({
      store,
      publisher,
      metrics,
      log,
      engine,
      instancePattern: undefined,
      clock: () => clock.now,
    }),
    deployEvents: createDeployEvents({ store, engine, log }),
    sweeper: createSweeper({ store, publisher, metrics, log, engine, clock: () => clock.now }),
  };
}

const at = (iso: string) => Date.parse(iso);
const messages = (): PublishCommandInput[] =>
  snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input);
const attr = (m: PublishCommandInput, name: string) => m.MessageAttributes?.[name]?.StringValue;

/** Every instance log of an example folder, as one subscription batch per instance (stream = instance id). */
function instanceBatches(
  folder: string,
): { instance: string; event: ReturnType<typeof awslogsEvent>; lastSeen: number }[] {
  const timeline = JSON.parse(readFileSync(`${REPO}examples/${folder}/timeline.json`, 'utf8')) as {
    instances: string[];
  };
  return timeline.instances.map((instance) => {
    const events = cloudWatchEventsFromLines(exampleLines(`${folder}/${instance}.log`));
    return {
      instance,
      event: awslogsEvent(events, { logGroup: LOG_GROUP, logStream: instance }),
      lastSeen: Math.max(...events.map((e) => e.timestamp)),
    };
  });
}

describe('sweeper handler on dynalite', () => {
  it('sends resolved once a paged incident has been quiet, and only once', async () => {
    const sys = await system();
    const line = exampleLines('single/error.log').find((l) => l.includes('(13: Permission denied)')) ?? '';
    const t0 = nginxTimeMs(line) ?? 0;
    const events = [0, 1, 2].map((i) => ({
      id: eventId(t0 + i * 1000, i),
      timestamp: t0 + i * 1000,
      message: line,
    }));
    sys.clock.now = t0 + 5_000;
    await sys.ingest(awslogsEvent(events, { logGroup: LOG_GROUP, logStream: 'i-0a1b2c3d4e5f60718' }));
    expect(messages().map((m) => attr(m, 'kind'))).toEqual(['page']);

    const quietEnds = t0 + 2_000 + DEFAULT_ENGINE_SETTINGS.quietMs;
    sys.clock.now = quietEnds - 1_000;
    await sys.sweeper();
    expect(messages()).toHaveLength(1);

    sys.clock.now = quietEnds + 1_000;
    expect(await sys.sweeper()).toMatchObject({ alertsSent: 1 });
    const resolved = messages()[1];
    expect(resolved && attr(resolved, 'kind')).toBe('resolved');
    expect(resolved && attr(resolved, 'cause')).toBe('socket_permission');
    const incident = await sys.store.getIncident(
      incidentSlot(LOG_GROUP, 'i-0a1b2c3d4e5f60718', 'socket_permission'),
    );
    expect(incident?.state).toBe('closed');

    sys.clock.now += 60_000;
    expect(await sys.sweeper()).toMatchObject({ alertsSent: 0 });
    expect(messages()).toHaveLength(2);
  });

  it('pages the instance a deployment left failing once the deploy has ended and grace ran out, then digests it', async () => {
    const sys = await system();
    const markers = JSON.parse(readFileSync(`${REPO}examples/bad-deploy/markers.json`, 'utf8')) as Markers;
    const deploy = markers.deployments[0]!;
    // The pipeline announces the deployment; the end is not known yet while the logs arrive.
    await sys.deployEvents(
      customDeploy('Deployment Started', deploy.start, { id: deploy.id, instances: deploy.instances }),
    );
    const batches = instanceBatches('bad-deploy');
    const lastSeen = Math.max(...batches.map((b) => b.lastSeen));
    sys.clock.now = lastSeen + 1_000;
    for (const b of batches) await sys.ingest(b.event);
    expect(messages().filter((m) => attr(m, 'kind') === 'page')).toEqual([]);

    await sys.deployEvents(customDeploy('Deployment Finished', deploy.end, { id: deploy.id }));
    sys.clock.now = lastSeen + 5_000;
    await sys.sweeper();
    const pages = messages().filter((m) => attr(m, 'kind') === 'page');
    expect(pages.map((m) => [attr(m, 'instance'), attr(m, 'deployment')])).toEqual([
      ['i-0c2d4e6f8a0b10003', deploy.id],
    ]);
    const digests = messages().filter((m) => attr(m, 'kind') === 'digest');
    expect(digests.map((m) => attr(m, 'deployment'))).toEqual([deploy.id]);
    expect(digests[0]?.Message).toContain('i-0c2d4e6f8a0b10003');

    // Later sweeps: the two instances that came back close as deploy transients; nothing is sent twice.
    const sent = messages().length;
    sys.clock.now = lastSeen + 10 * 60_000;
    await sys.sweeper();
    const kinds = messages()
      .slice(sent)
      .map((m) => attr(m, 'kind'));
    expect(kinds.every((k) => k === 'resolved')).toBe(true);
    const transients = sys.metrics.sweeps.reduce((n, s) => n + (s.deployTransients[LOG_GROUP] ?? 0), 0);
    expect(transients).toBe(2);
    for (const instance of ['i-0c2d4e6f8a0b10001', 'i-0c2d4e6f8a0b10002']) {
      const restart = (await sys.store.listIncidents({ logGroup: LOG_GROUP })).find(
        (i) => i.instance === instance && i.group === 'restart',
      );
      expect(restart).toMatchObject({ state: 'closed', transient: true, deployment: deploy.id });
    }
  });

  it('sends a digest, and no page, for a clean rolling deploy once it has ended', async () => {
    const sys = await system();
    const markers = JSON.parse(
      readFileSync(`${REPO}examples/rolling-deploy/markers.json`, 'utf8'),
    ) as Markers;
    const deploy = markers.deployments[0]!;
    await sys.deployEvents(
      customDeploy('Deployment Started', deploy.start, { id: deploy.id, instances: deploy.instances }),
    );
    const batches = instanceBatches('rolling-deploy');
    const lastSeen = Math.max(...batches.map((b) => b.lastSeen));
    sys.clock.now = lastSeen + 1_000;
    for (const b of batches) await sys.ingest(b.event);
    await sys.deployEvents(customDeploy('Deployment Finished', deploy.end, { id: deploy.id }));

    sys.clock.now = at(deploy.end) + DEFAULT_ENGINE_SETTINGS.graceMs - 1_000;
    await sys.sweeper();
    expect(messages()).toEqual([]);

    sys.clock.now = at(deploy.end) + DEFAULT_ENGINE_SETTINGS.graceMs + 1_000;
    await sys.sweeper();
    expect(messages().map((m) => attr(m, 'kind'))).toEqual(['digest']);
    const digest = messages()[0];
    for (const instance of deploy.instances) expect(digest?.Message).toContain(instance);
    expect(digest && attr(digest, 'deployment')).toBe(deploy.id);

    sys.clock.now += 60_000;
    await sys.sweeper();
    expect(messages()).toHaveLength(1);
  });
});
