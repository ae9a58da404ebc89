import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ChatAlertPublisher,
  FanOutPublisher,
  toChatNotification,
} from '#functions/adapters/ChatAlertPublisher.ts';
import type { AlertPublisher, OutgoingAlert } from '#functions/adapters/SnsAlertPublisher.ts';
import { loadConfig } from '#functions/config.ts';
import { PublishError } from '#functions/errors.ts';
import { loggingPublisher } from '#functions/runtime.ts';
import { causeInfo } from '#shared/catalogue/index.ts';

const CHAT = 'arn:aws:sns:eu-west-1:123456789012:chat';
const sns = new SNSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const snsMock = mockClient(sns);
beforeEach(() => {
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'chat-1' });
});
afterAll(() => snsMock.restore());

const ALERT: OutgoingAlert = {
  subject: '[page] socket_permission on i-0a1b2c3d4e5f60718 (/ec2/nginx/error)',
  message: 'nginx cannot open the PHP-FPM socket.\nFirst seen 02:15:23Z, 6 lines.',
  attributes: {
    kind: 'page',
    severity: 'critical',
    cause: 'socket_permission',
    instance: 'i-0a1b2c3d4e5f60718',
    logGroup: '/ec2/nginx/error',
    deployment: undefined,
  },
};

describe('chat custom notifications', () => {
  it('title, description, the cause fixes as next steps, the attributes as keywords', () => {
    const n = toChatNotification(ALERT);
    expect(n).toMatchObject({ version: '1.0', source: 'custom' });
    expect(n.content).toEqual({
      textType: 'client-markdown',
      title: ALERT.subject,
      description: ALERT.message,
      nextSteps: causeInfo('socket_permission').fix.slice(0, 3),
      keywords: ['critical', 'page', 'socket_permission', 'i-0a1b2c3d4e5f60718', '/ec2/nginx/error'],
    });
    expect(n.content.nextSteps.length).toBeGreaterThan(0);
    expect(n.metadata.eventType).toBe('page');
  });

  it('an unknown cause gets no next steps; a long body is cut', () => {
    const n = toChatNotification({
      ...ALERT,
      message: 'x'.repeat(10_000),
      attributes: { cause: 'nope', kind: 'digest' },
    });
    expect(n.content.nextSteps).toEqual([]);
    expect(n.content.description.length).toBeLessThanOrEqual(3500);
    expect(n.content.description.endsWith('...')).toBe(true);
  });

  it('publishes the JSON with the same message attributes; a failure is a PublishError', async () => {
    const publisher = new ChatAlertPublisher(sns, CHAT);
    expect(await publisher.publish(ALERT)).toBe('chat-1');
    const input = snsMock.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.TopicArn).toBe(CHAT);
    expect(input.Subject).toBeUndefined();
    expect(JSON.parse(input.Message ?? '')).toEqual(toChatNotification(ALERT));
    expect(input.MessageAttributes?.kind).toEqual({ DataType: 'String', StringValue: 'page' });
    expect(input.MessageAttributes?.deployment).toBeUndefined();

    snsMock.on(PublishCommand).rejects(new Error('throttled'));
    await expect(publisher.publish(ALERT)).rejects.toBeInstanceOf(PublishError);
  });

  it('fan-out publishes to every topic in turn and fails when one fails; every publish is logged', async () => {
    const sent: string[] = [];
    const ok = (name: string): AlertPublisher => ({
      publish: async () => {
        sent.push(name);
        return `${name}-id`;
      },
    });
    const failing: AlertPublisher = {
      publish: async () => {
        throw new PublishError('down');
      },
    };
    const logs: Record<string, unknown>[] = [];
    const both = loggingPublisher(new FanOutPublisher([ok('email'), ok('chat')]), (r) =>
      logs.push(r as Record<string, unknown>),
    );
    expect(await both.publish(ALERT)).toBe('email-id');
    expect(sent).toEqual(['email', 'chat']);
    expect(logs).toEqual([
      expect.objectContaining({
        type: 'alert_published',
        level: 'INFO',
        subject: ALERT.subject,
        messageId: 'email-id',
        instance: 'i-0a1b2c3d4e5f60718',
      }),
    ]);
    const broken = loggingPublisher(new FanOutPublisher([ok('email'), failing]), (r) =>
      logs.push(r as Record<string, unknown>),
    );
    await expect(broken.publish(ALERT)).rejects.toBeInstanceOf(PublishError);
    expect(logs).toHaveLength(1);
  });
});

describe('loadConfig: the stack contract variables', () => {
  const BASE = { TABLE_NAME: 't', TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:alerts' };
  it('reads CHAT_TOPIC_ARN, HOME_ACCOUNT_ID and SOURCE_LOG_GROUPS', () => {
    const config = loadConfig(
      { ...BASE, CHAT_TOPIC_ARN: CHAT, HOME_ACCOUNT_ID: '123456789012', SOURCE_LOG_GROUPS: '["/a","/b"]' },
      { requireTopic: true },
    );
    expect(config).toMatchObject({
      chatTopicArn: CHAT,
      homeAccount: '123456789012',
      sourceLogGroups: ['/a', '/b'],
    });
    expect(loadConfig(BASE, { requireTopic: true })).toMatchObject({
      chatTopicArn: undefined,
      homeAccount: undefined,
      sourceLogGroups: [],
    });
  });

  it('names each bad one', () => {
    expect(() =>
      loadConfig(
        { ...BASE, CHAT_TOPIC_ARN: 'chat', HOME_ACCOUNT_ID: '12', SOURCE_LOG_GROUPS: '{"a":1}' },
        { requireTopic: true },
      ),
    ).toThrow(
      /CHAT_TOPIC_ARN is not an SNS topic ARN.*HOME_ACCOUNT_ID must be a 12-digit.*SOURCE_LOG_GROUPS must be a JSON array/s,
    );
  });
});
