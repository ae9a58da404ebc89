/**
 * Regenerates `examples/` from real nginx (the Debian package, started on loopback by
 * test/realnginx/harness.ts). Run as root: `npx tsx scripts/capture-examples.ts [scenario ...]`
 * (no argument: all of them). Timestamps are real, in UTC.
 *
 * - `single/`: one nginx at `info` level, every provoked upstream failure in a fixed order, a
 *   reload and a stop (`error.log`), and what each case must classify to (`expected.json`).
 * - multi-instance scenarios: several nginx + backend pairs, one log per "EC2 instance" named
 *   `<instance-id>.log`, under a steady request loop, with `markers.json` (the deploy window, as a
 *   deploy tool would report it) and `timeline.json` (when each backend really stopped / started,
 *   and the statuses the clients got per instance).
 */
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Fleet, type FleetInstance, startFleet, type Transport } from '../test/realnginx/fleet.ts';
import { ensureNginx, isRoot, nginxVersion, stopAllNginx } from '../test/realnginx/harness.ts';
import { runSingleInstanceScenario } from '../test/realnginx/singleInstanceScenario.ts';

/** Durations in seconds; tune here. The whole capture runs the scenarios in parallel. */
const SECONDS = {
  /** Steady traffic before anything happens, and after it is over. */
  warmup: 8,
  cooldown: 8,
  /** How long one backend is down during a rolling restart (not zero-downtime: nginx refuses). */
  restartDown: 4,
  /** Pause between two instances of a rolling restart. */
  betweenInstances: 3,
  /** All backends down at once. */
  outage: 20,
  /** The bad deploy's last instance keeps failing this long: longer than a 90 s grace. */
  badDeployFailing: 130,
  /** The socket left at 0600 keeps failing this long after the deploy ended. */
  configErrorAfterDeploy: 30,
} as const;

/** Requests per second per instance; lower where one instance fails for minutes (file size). */
const RATE = {
  'rolling-deploy': 10,
  'fleet-outage': 10,
  'bad-deploy': 4,
  'config-error-mid-deploy': 5,
} as const;

const MAX_FILE_BYTES = 300 * 1024;
const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../examples');

type ScenarioName = keyof typeof RATE | 'single';
const SCENARIOS: readonly ScenarioName[] = [
  'single',
  'rolling-deploy',
  'fleet-outage',
  'bad-deploy',
  'config-error-mid-deploy',
];

interface TimelineEvent {
  time: string;
  instance: string;
  event: 'backend-stopped' | 'backend-started' | 'backend-started-socket-0600';
}

interface Deployment {
  id: string;
  start: string;
  end: string;
  instances: string[];
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
const now = () => new Date().toISOString();

/** Ten instance ids that look like EC2's (`i-` and 17 hex digits), distinct per scenario. */
function instanceIds(stem: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `i-${stem}${String(index + 1).padStart(4, '0')}`);
}

class Timeline {
  readonly events: TimelineEvent[] = [];
  async stop(instance: FleetInstance): Promise<void> {
    await instance.stopBackend();
    this.events.push({ time: now(), instance: instance.id, event: 'backend-stopped' });
  }
  async start(instance: FleetInstance, socketMode?: number): Promise<void> {
    await instance.startBackend(socketMode === undefined ? {} : { socketMode });
    const event = socketMode === 0o600 ? 'backend-started-socket-0600' : 'backend-started';
    this.events.push({ time: now(), instance: instance.id, event });
  }
  /** Restarts instances one after another; `broken` ones come back as `brokenStart` says. */
  async rollingRestart(
    instances: readonly FleetInstance[],
    brokenStart: (instance: FleetInstance) => 'ok' | 'never' | 'socket-0600' = () => 'ok',
  ): Promise<void> {
    for (const [index, instance] of instances.entries()) {
      if (index > 0) await sleep(SECONDS.betweenInstances);
      await this.stop(instance);
      await sleep(SECONDS.restartDown);
      const how = brokenStart(instance);
      if (how === 'ok') await this.start(instance);
      else if (how === 'socket-0600') await this.start(instance, 0o600);
    }
  }
}

interface ScenarioSpec {
  name: keyof typeof RATE;
  ids: string[];
  transport: Transport;
  serverName: string;
  /** Runs the scenario's events on the fleet; returns the deploy window when it is a deploy. */
  play(fleet: Fleet, timeline: Timeline): Promise<Deployment | null>;
}

const SPECS: readonly ScenarioSpec[] = [
  {
    name: 'rolling-deploy',
    ids: instanceIds('0a1b2c3d4e5f6', 4),
    transport: 'tcp',
    serverName: 'shop.example.com',
    async play(fleet, timeline) {
      const start = now();
      await timeline.rollingRestart(fleet.instances);
      return { id: 'd-ROLLING01', start, end: now(), instances: fleet.instances.map((i) => i.id) };
    },
  },
  {
    name: 'fleet-outage',
    ids: instanceIds('0f1e2d3c4b5a6', 3),
    transport: 'tcp',
    serverName: 'api.example.com',
    async play(fleet, timeline) {
      await Promise.all(fleet.instances.map((instance) => timeline.stop(instance)));
      await sleep(SECONDS.outage);
      await Promise.all(fleet.instances.map((instance) => timeline.start(instance)));
      return null;
    },
  },
  {
    name: 'bad-deploy',
    ids: instanceIds('0c2d4e6f8a0b1', 3),
    transport: 'unix',
    serverName: 'checkout.example.com',
    async play(fleet, timeline) {
      const start = now();
      const last = fleet.instances.at(-1);
      await timeline.rollingRestart(fleet.instances, (instance) => (instance === last ? 'never' : 'ok'));
      // The deploy tool reports success here; the last instance's application never came back.
      const deployment = {
        id: 'd-BADDEPL01',
        start,
        end: now(),
        instances: fleet.instances.map((i) => i.id),
      };
      await sleep(SECONDS.badDeployFailing - SECONDS.restartDown);
      return deployment;
    },
  },
  {
    name: 'config-error-mid-deploy',
    ids: instanceIds('0d3e5f7a9b1c2', 3),
    transport: 'unix',
    serverName: 'billing.example.com',
    async play(fleet, timeline) {
      const start = now();
      const broken = fleet.instances[1];
      await timeline.rollingRestart(fleet.instances, (instance) =>
        instance === broken ? 'socket-0600' : 'ok',
      );
      const deployment = {
        id: 'd-CFGERR001',
        start,
        end: now(),
        instances: fleet.instances.map((i) => i.id),
      };
      await sleep(SECONDS.configErrorAfterDeploy);
      return deployment;
    },
  },
];

async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

async function captureSingle(): Promise<string[]> {
  const dir = path.join(EXAMPLES, 'single');
  const result = await runSingleInstanceScenario((message) => console.log(`  single: ${message}`));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'error.log'), result.errorLog);
  await writeJson(path.join(dir, 'expected.json'), {
    nginx: result.nginxVersion,
    log: 'error.log',
    note: 'cases in the order provoked; path null: a process-level event. status: what nginx answered (its access log), which the classified line must infer; clientStatus: what the client received (null: it gave up first).',
    cases: result.outcomes.map((outcome) => ({
      name: outcome.name,
      path: outcome.path,
      cause: outcome.expectedCause,
      status: outcome.nginxStatus ?? outcome.expectedStatus,
      clientStatus: outcome.clientStatus,
      statusMayBeUnknown: outcome.statusMayBeUnknown,
    })),
  });
  return [path.join(dir, 'error.log')];
}

async function captureFleet(spec: ScenarioSpec): Promise<string[]> {
  const dir = path.join(EXAMPLES, spec.name);
  const fleet = await startFleet(spec.ids, spec.transport, spec.serverName);
  try {
    const timeline = new Timeline();
    const load = fleet.startLoad(RATE[spec.name]);
    const started = now();
    await sleep(SECONDS.warmup);
    console.log(`  ${spec.name}: playing`);
    const deployment = await spec.play(fleet, timeline);
    await sleep(SECONDS.cooldown);
    const requests = await load.stop();
    const ended = now();

    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const files: string[] = [];
    for (const instance of fleet.instances) {
      const file = path.join(dir, `${instance.id}.log`);
      await writeFile(file, await instance.nginx.readErrorLog());
      files.push(file);
    }
    if (deployment) await writeJson(path.join(dir, 'markers.json'), { deployments: [deployment] });
    await writeJson(path.join(dir, 'timeline.json'), {
      scenario: spec.name,
      nginx: nginxVersion(),
      service: spec.serverName,
      transport: spec.transport,
      requestsPerSecondPerInstance: RATE[spec.name],
      start: started,
      end: ended,
      instances: spec.ids,
      events: timeline.events,
      clientStatuses: requests,
    });
    return files;
  } finally {
    await fleet.dispose();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((name) => !SCENARIOS.includes(name as ScenarioName));
  if (unknown.length > 0) {
    console.error(`capture-examples: unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
    return 2;
  }
  const wanted = argv.length > 0 ? (argv as ScenarioName[]) : SCENARIOS;
  const nginx = ensureNginx();
  if (!nginx.available) {
    console.error(`capture-examples: nginx is not available:\n${nginx.message}`);
    return 1;
  }
  if (!isRoot) {
    console.error('capture-examples: run as root: workers must run as www-data for the permission cases');
    return 1;
  }
  const began = Date.now();
  console.log(`capturing ${wanted.join(', ')} with nginx ${nginxVersion()}`);
  // allSettled: a failing scenario must not cut the others short before their own teardown ran.
  const settled = await Promise.allSettled([
    ...(wanted.includes('single') ? [captureSingle()] : []),
    ...SPECS.filter((spec) => wanted.includes(spec.name)).map(captureFleet),
  ]);
  const failures = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  for (const failure of failures) console.error(`capture-examples: ${(failure as Error).stack ?? failure}`);
  if (failures.length > 0) return 1;
  const files = settled.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
  let tooBig = false;
  for (const file of files) {
    const { size } = await stat(file);
    tooBig ||= size > MAX_FILE_BYTES;
    console.log(
      `  ${path.relative(EXAMPLES, file)}: ${size} bytes${size > MAX_FILE_BYTES ? ' (TOO BIG)' : ''}`,
    );
  }
  console.log(`captured in ${((Date.now() - began) / 1_000).toFixed(1)} s`);
  return tooBig ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`capture-examples: ${signal}: stopping nginx`);
    void stopAllNginx().finally(() => process.exit(130));
  });
}
process.exitCode = await main(process.argv.slice(2));
