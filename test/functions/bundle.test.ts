import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '#functions/adapters/DynamoStateStore.ts';
import { incidentSlot } from '#shared/engine/store/incidentSlot.ts';
import { codeDeployDeployment, customDeploy } from '../deploy/deployEventFixtures.ts';
import { awslogsEvent, controlMessageEvent, eventId } from './support/awslogsPayload.ts';
import { bundleFunction, invokeBundle, scratchDir } from './support/bundle.ts';
import { type Dynalite, startDynalite, TEST_CREDENTIALS, TEST_REGION } from './support/dynalite.ts';
import { cloudWatchEventsFromLines, exampleLines } from './support/examples.ts';
import { type SnsServer, startSnsServer } from './support/snsServer.ts';

/*
 * Each function is bundled with esbuild exactly as the stack bundles it (functions/bundling.ts) and
 * invoked in a fresh node process against dynalite, so a bundling mistake (a missing import, a module
 * that needs `require`, config read at the wrong time) fails here and not in Lambda.
 */
let dynalite: Dynalite;
let sns: SnsServer;
let scratch: ReturnType<typeof scratchDir>;
beforeAll(async () => {
  dynalite = await startDynalite();
  sns = await startSnsServer();
  scratch = scratchDir();
});
afterAll(async () => {
  await dynalite?.stop();
  await sns?.stop();
  scratch?.remove();
});

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:upstream-triage-alerts';
const LOG_GROUP = '/ec2/shop/nginx/error.log';
const STREAM = 'i-0a1b2c3d4e5f60718';

const baseEnv = (tableName: string): Record<string, string> => ({
  AWS_REGION: TEST_REGION,
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
  TABLE_NAME: tableName,
  // SNS goes to a local endpoint that speaks the Publish XML: the real client, its retries, its signing.
  AWS_ENDPOINT_URL_SNS: sns.endpoint,
  TOPIC_ARN: TOPIC,
  POWERTOOLS_SERVICE_NAME: 'upstream-triage',
  POWERTOOLS_METRICS_NAMESPACE: 'UpstreamTriage',
});

describe('bundled deploy-events', () => {
  it('records deploy windows in DynamoDB and fails on an unreadable event', async () => {
    const { file, bytes } = await bundleFunction('deploy-events', scratch.dir);
    console.info(`bundle deploy-events: ${bytes} bytes`);
    const table = await dynalite.createTable();
    const runs = await invokeBundle(
      file,
      [
        codeDeployDeployment('START', '2026-03-14T10:00:00Z'),
        codeDeployDeployment('SUCCESS', '2026-03-14T10:04:00Z'),
        customDeploy('Deployment Started', '2026-03-14T10:00:00Z', { instances: ['i-1'] }),
      ],
      baseEnv(table),
      scratch.dir,
    );
    expect(runs.map((r) => r.error?.name ?? r.result)).toEqual([
      { status: 'recorded', window: 'd-7HT4L2XQB' },
      { status: 'recorded', window: 'd-7HT4L2XQB' },
      'DeployEventError',
    ]);
    // Windows are read by start day: ask for the hours around the deployment, as the engine does.
    const windows = await new DynamoStateStore(dynalite.doc, table).listDeployWindows(
      Date.parse('2026-03-14T09:00:00Z'),
      Date.parse('2026-03-14T11:00:00Z'),
    );
    expect(windows).toMatchObject([
      {
        id: 'd-7HT4L2XQB',
        start: Date.parse('2026-03-14T10:00:00Z'),
        end: Date.parse('2026-03-14T10:04:00Z'),
      },
    ]);
    expect(runs[1]?.records).toContainEqual(
      expect.objectContaining({ type: 'deploy_window', id: 'd-7HT4L2XQB' }),
    );
  });

  it('fails at init, naming the variable, when TABLE_NAME is missing', async () => {
    const { file } = await bundleFunction('deploy-events', scratch.dir);
    const env = baseEnv('x');
    delete env.TABLE_NAME;
    const [run] = await invokeBundle(file, [{}], env, scratch.dir);
    expect(run?.error).toMatchObject({ name: 'ConfigError', phase: 'init' });
    expect(run?.error?.message).toContain('TABLE_NAME');
  });
});

/** The EMF documents among a run's stdout records. */
const emf = (records: Record<string, unknown>[]) => records.filter((r) => typeof r._aws === 'object');

describe('bundled ingest and sweeper', () => {
  it('ingest: classifies a real capture, publishes to SNS, writes EMF and upstream_event lines; a redelivery does nothing', async () => {
    const { file, bytes } = await bundleFunction('ingest', scratch.dir);
    console.info(`bundle ingest: ${bytes} bytes`);
    const table = await dynalite.createTable();
    const before = sns.published.length;
    const event = awslogsEvent(cloudWatchEventsFromLines(exampleLines('single/error.log')), {
      logGroup: LOG_GROUP,
      logStream: STREAM,
    });
    const [first, again, control, bad] = await invokeBundle(
      file,
      [event, event, controlMessageEvent(), { awslogs: { data: 'not base64!' } }],
      baseEnv(table),
      scratch.dir,
    );
    expect(first?.error).toBeUndefined();
    expect(first?.result).toMatchObject({ status: 'processed', events: 44 });
    const sent = sns.published.slice(before);
    expect(sent.length).toBe((first?.result as { alertsSent?: number } | undefined)?.alertsSent);
    expect(sent.map((m) => m.attributes.cause?.value)).toContain('socket_permission');
    for (const message of sent) {
      expect(message.topicArn).toBe(TOPIC);
      expect(message.messageStructure).toBeUndefined();
      expect(message.attributes.kind?.type).toBe('String');
    }

    const records = first?.records ?? [];
    expect(records.filter((r) => r.type === 'upstream_event').length).toBeGreaterThan(10);
    const totals = emf(records).find((d) => 'Events' in d);
    expect(totals).toMatchObject({
      logGroup: LOG_GROUP,
      Events: 44,
      UnparsedLines: 0,
      AlertsSent: sent.length,
    });
    expect(totals?._aws).toMatchObject({ CloudWatchMetrics: [{ Namespace: 'UpstreamTriage' }] });
    expect(emf(records).filter((d) => 'EventsByCause' in d).length).toBeGreaterThan(5);

    expect(again?.result).toMatchObject({ status: 'duplicate' });
    expect(again?.records.filter((r) => r.type === 'upstream_event')).toEqual([]);
    expect(sns.published.length - before).toBe(sent.length);

    expect(control?.result).toEqual({ status: 'control' });
    expect(emf(control?.records ?? [])).toContainEqual(expect.objectContaining({ ControlMessages: 1 }));
    expect(bad?.error).toMatchObject({ name: 'PayloadNotBase64Error', phase: 'invoke' });
  });

  it('sweeper: reads the wall clock and resolves a paged incident that has been quiet', async () => {
    const ingest = await bundleFunction('ingest', scratch.dir);
    const sweeper = await bundleFunction('sweeper', scratch.dir);
    console.info(`bundle sweeper: ${sweeper.bytes} bytes`);
    const table = await dynalite.createTable();
    const line = exampleLines('single/error.log').find((l) => l.includes('(13: Permission denied)')) ?? '';
    // Logged an hour ago (CloudWatch time of record), so it is long quiet by the wall clock.
    const t0 = Date.now() - 3_600_000;
    const events = [0, 1, 2].map((i) => ({
      id: eventId(t0 + i * 1000, i),
      timestamp: t0 + i * 1000,
      message: line,
    }));
    const before = sns.published.length;
    const [ingested] = await invokeBundle(
      ingest.file,
      [awslogsEvent(events, { logGroup: LOG_GROUP, logStream: STREAM })],
      baseEnv(table),
      scratch.dir,
    );
    expect(ingested?.result).toMatchObject({ status: 'processed', alertsSent: 1 });

    const [swept, sweptAgain] = await invokeBundle(sweeper.file, [{}, {}], baseEnv(table), scratch.dir);
    expect(swept?.error).toBeUndefined();
    expect(swept?.result).toMatchObject({ alertsSent: 1 });
    expect(sweptAgain?.result).toMatchObject({ alertsSent: 0 });
    expect(sns.published.slice(before).map((m) => m.attributes.kind?.value)).toEqual(['page', 'resolved']);
    const incident = await new DynamoStateStore(dynalite.doc, table).getIncident(
      incidentSlot(LOG_GROUP, STREAM, 'socket_permission'),
    );
    expect(incident?.state).toBe('closed');
    expect(swept?.records).toContainEqual(expect.objectContaining({ type: 'sweep', alertsSent: 1 }));
  });
});
