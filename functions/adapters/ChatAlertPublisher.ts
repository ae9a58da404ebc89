import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CAUSES, causeInfo } from '#shared/catalogue/index.ts';
import type { CauseId } from '#shared/model/index.ts';
import { PublishError } from '../errors.ts';
import { type AlertPublisher, type OutgoingAlert, toMessageAttributes } from './SnsAlertPublisher.ts';

/**
 * The custom-notification JSON that Amazon Q Developer in chat applications (formerly AWS Chatbot)
 * renders for SNS messages from sources it does not know: `version`, `source: "custom"` and a
 * `content` with a title, a description, next steps and keywords. Plain text is not rendered.
 */
export interface ChatNotification {
  version: '1.0';
  source: 'custom';
  id?: string;
  content: {
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps: string[];
    keywords: string[];
  };
  metadata: { summary: string; eventType: string; additionalContext: Record<string, string> };
}

/** Chat messages stay short: the e-mail topic carries the whole body. */
const MAX_DESCRIPTION = 3500;
const MAX_TITLE = 250;

/**
 * An alert as a chat notification: the subject as title, the plain-text body as description (cut at
 * {@link MAX_DESCRIPTION} characters), the cause's first fixes from the catalogue as next steps, and
 * the filter attributes (severity, kind, cause, instance, deployment) as keywords.
 */
export function toChatNotification(alert: OutgoingAlert): ChatNotification {
  const attributes = Object.fromEntries(
    Object.entries(alert.attributes).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  const cause = attributes.cause;
  const nextSteps =
    cause !== undefined && Object.hasOwn(CAUSES, cause) ? causeInfo(cause as CauseId).fix.slice(0, 3) : [];
  const keywords = ['severity', 'kind', 'cause', 'instance', 'deployment', 'logGroup']
    .map((key) => attributes[key])
    .filter((v): v is string => v !== undefined && v !== '');
  const description =
    alert.message.length > MAX_DESCRIPTION
      ? `${alert.message.slice(0, MAX_DESCRIPTION - 3)}...`
      : alert.message;
  return {
    version: '1.0',
    source: 'custom',
    ...(attributes.alertId !== undefined && { id: attributes.alertId }),
    content: {
      textType: 'client-markdown',
      title: alert.subject.slice(0, MAX_TITLE),
      description,
      nextSteps,
      keywords: [...new Set(keywords)],
    },
    metadata: {
      summary: alert.subject,
      eventType: attributes.kind ?? 'alert',
      additionalContext: attributes,
    },
  };
}

/**
 * Publishes alerts to the chat topic in the custom-notification JSON, with the same message
 * attributes as the e-mail topic (so filter policies work on both).
 */
export class ChatAlertPublisher implements AlertPublisher {
  readonly #sns: SNSClient;
  readonly #topicArn: string;

  constructor(sns: SNSClient, topicArn: string) {
    this.#sns = sns;
    this.#topicArn = topicArn;
  }

  async publish(alert: OutgoingAlert): Promise<string> {
    try {
      const out = await this.#sns.send(
        new PublishCommand({
          TopicArn: this.#topicArn,
          Message: JSON.stringify(toChatNotification(alert)),
          // The e-mail topic's attributes, built the same way, so one filter policy fits both topics.
          MessageAttributes: toMessageAttributes(alert.attributes),
        }),
      );
      return out.MessageId ?? '';
    } catch (error: unknown) {
      throw new PublishError(`chat topic publish failed: ${(error as Error).message}`, { cause: error });
    }
  }
}

/**
 * Publishes to every publisher in turn (the e-mail topic first); fails when one fails, so the alert
 * claim is released and the retry sends again (subscribers dedupe on the alert id).
 */
export class FanOutPublisher implements AlertPublisher {
  readonly #publishers: readonly AlertPublisher[];

  constructor(publishers: readonly AlertPublisher[]) {
    this.#publishers = publishers;
  }

  async publish(alert: OutgoingAlert): Promise<string> {
    const ids: string[] = [];
    for (const publisher of this.#publishers) ids.push(await publisher.publish(alert));
    return ids[0] ?? '';
  }
}
