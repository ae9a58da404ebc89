import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Alert } from '#shared/alerts/index.ts';
import { PublishError } from '../errors.ts';

/** What goes to SNS for one alert: the engine's rendering, untouched except for the SNS limits below. */
export interface OutgoingAlert {
  /** ASCII, at most 100 characters (the renderer guarantees it; {@link toSnsSubject} is a last guard). */
  subject: string;
  /** The plain-text body, as e-mail subscribers read it. */
  message: string;
  /** Filter-policy attributes (`severity`, `cause`, `kind`, `instance`, `deployment`, ...). */
  attributes: Readonly<Record<string, string | undefined>>;
}

/** The publisher port the handlers use (an in-memory fake serves tests that do not care about SNS). */
export interface AlertPublisher {
  /** Publishes one alert; resolves to the SNS message id. @throws {PublishError} */
  publish(alert: OutgoingAlert): Promise<string>;
}

/** The SNS message of an engine alert: its subject, its plain-text body and its filter attributes. */
export function toOutgoingAlert(alert: Alert): OutgoingAlert {
  return { subject: alert.subject, message: alert.body, attributes: alert.attributes };
}

/** SNS's limit on subjects. */
const MAX_SUBJECT = 100;
/** SNS attribute names: letters, digits, `_`, `-`, `.`; at most 256 characters. */
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]{1,256}$/;

/**
 * Publishes alerts to an SNS topic as plain text with message attributes.
 *
 * Why not `MessageStructure: 'json'` (one body per protocol)? SNS drops MessageAttributes from such
 * messages, and subscribers filter on them (`{"severity": ["critical"]}`, `{"kind": ["page"]}`, per
 * `cause`, `instance`, `deployment`). So every protocol gets the same plain-text `Message`; the e-mail
 * reads well and filter policies keep working. Subscribers that want JSON read the attributes.
 *
 * Retries: the SNSClient passed in retries throttling and 5xx itself (`maxAttempts`, see
 * `snsClient.ts`). What still fails becomes a {@link PublishError} with the SDK error as `cause`; the
 * handler releases its alert claim and lets the invocation fail, so Lambda retries it and the claim makes
 * the retry safe.
 *
 * @example
 * const publisher = new SnsAlertPublisher(new SNSClient({ maxAttempts: 5 }), process.env.TOPIC_ARN);
 * await publisher.publish({ subject, message, attributes: { severity: 'critical', kind: 'page' } });
 */
export class SnsAlertPublisher implements AlertPublisher {
  readonly #sns: SNSClient;
  readonly #topicArn: string;

  constructor(sns: SNSClient, topicArn: string) {
    this.#sns = sns;
    this.#topicArn = topicArn;
  }

  async publish(alert: OutgoingAlert): Promise<string> {
    const subject = toSnsSubject(alert.subject);
    try {
      const out = await this.#sns.send(
        new PublishCommand({
          TopicArn: this.#topicArn,
          Subject: subject,
          Message: alert.message,
          MessageAttributes: toMessageAttributes(alert.attributes),
        }),
      );
      return out.MessageId ?? '';
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new PublishError(`SNS Publish failed for "${subject}": ${reason}`, { cause: error });
    }
  }
}

/**
 * String attributes for SNS. Empty and undefined values are skipped (SNS rejects an empty String value,
 * and an absent attribute is what a filter policy's `exists: false` expects); invalid names are skipped
 * rather than failing the alert.
 */
export function toMessageAttributes(
  attributes: Readonly<Record<string, string | undefined>>,
): Record<string, MessageAttributeValue> {
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value.trim() === '' || !ATTRIBUTE_NAME.test(name)) continue;
    out[name] = { DataType: 'String', StringValue: value };
  }
  return out;
}

/**
 * A subject SNS accepts: printable ASCII, no line breaks, at most 100 characters. The renderer already
 * produces one; this guard exists because SNS rejects a bad subject permanently, and a permanent failure
 * would send the whole batch to the on-failure destination after every retry.
 */
export function toSnsSubject(subject: string): string {
  const ascii = subject
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const bounded = ascii.length > MAX_SUBJECT ? `${ascii.slice(0, MAX_SUBJECT - 3)}...` : ascii;
  return bounded === '' ? 'upstream-triage alert' : bounded;
}
