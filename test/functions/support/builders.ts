import { incidentSlot } from '#shared/engine/store/incidentSlot.ts';
import type { AlertRecord, CauseId, DeployWindow, Incident, InstanceActivity } from '#shared/model/index.ts';

export const T0 = Date.UTC(2026, 2, 14, 10, 0, 0);
export const EXPIRES = Math.floor(T0 / 1000) + 14 * 86_400;

/** An incident with realistic fields; override what the test is about. */
export function incident(
  overrides: Partial<Incident> & { instance?: string | null; cause?: CauseId } = {},
): Incident {
  const logGroup = overrides.logGroup ?? '/ec2/nginx/error.log';
  const instance = overrides.instance === undefined ? 'i-0a1b2c3d4e5f60718' : overrides.instance;
  const cause = overrides.cause ?? 'upstream_refused';
  const slot = incidentSlot(logGroup, instance, cause);
  const seq = overrides.seq ?? 1;
  return {
    id: `${slot}#${seq}`,
    slot,
    seq,
    version: 1,
    logGroup,
    instance,
    cause,
    group: 'restart',
    severity: 'high',
    state: 'open',
    firstSeen: T0,
    lastSeen: T0 + 5_000,
    count: 12,
    statusCounts: { '502': 12 },
    perInstance: { [instance ?? 'i-0a1b2c3d4e5f60718']: 12 },
    upstreams: ['127.0.0.1:8080'],
    hosts: ['shop.example.com'],
    samples: ['connect() failed (111: Connection refused) while connecting to upstream, client: <ip>'],
    buckets: [Math.floor(T0 / 60_000), 12],
    appliedDeltas: ['batch-1#slot#0'],
    alerted: {},
    expiresAt: EXPIRES,
    ...overrides,
  };
}

export function activity(overrides: Partial<InstanceActivity> = {}): InstanceActivity {
  return {
    logGroup: '/ec2/nginx/error.log',
    instance: 'i-0a1b2c3d4e5f60718',
    batchId: 'b1',
    firstSeen: T0,
    lastSeen: T0 + 10_000,
    events: 20,
    restartBursts: [{ start: T0, end: T0 + 4_000, count: 9, causes: ['upstream_refused'] }],
    statusByMinute: { [String(Math.floor(T0 / 60_000))]: { '502': 9 } },
    lifecycle: [{ time: T0 + 1_000, cause: 'nginx_reload' }],
    expiresAt: EXPIRES,
    ...overrides,
  };
}

export function deployWindow(overrides: Partial<DeployWindow> = {}): DeployWindow {
  return {
    id: 'd-ABCDEF123',
    source: 'marker',
    start: T0,
    expiresAt: EXPIRES,
    ...overrides,
  };
}

export function alertRecord(overrides: Partial<AlertRecord> = {}): AlertRecord {
  return {
    key: 'page#slot#1',
    kind: 'page',
    state: 'claimed',
    claimedAt: T0,
    subject: '[upstream-triage] PAGE upstream_refused on i-0a1b2c3d4e5f60718',
    expiresAt: EXPIRES,
    ...overrides,
  };
}
