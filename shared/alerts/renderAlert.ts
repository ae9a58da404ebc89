import type { Alert, AlertFacts, AlertScope } from './Alert.ts';
import { alertIdOf } from './alertId.ts';
import { formatTime } from './formatTime.ts';
import { neutralise } from './neutralise.ts';
import { renderBody } from './renderBody.ts';
import { toSubject } from './toSubject.ts';

/** SNS message attribute values are capped well below SNS's limits and kept printable. */
const MAX_ATTRIBUTE_CHARS = 256;

/**
 * Renders decided alert facts into what SNS takes: a valid subject, a plain-text body, message
 * attributes for filter policies (`kind`, `severity`, `cause`, `instance`, `deployment`,
 * `logGroup`, `scope`), and the same content as neutralised JSON. Never throws on any strings.
 */
export function renderAlert(facts: AlertFacts): Alert {
  const scope: AlertScope = { logGroup: neutralise(facts.logGroup, 512) };
  if (facts.instance !== undefined) scope.instance = neutralise(facts.instance, 256);
  if (facts.fleet) scope.fleet = true;
  if (facts.fleet || facts.instances.length > 1) {
    scope.instances = facts.instances.slice(0, 100).map((i) => neutralise(i.instance, 256));
  }
  if (facts.deployment) scope.deployment = neutralise(facts.deployment.id, 256);
  const subject = toSubject(`${facts.kind.toUpperCase()}: ${facts.headline} | ${facts.logGroup}`);
  const id = alertIdOf(facts.key);
  const attributes: Record<string, string> = {
    alertId: id,
    kind: facts.kind,
    severity: facts.severity,
    scope: facts.fleet ? 'fleet' : facts.instance !== undefined ? 'instance' : 'deployment',
  };
  if (facts.cause) attributes.cause = facts.cause;
  addAttribute(attributes, 'logGroup', facts.logGroup);
  if (facts.instance !== undefined) addAttribute(attributes, 'instance', facts.instance);
  if (facts.deployment) addAttribute(attributes, 'deployment', facts.deployment.id);
  return {
    key: facts.key,
    id,
    kind: facts.kind,
    rule: facts.rule,
    severity: facts.severity,
    cause: facts.cause,
    scope,
    subject,
    body: renderBody(facts, id),
    json: renderJson(facts, scope, subject, id),
    attributes,
    firstSeen: formatTime(facts.firstSeen),
    lastSeen: formatTime(facts.lastSeen),
    count: facts.count,
    decidedAt: facts.decidedAt,
  };
}

function addAttribute(attributes: Record<string, string>, name: string, value: string): void {
  const clean = toSubject(value);
  // An empty value is rejected by SNS; toSubject never returns one, but the fallback would mislead.
  if (value.trim() !== '') attributes[name] = clean.slice(0, MAX_ATTRIBUTE_CHARS);
}

function renderJson(
  facts: AlertFacts,
  scope: AlertScope,
  subject: string,
  alertId: string,
): Record<string, unknown> {
  const n = (v: string, max = 200) => neutralise(v, max);
  const json: Record<string, unknown> = {
    alertId,
    key: n(facts.key, 400),
    kind: facts.kind,
    rule: facts.rule,
    severity: facts.severity,
    cause: facts.cause,
    title: facts.causeInfo?.title ?? null,
    headline: n(facts.headline, 300),
    subject,
    scope,
    firstSeen: formatTime(facts.firstSeen),
    lastSeen: formatTime(facts.lastSeen),
    count: facts.count,
    statusCounts: facts.statusCounts,
    instances: facts.instances.slice(0, 100).map((i) => ({
      instance: n(i.instance, 256),
      count: i.count,
      statusCounts: i.statusCounts,
      firstSeen: formatTime(i.firstSeen),
      lastSeen: formatTime(i.lastSeen),
      ...(i.longestBurstMs === undefined ? {} : { longestBurstSeconds: Math.round(i.longestBurstMs / 1000) }),
      ...(i.failing ? { failing: true } : {}),
    })),
    upstreams: facts.upstreams.map((u) => n(u)),
    hosts: facts.hosts.map((h) => n(h)),
    samples: facts.samples.map((s) => n(s, 1000)),
  };
  if (facts.deployment) {
    const d = facts.deployment;
    json.deployment = {
      id: n(d.id, 256),
      source: d.source,
      start: formatTime(d.start),
      end: d.end === undefined ? null : formatTime(d.end),
      label: d.label === undefined ? null : n(d.label, 200),
    };
  }
  if (facts.digest) json.digest = { ...facts.digest, failing: facts.digest.failing.map((i) => n(i, 256)) };
  return json;
}

/** The JSON body as text. Every part is capped, so it stays far below SNS's 256 KB. */
export function renderJsonText(alert: Alert): string {
  return JSON.stringify(alert.json);
}
