import { join } from 'node:path';
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { quietSdkNodeNotice } from '../../cli/aws.ts';
import { runCli, tempDir } from './support.ts';

/*
 * query and deploy through `main` with the real SDK clients (only `send` is mocked): they resolve
 * region and credentials from the process environment as users' runs do, and say which they use.
 */
const logs = mockClient(CloudWatchLogsClient);
const events = mockClient(EventBridgeClient);
const nowhere = join(tempDir('ut-aws-'), 'none');
const CLEAN = {
  AWS_REGION: undefined,
  AWS_DEFAULT_REGION: undefined,
  AWS_PROFILE: undefined,
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_CONFIG_FILE: nowhere,
  AWS_SHARED_CREDENTIALS_FILE: nowhere,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
  AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
  AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
};
const stub = (env: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return { ...process.env };
};
beforeEach(() => {
  logs.on(StartQueryCommand).resolves({ queryId: 'q' });
  logs.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [] });
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'ev-1' }] });
});
afterEach(() => {
  logs.reset();
  events.reset();
  vi.unstubAllEnvs();
});

describe('AWS commands say where they go', () => {
  it.each([
    [['query'], 'query'],
    [['deploy', 'start', '--id', 'build-1'], 'deploy'],
  ])('%j: region and credentials from the environment, in one line on stderr', async (argv, name) => {
    const env = stub({
      ...CLEAN,
      AWS_REGION: 'eu-west-3',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE0WXYZ',
      AWS_SECRET_ACCESS_KEY: 's',
    });
    const r = await runCli(argv, '', env);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      `upstream-triage ${name}: region eu-west-3 (AWS_REGION), credentials from environment (AWS_ACCESS_KEY_ID), key ...WXYZ`,
    );
  });

  it('--region is named as the source of the region', async () => {
    const env = stub({ ...CLEAN, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE01234', AWS_SECRET_ACCESS_KEY: 's' });
    const r = await runCli(['query', '--region', 'ap-south-1'], '', env);
    expect(r.stderr).toContain('region ap-south-1 (--region)');
  });

  it.each([
    [['query'], 'query'],
    [['deploy', 'finish', '--id', 'build-1'], 'deploy'],
  ])('%j without a region: one clear line, exit 1, no call', async (argv, name) => {
    const env = stub({ ...CLEAN, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE01234', AWS_SECRET_ACCESS_KEY: 's' });
    const r = await runCli(argv, '', env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      `upstream-triage ${name}: no AWS region: pass --region, set AWS_REGION, or set a region in the AWS profile (aws configure)`,
    );
    expect(logs.calls().length + events.calls().length).toBe(0);
  });

  it('without credentials: one clear line, exit 1, no call', async () => {
    const env = stub({ ...CLEAN, AWS_REGION: 'eu-west-1' });
    const r = await runCli(['query'], '', env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(
      /^upstream-triage query: no AWS credentials found: set AWS_PROFILE/,
    );
    expect(logs.calls()).toHaveLength(0);
  });
});

describe('quietSdkNodeNotice', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('turns the SDK notice off and says it in one line on Node < 22', () => {
    vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', undefined);
    expect(quietSdkNodeNotice({}, '20.19.0')).toBe(
      'note: AWS SDK releases after early 2027 need Node.js 22 or later (this is 20.19.0)',
    );
    expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
    // Once per process.
    expect(quietSdkNodeNotice({}, '20.19.0')).toBeUndefined();
  });

  it('says nothing on Node 22 or when the user set the switch', () => {
    vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', undefined);
    expect(quietSdkNodeNotice({}, '22.1.0')).toBeUndefined();
    vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'false');
    expect(quietSdkNodeNotice({}, '20.19.0')).toBeUndefined();
  });
});
