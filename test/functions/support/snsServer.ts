import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Publish request as the server received it (form fields of the AWS Query protocol). */
export interface ReceivedPublish {
  topicArn: string;
  subject: string | undefined;
  message: string;
  messageStructure: string | undefined;
  attributes: Record<string, { type: string; value: string }>;
}

export interface SnsServer {
  endpoint: string;
  published: ReceivedPublish[];
  /** Requests received, failed ones included. */
  requests: number;
  /** The next `n` requests get HTTP 500 InternalError (the SDK retries those). */
  failNext(n: number, status?: number, code?: string): void;
  stop(): Promise<void>;
}

/**
 * A tiny stand-in for the SNS endpoint: answers `Action=Publish` with the XML SNS returns, records what
 * was published, and can fail on demand. It lets the real SNSClient (and its retry logic) run, and lets a
 * bundled handler in another process publish somewhere observable.
 */
export async function startSnsServer(): Promise<SnsServer> {
  const published: ReceivedPublish[] = [];
  let failures: { remaining: number; status: number; code: string } = { remaining: 0, status: 500, code: '' };
  const state = { requests: 0 };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      state.requests++;
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      res.setHeader('content-type', 'text/xml');
      if (failures.remaining > 0) {
        failures.remaining--;
        res.statusCode = failures.status;
        res.end(
          `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Receiver</Type><Code>${failures.code}</Code><Message>injected failure</Message></Error><RequestId>req-fail</RequestId></ErrorResponse>`,
        );
        return;
      }
      if (form.get('Action') !== 'Publish') {
        res.statusCode = 400;
        res.end(
          '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>only Publish</Message></Error></ErrorResponse>',
        );
        return;
      }
      const attributes: ReceivedPublish['attributes'] = {};
      for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i++) {
        attributes[form.get(`MessageAttributes.entry.${i}.Name`) ?? ''] = {
          type: form.get(`MessageAttributes.entry.${i}.Value.DataType`) ?? '',
          value: form.get(`MessageAttributes.entry.${i}.Value.StringValue`) ?? '',
        };
      }
      published.push({
        topicArn: form.get('TopicArn') ?? '',
        subject: form.get('Subject') ?? undefined,
        message: form.get('Message') ?? '',
        messageStructure: form.get('MessageStructure') ?? undefined,
        attributes,
      });
      res.end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>msg-${published.length}</MessageId></PublishResult><ResponseMetadata><RequestId>req-${state.requests}</RequestId></ResponseMetadata></PublishResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    published,
    get requests() {
      return state.requests;
    },
    failNext(n, status = 500, code = 'InternalError') {
      failures = { remaining: n, status, code };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
