import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStateStore } from '#functions/adapters/DynamoStateStore.ts';
import { codeDeployDeployment, customDeploy } from '../deploy/deployEventFixtures.ts';
import { bundleFunction, invokeBundle, scratchDir } from './support/bundle.ts';
import { type Dynalite, startDynalite, TEST_CREDENTIALS, TEST_REGION } from './support/dynalite.ts';

/*
 * Each function is bundled with esbuild exactly as the stack bundles it (functions/bundling.ts) and
 * invoked in a fresh node process against dynalite, so a bundling mistake (a missing import, a module
 * that needs `require`, config read at the wrong time) fails here and not in Lambda.
 */
let dynalite: Dynalite;
let scratch: ReturnType<typeof scratchDir>;
beforeAll(async () => {
  dynalite = await startDynalite();
  scratch = scratchDir();
});
afterAll(async () => {
  await dynalite?.stop();
  scratch?.remove();
});

const baseEnv = (tableName: string): Record<string, string> => ({
  AWS_REGION: TEST_REGION,
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
  TABLE_NAME: tableName,
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
    const windows = await new DynamoStateStore(dynalite.doc, table).listDeployWindows(
      0,
      Number.MAX_SAFE_INTEGER,
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
