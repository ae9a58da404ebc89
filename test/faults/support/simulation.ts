import { readFileSync } from 'node:fs';
import { createHandler as createDeployEvents } from '#functions/deploy-events/createHandler.ts';
import { createHandler as createIngest } from '#functions/ingest/createHandler.ts';
import { createHandler as createSweeper } from '#functions/sweeper/createHandler.ts';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '#shared/engine/config/EngineSettings.ts';
import type { StateStore } from '#shared/engine/store/StateStore.ts';
import type { StreamLedgerStore } from '#shared/engine/store/streamLedger.ts';
import { customDeploy } from '../../deploy/deployEventFixtures.ts';
import { awslogsEvent, eventId } from '../../functions/support/awslogsPayload.ts';
import { REPO } from '../../functions/support/bundle.ts';
import { cloudWatchEventsFromLines, exampleLines, nginxTimeMs } from '../../functions/support/examples.ts';
import { RecordingMetrics } from '../../functions/support/recorders.ts';
import {
  type Delivered,
  FAULT_MODES,
  FaultInjector,
  type FaultMode,
  type FaultPlan,
  faultyStore,
  type Invocation,
  Topic,
} from './faultInjection.ts';

/** Lambda retries a failed asynchronous invocation twice: about 1 and then 2 more minutes later. */
export const RETRY_DELAYS_MS = [60_000, 120_000] as const;
const SWEEP_EVERY_MS = 60_000;

/** One invocation the scenario schedules (wall clock `at`). */
export interface Step {
  at: number;
  fn: 'ingest' | 'deploy-events' | 'sweeper';
  event?: unknown;
  label: string;
}

export interface Scenario {
  name: string;
  logGroup: string;
  steps: Step[];
}

/** What a run leaves: counts, alert records on incidents and windows, and what the topic received. */
export interface Outcome {
  incidents: Record<string, { count: number; state: string; alerted: string[] }>;
  digestsSent: string[];
  delivered: Delivered[];
  calls: string[];
  /** Invocations that failed, with why. */
  failures: string[];
}

/**
 * Runs a scenario through the real handlers (ingest, deploy-events, sweeper) on `store`, every store
 * and publisher call through the injector. Failed ingest and deploy-events invocations are retried as
 * Lambda retries asynchronous invocations (same request id, +60 s, then +120 s more); a failed sweep is
 * not retried (the stack sets 0 retries): the next one, a minute later, takes over.
 */
export async function runScenario(
  scenario: Scenario,
  store: StateStore & StreamLedgerStore,
  plan?: FaultPlan,
  options: { freshRequestIdOnRetry?: boolean; engine?: EngineSettings } = {},
): Promise<{ outcome: Outcome; injector: FaultInjector }> {
  const injector = new FaultInjector(plan);
  const topic = new Topic();
  const clock = { now: 0 };
  const engine = options.engine ?? DEFAULT_ENGINE_SETTINGS;
  const log = () => {};
  const failures: string[] = [];
  let ids = 0;
  const queue: (Step & { requestId: string; attempt: number; order: number })[] = scenario.steps.map(
    (step, order) => ({ ...step, requestId: `req-${++ids}`, attempt: 0, order }),
  );
  let order = queue.length;
  while (queue.length > 0) {
    queue.sort((a, b) => a.at - b.at || a.order - b.order);
    const step = queue.shift()!;
    clock.now = step.at;
    const invocation: Invocation = {
      requestId: step.requestId,
      label: `${step.label}#${step.attempt}`,
      dead: false,
      published: new Set(),
      confirmed: new Set(),
    };
    const deps = {
      store: faultyStore(store, injector, invocation),
      publisher: topic.publisher(injector, invocation, () => clock.now),
      metrics: new RecordingMetrics(),
      log,
      engine,
      clock: () => clock.now,
    };
    const context = { awsRequestId: step.requestId, getRemainingTimeInMillis: () => 60_000 };
    try {
      if (step.fn === 'ingest')
        await createIngest({ ...deps, ledger: deps.store, instancePattern: undefined })(step.event, context);
      else if (step.fn === 'deploy-events') await createDeployEvents(deps)(step.event);
      else await createSweeper(deps)(undefined, context);
    } catch (error: unknown) {
      failures.push(`${invocation.label}: ${(error as Error).name}: ${(error as Error).message}`);
      if (step.fn !== 'sweeper' && step.attempt < RETRY_DELAYS_MS.length) {
        queue.push({
          ...step,
          at: step.at + RETRY_DELAYS_MS[step.attempt]!,
          attempt: step.attempt + 1,
          order: order++,
          requestId: options.freshRequestIdOnRetry ? `req-${++ids}` : step.requestId,
        });
      }
    }
  }
  return {
    outcome: {
      ...(await stateOf(store, scenario.logGroup)),
      delivered: topic.delivered,
      calls: injector.calls,
      failures,
    },
    injector,
  };
}

async function stateOf(store: StateStore, logGroup: string) {
  const incidents: Outcome['incidents'] = {};
  for (const i of await store.listIncidents({ logGroup })) {
    // Listings may leave out what merges need, never counts or alert records.
    incidents[i.id] = { count: i.count, state: i.state, alerted: Object.keys(i.alerted).sort() };
  }
  const windows = await store.listDeployWindows(0, Number.MAX_SAFE_INTEGER);
  return {
    incidents,
    digestsSent: windows
      .filter((w) => w.digestSent)
      .map((w) => w.id)
      .sort(),
  };
}

/** Sweeps every minute from `from` to `to` (wall clock). */
function sweeps(from: number, to: number): Step[] {
  const out: Step[] = [];
  for (let at = from, n = 1; at <= to; at += SWEEP_EVERY_MS, n++)
    out.push({ at, fn: 'sweeper', label: `sweep${n}` });
  return out;
}

/**
 * A page on first sight (socket permission), its resolved message once quiet: two batches of one
 * stream that overlap (ids 0-2, then 1-5: 6 events), the first delivered twice; sweeps start once
 * every retry of the ingest phase is over.
 */
export function pageThenResolved(options: { compact?: boolean } = {}): Scenario {
  const logGroup = '/ec2/faults/page/error.log';
  const stream = 'i-0a1b2c3d4e5f60718';
  const line = exampleLines('single/error.log').find((l) => l.includes('(13: Permission denied)')) ?? '';
  const t0 = nginxTimeMs(line) ?? 0;
  const batch = (from: number, count: number) =>
    awslogsEvent(
      Array.from({ length: count }, (_, i) => {
        const timestamp = t0 + (from + i) * 1000;
        return { id: eventId(timestamp, from + i), timestamp, message: line };
      }),
      { logGroup, logStream: stream },
    );
  const first = batch(0, 3);
  if (options.compact)
    // One batch, delivered twice; the resolved message is due from the second sweep on.
    return {
      name: 'page, then resolved (compact)',
      logGroup,
      steps: [
        { at: t0 + 5_000, fn: 'ingest', event: first, label: 'batch1' },
        { at: t0 + 20_000, fn: 'ingest', event: first, label: 'batch1-again' },
        ...sweeps(t0 + 260_000, t0 + 380_000),
      ],
    };
  return {
    name: 'page, then resolved',
    logGroup,
    steps: [
      { at: t0 + 5_000, fn: 'ingest', event: first, label: 'batch1' },
      { at: t0 + 15_000, fn: 'ingest', event: batch(1, 5), label: 'batch2' },
      { at: t0 + 20_000, fn: 'ingest', event: first, label: 'batch1-again' },
      ...sweeps(t0 + 260_000, t0 + 560_000),
    ],
  };
}

interface Markers {
  deployments: { id: string; start: string; end: string; instances: string[] }[];
}

/**
 * A deployment that leaves one of three instances failing: deploy events (start, finish), one batch
 * per instance, then sweeps: a page for the failing instance, the deployment's digest, resolved
 * messages and deploy transients as the others go quiet.
 */
export function badDeploy(): Scenario {
  const logGroup = '/ec2/faults/deploy/error.log';
  const folder = 'bad-deploy';
  const markers = JSON.parse(readFileSync(`${REPO}examples/${folder}/markers.json`, 'utf8')) as Markers;
  const deploy = markers.deployments[0]!;
  const timeline = JSON.parse(readFileSync(`${REPO}examples/${folder}/timeline.json`, 'utf8')) as {
    instances: string[];
  };
  let lastSeen = 0;
  const batches = timeline.instances.map((instance) => {
    // Every 8th line of the long capture (the failing instance logs 552): the same span and causes,
    // a matrix of hundreds of runs stays fast.
    const lines = exampleLines(`${folder}/${instance}.log`).filter(
      (_, n, all) => all.length < 100 || n % 8 === 0,
    );
    const events = cloudWatchEventsFromLines(lines);
    lastSeen = Math.max(lastSeen, ...events.map((e) => e.timestamp));
    return { instance, event: awslogsEvent(events, { logGroup, logStream: instance }) };
  });
  const start = Date.parse(deploy.start);
  return {
    name: 'bad deploy: page, digest, resolved',
    logGroup,
    steps: [
      {
        at: start,
        fn: 'deploy-events',
        event: customDeploy('Deployment Started', deploy.start, {
          id: deploy.id,
          instances: deploy.instances,
        }),
        label: 'deploy-start',
      },
      ...batches.map((b, n) => ({
        at: lastSeen + 1_000 + n * 1_000,
        fn: 'ingest' as const,
        event: b.event,
        label: `batch-${b.instance.slice(-2)}`,
      })),
      {
        at: lastSeen + 5_000,
        fn: 'deploy-events',
        event: customDeploy('Deployment Finished', deploy.end, { id: deploy.id }),
        label: 'deploy-end',
      },
      ...sweeps(lastSeen + 250_000, lastSeen + 250_000 + 7 * SWEEP_EVERY_MS),
    ],
  };
}

/** An alert may come later than in the clean run by Lambda's two retries and one sweep, no more. */
const LATEST_DELAY_MS = RETRY_DELAYS_MS[0] + RETRY_DELAYS_MS[1] + SWEEP_EVERY_MS;

/**
 * What a faulted run did wrong against the clean run: an alert later than the retries allow, a lost alert (any kind), an alert the clean run
 * did not send, an alert sent twice where no fault hid its publish, a different count, state or alert
 * record on an incident, a different set of digests recorded.
 */
export function problems(clean: Outcome, faulted: Outcome, injector: FaultInjector): string[] {
  const out: string[] = [];
  const where = injector.fired
    ? `${injector.fired.mode} at call ${injector.fired.at} (${injector.fired.call} in ${injector.fired.invocation})`
    : 'no fault fired';
  if (injector.fired === undefined) out.push(`${where}: the planned fault never fired`);
  const sent = (o: Outcome) => {
    const counts = new Map<string, { n: number; d: Delivered; first: Delivered }>();
    for (const d of o.delivered) {
      const known = counts.get(d.alertId);
      counts.set(d.alertId, { n: (known?.n ?? 0) + 1, d, first: known?.first ?? d });
    }
    return counts;
  };
  const expected = sent(clean);
  const got = sent(faulted);
  for (const [id, { first }] of expected) {
    const late = got.get(id);
    if (!late) out.push(`${where}: LOST ${first.kind} "${first.subject}" (${id})`);
    else if (late.first.at > first.at + LATEST_DELAY_MS)
      out.push(`${where}: LATE ${first.kind} "${first.subject}" by ${(late.first.at - first.at) / 1000} s`);
  }
  for (const [id, { n, d }] of got) {
    if (!expected.has(id)) out.push(`${where}: unexpected ${d.kind} "${d.subject}"`);
    const allowed = injector.mayRepeat.has(id) ? 2 : 1;
    if (n > allowed) out.push(`${where}: ${d.kind} "${d.subject}" sent ${n} times (allowed ${allowed})`);
  }
  const ids = new Set([...Object.keys(clean.incidents), ...Object.keys(faulted.incidents)]);
  for (const id of ids) {
    const a = JSON.stringify(clean.incidents[id]);
    const b = JSON.stringify(faulted.incidents[id]);
    if (a !== b) out.push(`${where}: incident ${id} is ${b}, clean run: ${a}`);
  }
  if (clean.digestsSent.join() !== faulted.digestsSent.join())
    out.push(`${where}: digests recorded ${faulted.digestsSent}, clean run: ${clean.digestsSent}`);
  return out;
}

/** Calls that change nothing when they land: for them, `lost` and both timeouts are `fail`, `killed-unlanded` is `killed`. */
const READS = /^store\.(get|list|batchProgress|alertState)/;

/** The modes worth running at a call: all six for a write or a publish, two for a read. */
export function modesFor(call: string): readonly FaultMode[] {
  return READS.test(call) ? ['fail', 'killed'] : FAULT_MODES;
}

export interface MatrixReport {
  scenario: string;
  points: number;
  runs: number;
  problems: string[];
  sent: string[];
}

/**
 * Runs the scenario clean, then once per (fault point, mode): every call of the clean run whose name
 * `select` accepts is a fault point.
 */
export async function runMatrix(
  scenario: Scenario,
  newStore: () => Promise<StateStore & StreamLedgerStore> | (StateStore & StreamLedgerStore),
  select: (call: string) => boolean = () => true,
  options: {
    freshRequestIdOnRetry?: boolean;
    engine?: EngineSettings;
    modes?: (call: string) => readonly FaultMode[];
  } = {},
): Promise<MatrixReport> {
  const { outcome: clean } = await runScenario(scenario, await newStore(), undefined, options);
  const report: MatrixReport = {
    scenario: scenario.name,
    points: 0,
    runs: 0,
    problems: clean.failures.map((f) => `clean run failed: ${f}`),
    sent: clean.delivered.map((d) => d.kind),
  };
  for (let at = 0; at < clean.calls.length; at++) {
    const call = clean.calls[at]!;
    if (!select(call)) continue;
    report.points++;
    for (const mode of (options.modes ?? modesFor)(call)) {
      const { outcome, injector } = await runScenario(scenario, await newStore(), { at, mode }, options);
      report.problems.push(...problems(clean, outcome, injector));
      report.runs++;
    }
  }
  return report;
}
