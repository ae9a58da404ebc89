import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { SnsAlertPublisher, toOutgoingAlert } from '#functions/adapters/SnsAlertPublisher.ts';
import type { AlertFacts } from '#shared/alerts/Alert.ts';
import { alertIdOf } from '#shared/alerts/alertId.ts';
import { renderAlert } from '#shared/alerts/renderAlert.ts';
import { MAX_BODY_BYTES } from '#shared/alerts/renderBody.ts';
import { CAUSES } from '#shared/catalogue/index.ts';
import { TEST_CREDENTIALS, TEST_REGION } from '../functions/support/dynalite.ts';

function facts(overrides: Partial<AlertFacts> = {}): AlertFacts {
  return {
    key: 'page#%2Fec2%2Fnginx|i-a|upstream_refused#1',
    kind: 'page',
    rule: 'restart-persisting',
    severity: 'high',
    logGroup: '/ec2/nginx/error',
    cause: 'upstream_refused',
    causeInfo: CAUSES.upstream_refused,
    headline: 'i-a failing for 2m: Backend refused the connection',
    instance: 'i-a',
    fleet: false,
    instances: [{ instance: 'i-a', count: 3, statusCounts: { '502': 3 } }],
    firstSeen: Date.UTC(2026, 10, 3, 10),
    lastSeen: Date.UTC(2026, 10, 3, 10, 2),
    count: 3,
    statusCounts: { '502': 3 },
    upstreams: [],
    hosts: [],
    samples: [],
    decidedAt: Date.UTC(2026, 10, 3, 10, 2),
    ...overrides,
  };
}

describe('alert id', () => {
  it('depends on the key only: a later rendering of the same alert (more events, later) has the same id', () => {
    const first = renderAlert(facts());
    const later = renderAlert(facts({ count: 400, lastSeen: Date.UTC(2026, 10, 3, 11), decidedAt: 1 }));
    expect(later.id).toBe(first.id);
    expect(first.id).toMatch(/^ua-[0-9a-f]{16}$/);
    expect(renderAlert(facts({ key: 'resolved#%2Fec2%2Fnginx|i-a|upstream_refused#1' })).id).not.toBe(
      first.id,
    );
  });

  it('differs for 20 000 keys that differ in one character', () => {
    const ids = new Set<string>();
    for (let n = 0; n < 20_000; n++) ids.add(alertIdOf(`page#/ec2/nginx|i-${n}|upstream_refused#${n % 7}`));
    expect(ids.size).toBe(20_000);
  });

  it('is in the message attributes, the JSON and the e-mail footer', () => {
    const alert = renderAlert(facts());
    expect(alert.attributes.alertId).toBe(alert.id);
    expect(alert.json.alertId).toBe(alert.id);
    const footer = alert.body.split('\n').slice(-3);
    expect(footer[0]).toBe('-- upstream-triage');
    expect(footer[1]).toContain(`alert id   ${alert.id}`);
  });

  it('keeps the footer when the body is cut at the size limit', () => {
    const huge = Array.from({ length: 400 }, (_, n) => `sample ${n} ${'x'.repeat(990)}`);
    const instances = Array.from({ length: 3000 }, (_, n) => ({
      instance: `i-${String(n).padStart(17, '0')}${'y'.repeat(40)}`,
      count: n,
      statusCounts: { '502': n },
    }));
    const alert = renderAlert(facts({ samples: huge, instances, fleet: true }));
    expect(new TextEncoder().encode(alert.body).length).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(alert.body).toContain('[... truncated');
    expect(alert.body.split('\n').at(-2)).toContain(alert.id);
  });

  it('reaches SNS as the alertId String attribute', async () => {
    const client = new SNSClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const sns = mockClient(client);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const alert = renderAlert(facts());
    await new SnsAlertPublisher(client, 'arn:aws:sns:us-east-1:123456789012:t').publish(
      toOutgoingAlert(alert),
    );
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    sns.restore();
    expect(input?.MessageAttributes?.alertId).toEqual({ DataType: 'String', StringValue: alert.id });
    expect(input?.Message).toContain(alert.id);
  });
});
