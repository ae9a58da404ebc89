import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetrics, METRIC, PowertoolsMetricsSink } from '#functions/adapters/metrics.ts';

interface EmfDoc {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [key: string]: unknown;
}

let lines: string[];
let consoleLog: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  lines = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  consoleLog = vi.spyOn(console, 'log');
});
afterEach(() => vi.restoreAllMocks());

const docs = (): EmfDoc[] =>
  lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as EmfDoc);

const sink = () =>
  new PowertoolsMetricsSink(createMetrics({ namespace: 'UpstreamTriage', serviceName: 'upstream-triage' }));

describe('PowertoolsMetricsSink', () => {
  it('writes one EMF document per dimension set, with instance ids only in metadata', () => {
    sink().recordBatch({
      logGroup: '/ec2/nginx/error.log',
      byCause: { upstream_refused: 12, upstream_timeout: 3, client_closed: 0 },
      byStatus: { '502': 12, '504': 3 },
      events: 20,
      unparsedLines: 2,
      incidentsOpened: 1,
      alertsSent: 1,
      instances: ['i-0a1b2c3d4e5f60718', 'i-0fedcba9876543210'],
      batchId: 'abc123',
    });
    const out = docs();
    expect(out).toHaveLength(5);
    for (const doc of out) {
      const [directive] = doc._aws.CloudWatchMetrics;
      expect(directive?.Namespace).toBe('UpstreamTriage');
      for (const set of directive?.Dimensions ?? []) {
        expect(set).not.toContain('instance');
        expect(set.length).toBeLessThanOrEqual(3);
      }
    }
    const byCause = out.filter((d) => METRIC.eventsByCause in d);
    expect(byCause.map((d) => [d.cause, d[METRIC.eventsByCause]])).toEqual([
      ['upstream_refused', 12],
      ['upstream_timeout', 3],
    ]);
    expect(byCause[0]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'logGroup', 'cause']]);
    const byStatus = out.filter((d) => METRIC.eventsByStatus in d);
    expect(byStatus.map((d) => [d.status, d[METRIC.eventsByStatus]])).toEqual([
      ['502', 12],
      ['504', 3],
    ]);
    const totals = out.find((d) => METRIC.events in d);
    expect(totals).toMatchObject({
      service: 'upstream-triage',
      logGroup: '/ec2/nginx/error.log',
      Events: 20,
      UnparsedLines: 2,
      IncidentsOpened: 1,
      AlertsSent: 1,
      instances: 'i-0a1b2c3d4e5f60718,i-0fedcba9876543210',
      batchId: 'abc123',
    });
    expect(totals?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'logGroup']]);
  });

  it('writes sweeper counts per log group, and digests without one under service alone', () => {
    sink().recordSweep({
      alertsSent: { '/ec2/nginx/error.log': 2, '': 1 },
      deployTransients: { '/ec2/nginx/error.log': 3, '/other': 0 },
      incidentsClosed: { '/ec2/nginx/error.log': 4, '/other': 0 },
    });
    const out = docs();
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({
      logGroup: '/ec2/nginx/error.log',
      AlertsSent: 2,
      DeployTransients: 3,
      IncidentsClosed: 4,
    });
    expect(out[1]).toMatchObject({ AlertsSent: 1 });
    expect(out[1]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
  });

  it('writes EMF straight to stdout, not through console.log (which Lambda JSON logging would wrap)', () => {
    sink().recordControlMessage();
    expect(consoleLog).not.toHaveBeenCalled();
    const [doc] = docs();
    expect(doc).toMatchObject({ ControlMessages: 1, service: 'upstream-triage' });
    expect(doc?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
  });
});
