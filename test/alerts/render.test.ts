import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertFacts } from '#shared/alerts/Alert.ts';
import { neutralise } from '#shared/alerts/neutralise.ts';
import { renderAlert, renderJsonText } from '#shared/alerts/renderAlert.ts';
import { fitBytes, MAX_BODY_BYTES } from '#shared/alerts/renderBody.ts';
import { isValidSubject, toSubject } from '#shared/alerts/toSubject.ts';
import { CAUSES } from '#shared/catalogue/index.ts';

/** No lone surrogate (String.prototype.isWellFormed is ES2024, past this project's lib). */
const isWellFormed = (s: string) =>
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

const HOSTILE = {
  crlf: 'GET / HTTP/1.1\r\nBcc: victim@example.com\r\n\r\nfake body',
  ansi: '\u001b[31mred\u001b[0m \u001b]0;title\u0007 \u001b[2J',
  script: '<script>alert(1)</script><img src=x onerror=alert(1)>',
  lone: 'bad \ud800 surrogate \udfff end',
  bidi: 'evil\u202etxt.exe',
  nul: 'a\u0000b\u0007c\u007fd\u0085e',
  huge: 'x'.repeat(300_000),
  emoji: 'caf\u00e9 \u{1f525} \u4e2d\u6587',
};

function facts(overrides: Partial<AlertFacts> = {}): AlertFacts {
  return {
    key: 'page#g|i-a|upstream_refused#1',
    kind: 'page',
    rule: 'restart-persisting',
    severity: 'high',
    logGroup: '/ec2/nginx/error',
    cause: 'upstream_refused',
    causeInfo: CAUSES.upstream_refused,
    headline: 'i-a failing for 2m: Backend refused the connection',
    instance: 'i-a',
    fleet: false,
    instances: [{ instance: 'i-a', count: 3, statusCounts: { '502': 3 }, firstSeen: 0, lastSeen: 1000 }],
    firstSeen: Date.UTC(2026, 10, 3, 10),
    lastSeen: Date.UTC(2026, 10, 3, 10, 2),
    count: 3,
    statusCounts: { '502': 3 },
    upstreams: ['http://10.0.0.1:8000'],
    hosts: ['shop.example.com'],
    samples: ['[error] connect() failed (111: Connection refused), client: <ip>'],
    decidedAt: Date.UTC(2026, 10, 3, 10, 2),
    ...overrides,
  };
}

describe('toSubject', () => {
  it.each([
    ['plain ASCII stays', 'PAGE: i-a failing', 'PAGE: i-a failing'],
    ['CRLF cannot inject a header', 'PAGE: x\r\nBcc: victim', 'PAGE: x Bcc: victim'],
    ['accents fold to ASCII', 'PAGE: caf\u00e9 na\u00efve', 'PAGE: cafe naive'],
    ['other characters become ?', 'PAGE: \u4e2d \u{1f525}', 'PAGE: ? ?'],
    ['ANSI escapes lose their ESC', 'a\u001b[31mb', 'a [31mb'],
    ['empty gets a fallback', '\r\n\t ', 'upstream-triage alert'],
    ['long is cut to 100 with a marker', `PAGE: ${'y'.repeat(200)}`, `PAGE: ${'y'.repeat(91)}...`],
  ])('%s', (_name, input, expected) => {
    const subject = toSubject(input);
    expect(subject).toBe(expected);
    expect(isValidSubject(subject)).toBe(true);
  });

  it('is valid for any input string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => isValidSubject(toSubject(s))),
      { numRuns: 2000 },
    );
  });
});

describe('neutralise', () => {
  it.each([
    [
      'CRLF shown, not obeyed',
      HOSTILE.crlf,
      'GET / HTTP/1.1\\x0d\\x0aBcc: victim@example.com\\x0d\\x0a\\x0d\\x0afake body',
    ],
    [
      'markup made inert, mask tokens kept',
      '<script>x</script> client: <ip>',
      '\u2039script\u203ax\u2039/script\u203a client: <ip>',
    ],
    ['lone surrogates replaced', HOSTILE.lone, 'bad \ufffd surrogate \ufffd end'],
    ['bidi override shown', HOSTILE.bidi, 'evil\\u202etxt.exe'],
    ['NUL, BEL, DEL and C1 shown', HOSTILE.nul, 'a\\x00b\\x07c\\x7fd\\x85e'],
  ])('%s', (_name, input, expected) => {
    expect(neutralise(input)).toBe(expected);
  });

  it('never returns control characters, markup or broken UTF-16 (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.integer({ min: 1, max: 400 }),
        (s, max) => {
          const out = neutralise(s, max);
          return (
            out.length <= max &&
            !/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069<>]/.test(
              out.replace(/<(ip|num|id)>/g, ''),
            ) &&
            isWellFormed(out)
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('renderAlert', () => {
  it('gives SNS what it needs: subject, body, attributes for filter policies', () => {
    const alert = renderAlert(facts({ deployment: { id: 'd-42', source: 'marker', start: 0, end: 60_000 } }));
    expect(alert.subject).toBe('PAGE: i-a failing for 2m: Backend refused the connection | /ec2/nginx/error');
    expect(alert.attributes).toEqual({
      alertId: alert.id,
      kind: 'page',
      severity: 'high',
      scope: 'instance',
      cause: 'upstream_refused',
      logGroup: '/ec2/nginx/error',
      instance: 'i-a',
      deployment: 'd-42',
    });
    for (const text of [
      'Cause: Backend refused the connection [upstream_refused]',
      'first seen  2026-11-03T10:00:00Z',
      'last seen   2026-11-03T10:02:00Z  (2m)',
      'events      3 (502: 3)',
      'deployment  d-42 (marker, 1970-01-01T00:00:00Z .. 1970-01-01T00:01:00Z)',
      'Check first',
      'Commands',
      '$ ss -ltnp',
    ]) {
      expect(alert.body).toContain(text);
    }
    expect(alert.scope).toEqual({ logGroup: '/ec2/nginx/error', instance: 'i-a', deployment: 'd-42' });
    expect(JSON.parse(renderJsonText(alert))).toMatchObject({
      kind: 'page',
      cause: 'upstream_refused',
      count: 3,
    });
  });

  it('neutralises hostile strings from the log everywhere', () => {
    const alert = renderAlert(
      facts({
        headline: HOSTILE.crlf,
        logGroup: HOSTILE.ansi,
        instance: HOSTILE.bidi,
        hosts: [HOSTILE.script, HOSTILE.crlf],
        upstreams: [HOSTILE.nul],
        samples: [HOSTILE.script, HOSTILE.lone, HOSTILE.ansi],
        deployment: { id: HOSTILE.crlf, source: 'marker', start: 0, label: HOSTILE.script },
      }),
    );
    expect(isValidSubject(alert.subject)).toBe(true);
    const everything = [alert.body, renderJsonText(alert), ...Object.values(alert.attributes)].join('\n');
    expect(everything).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(everything).not.toContain('<script>');
    expect(alert.body).not.toContain('\r\nBcc:');
    expect(isWellFormed(everything)).toBe(true);
    for (const value of Object.values(alert.attributes)) expect(value).toMatch(/^[\x20-\x7e]{1,256}$/);
  });

  it('stays under SNS size limits with huge inputs', () => {
    const alert = renderAlert(
      facts({
        samples: Array.from({ length: 50 }, (_, i) => `${i} ${HOSTILE.huge}`),
        hosts: Array.from({ length: 50 }, () => HOSTILE.huge),
        upstreams: Array.from({ length: 50 }, () => HOSTILE.huge),
        instances: Array.from({ length: 5000 }, (_, i) => ({
          instance: `i-${i}${'z'.repeat(500)}`,
          count: i,
          statusCounts: { '502': i },
        })),
        headline: HOSTILE.huge,
      }),
    );
    const bytes = (s: string) => new TextEncoder().encode(s).length;
    expect(bytes(alert.body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(bytes(renderJsonText(alert))).toBeLessThan(256 * 1024);
    expect(alert.body).toContain('... and 4950 more instances');
  });

  it('cuts an oversized body at a character boundary and says so', () => {
    const body = fitBytes('\u00e9'.repeat(1000), 501);
    expect(body).toContain('[... truncated: the alert was 2000 bytes');
    expect(isWellFormed(body)).toBe(true);
    expect(new TextEncoder().encode(body).length).toBeLessThanOrEqual(501);
  });

  it('never throws and always gives a valid subject, whatever the strings (property)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 200 });
    fc.assert(
      fc.property(
        text,
        text,
        text,
        fc.array(text, { maxLength: 8 }),
        text,
        (headline, logGroup, instance, samples, deployment) => {
          const alert = renderAlert(
            facts({
              headline,
              logGroup,
              instance,
              samples,
              hosts: samples,
              instances: samples.map((s) => ({ instance: s, count: 1, statusCounts: {} })),
              deployment: { id: deployment, source: 'inferred', start: Number.NaN },
            }),
          );
          return (
            isValidSubject(alert.subject) &&
            isWellFormed(alert.body) &&
            Object.values(alert.attributes).every((v) => v.length > 0)
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
