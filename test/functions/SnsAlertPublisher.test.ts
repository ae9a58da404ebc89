import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  SnsAlertPublisher,
  toMessageAttributes,
  toSnsSubject,
} from '#functions/adapters/SnsAlertPublisher.ts';
import { PublishError } from '#functions/errors.ts';
import { TEST_CREDENTIALS, TEST_REGION } from './support/dynalite.ts';
import { type SnsServer, startSnsServer } from './support/snsServer.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:upstream-triage-alerts';
const ALERT = {
  subject: '[PAGE] upstream_refused on i-0a1b2c3d4e5f60718 (shop)',
  message: 'Backend refused the connection\n\n502 x 37 on i-0a1b2c3d4e5f60718 ...',
  attributes: {
    severity: 'high',
    cause: 'upstream_refused',
    kind: 'page',
    instance: 'i-0a1b2c3d4e5f60718',
    deployment: undefined,
    logGroup: '',
  },
};

describe('SnsAlertPublisher at the SDK boundary (aws-sdk-client-mock)', () => {
  // Mock one instance, not the SNSClient prototype: the next describe uses real clients.
  const client = new SNSClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
  const sns = mockClient(client);
  beforeEach(() => sns.reset());
  afterAll(() => sns.restore());

  it('publishes plain text with Subject and String attributes, never MessageStructure=json', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const id = await new SnsAlertPublisher(client, TOPIC).publish(ALERT);
    expect(id).toBe('m-1');
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      TopicArn: TOPIC,
      Subject: ALERT.subject,
      Message: ALERT.message,
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'high' },
        cause: { DataType: 'String', StringValue: 'upstream_refused' },
        kind: { DataType: 'String', StringValue: 'page' },
        instance: { DataType: 'String', StringValue: 'i-0a1b2c3d4e5f60718' },
      },
    });
    expect(calls[0]?.args[0].input.MessageStructure).toBeUndefined();
  });

  it('turns an SDK failure into a PublishError that keeps the cause', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: SNS:Publish'), {
      name: 'AuthorizationErrorException',
    });
    sns.on(PublishCommand).rejects(denied);
    const publisher = new SnsAlertPublisher(client, TOPIC);
    const error = await publisher.publish(ALERT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).cause).toBe(denied);
    expect((error as PublishError).message).toContain('AuthorizationErrorException');
  });
});

describe('SnsAlertPublisher with the real SDK against a local SNS endpoint', () => {
  let server: SnsServer;
  beforeAll(async () => {
    server = await startSnsServer();
  });
  afterAll(async () => server.stop());

  const client = (maxAttempts: number) =>
    new SNSClient({
      region: TEST_REGION,
      endpoint: server.endpoint,
      credentials: TEST_CREDENTIALS,
      maxAttempts,
    });

  it('retries a 500 through the SDK and succeeds', async () => {
    const before = server.requests;
    server.failNext(2);
    const id = await new SnsAlertPublisher(client(3), TOPIC).publish(ALERT);
    expect(id).toMatch(/^msg-/);
    expect(server.requests - before).toBe(3);
    const last = server.published.at(-1);
    expect(last?.subject).toBe(ALERT.subject);
    expect(last?.messageStructure).toBeUndefined();
    expect(last?.attributes).toEqual({
      severity: { type: 'String', value: 'high' },
      cause: { type: 'String', value: 'upstream_refused' },
      kind: { type: 'String', value: 'page' },
      instance: { type: 'String', value: 'i-0a1b2c3d4e5f60718' },
    });
  });

  it('gives up after maxAttempts with a PublishError', async () => {
    const before = server.requests;
    server.failNext(5);
    await expect(new SnsAlertPublisher(client(2), TOPIC).publish(ALERT)).rejects.toBeInstanceOf(PublishError);
    expect(server.requests - before).toBe(2);
    server.failNext(0);
  });

  it('does not retry a permanent client error', async () => {
    const before = server.requests;
    server.failNext(1, 400, 'InvalidParameter');
    await expect(new SnsAlertPublisher(client(4), TOPIC).publish(ALERT)).rejects.toThrow(/InvalidParameter/);
    expect(server.requests - before).toBe(1);
  });
});

describe('toMessageAttributes', () => {
  it.each([
    ['skips undefined', { a: undefined }, {}],
    ['skips empty and blank strings (SNS rejects them)', { a: '', b: '  ' }, {}],
    ['skips names SNS does not allow', { 'bad name': 'x', 'ok.name-1_x': 'y' }, { 'ok.name-1_x': 'y' }],
    ['keeps hostile values as opaque strings', { host: '"><script>' }, { host: '"><script>' }],
  ])('%s', (_name, input, expected) => {
    const out = toMessageAttributes(input);
    expect(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.StringValue]))).toEqual(expected);
    for (const value of Object.values(out)) expect(value.DataType).toBe('String');
  });
});

describe('toSnsSubject', () => {
  it.each([
    ['keeps a valid subject', 'PAGE upstream_refused on i-1', 'PAGE upstream_refused on i-1'],
    ['removes line breaks and control characters', 'a\r\nb\u0007c', 'a b c'],
    ['folds accents and drops non-ASCII', 'Café 💥 down', 'Cafe down'],
    ['never returns an empty subject', '\u0000\u0001', 'upstream-triage alert'],
  ])('%s', (_name, input, expected) => {
    expect(toSnsSubject(input)).toBe(expected);
  });

  it('bounds the length to 100', () => {
    const out = toSnsSubject('x'.repeat(300));
    expect(out).toHaveLength(100);
    expect(out.endsWith('...')).toBe(true);
  });
});
