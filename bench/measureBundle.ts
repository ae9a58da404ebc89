import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { FUNCTION_BUNDLING, FUNCTION_ENTRIES } from '#functions/bundling.ts';
import { OUT_DIR, type Payload, ROOT } from './corpus.ts';
import { median } from './timeIt.ts';

export interface BundleFigures {
  entry: string;
  bytes: number;
  gzipBytes: number;
  /** Biggest inputs in the bundle (bytes of output they account for). */
  topInputs: { path: string; bytes: number }[];
  /** import() of the bundle in a fresh process, median of `runs`. */
  initMs: number;
  /** Same, with NODE_OPTIONS=--enable-source-maps as the stack sets it (only differs when a map is emitted). */
  initMsSourceMaps: number;
  /** Process start to handler ready (node's own boot included, Lambda's runtime client not). */
  readyMs: number;
  rssAfterInitKb: number;
  /** Handling one payload of `payloadEvents` events in a fresh process with the in-memory store. */
  payloadEvents: number;
  handleMs: number;
  maxRssKb: number;
  /** Same payload with the heap flags older Lambda Node.js bootstraps derive from a 128 MB setting. */
  maxRssKb128: number;
  alertsPublished: number;
  /** The same function with @aws-sdk/* bundled in instead of external (a what-if for cold starts). */
  sdkBundled: { bytes: number; initMs: number; rssAfterInitKb: number };
  error?: string;
}

/**
 * Heap flags of a 128 MB function as public copies of older Lambda Node.js bootstraps set them
 * (semi space 5 %, old space 90 % of the memory size). Not verified for nodejs24.x: reported next to
 * the figure under node's defaults, which size the young generation for a desktop.
 */
const LAMBDA_128_HEAP_FLAGS = '--max-semi-space-size=6 --max-old-space-size=115';

const CHILD = join(ROOT, 'bench', 'lambdaChild.mjs');

/** The environment the stack gives the function, with dummy values (init must not call AWS). */
const LAMBDA_ENV = {
  TABLE_NAME: 'bench-table',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:bench-topic',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_METRICS_NAMESPACE: 'UpstreamTriageBench',
  POWERTOOLS_SERVICE_NAME: 'ingest',
  POWERTOOLS_DEV: 'false',
};

/** Bundles the ingest function exactly as the stack does (FUNCTION_BUNDLING), then measures it in fresh processes. */
export async function measureBundle(payload: Payload, runs: number): Promise<BundleFigures | undefined> {
  const entry = join(ROOT, FUNCTION_ENTRIES.ingest);
  if (!existsSync(entry)) return undefined;
  const dir = join(OUT_DIR, 'ingest');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'index.mjs');
  const bundleWith = (file: string, external: string[]) =>
    build({
      entryPoints: [entry],
      outfile: file,
      bundle: true,
      platform: FUNCTION_BUNDLING.platform,
      format: FUNCTION_BUNDLING.format,
      target: FUNCTION_BUNDLING.target,
      external,
      mainFields: [...FUNCTION_BUNDLING.mainFields],
      banner: { js: FUNCTION_BUNDLING.banner },
      minify: FUNCTION_BUNDLING.minify,
      keepNames: FUNCTION_BUNDLING.keepNames,
      sourcemap: FUNCTION_BUNDLING.sourcemap,
      metafile: true,
      logLevel: 'error',
    });
  const result = await bundleWith(outfile, [...FUNCTION_BUNDLING.external]);
  const sdkBundledFile = join(dir, 'sdk-bundled', 'index.mjs');
  await bundleWith(sdkBundledFile, []);
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  const topInputs = Object.entries(output?.inputs ?? {})
    .map(([path, v]) => ({ path: groupInput(path), bytes: v.bytesInOutput }))
    .reduce<Map<string, number>>((m, i) => m.set(i.path, (m.get(i.path) ?? 0) + i.bytes), new Map());
  const memoryStore = join(OUT_DIR, 'memory-store.mjs');
  await build({
    stdin: {
      contents:
        "export { MemoryStateStore } from './shared/engine/index.ts';\n" +
        "export { DEFAULT_ENGINE_SETTINGS } from './shared/engine/index.ts';\n",
      resolveDir: ROOT,
      loader: 'ts',
    },
    outfile: memoryStore,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: FUNCTION_BUNDLING.target,
    logLevel: 'error',
  });
  const payloadPath = join(OUT_DIR, `payload-${payload.events}.json`);
  writeFileSync(payloadPath, JSON.stringify(payload.event));

  // --no-warnings: the SDK warns on node < 22 (Lambda runs 24); printing it is not init work.
  const env = { ...process.env, ...LAMBDA_ENV, BENCH_BUNDLE: outfile };
  const inits: ChildResult[] = [];
  const initsMaps: ChildResult[] = [];
  const initsSdk: ChildResult[] = [];
  for (let i = 0; i < runs; i++) {
    inits.push(runChild({ ...env, NODE_OPTIONS: '--no-warnings' }));
    initsMaps.push(runChild({ ...env, NODE_OPTIONS: '--no-warnings --enable-source-maps' }));
    initsSdk.push(runChild({ ...env, NODE_OPTIONS: '--no-warnings', BENCH_BUNDLE: sdkBundledFile }));
  }
  const handleEnv = { ...env, BENCH_PAYLOAD: payloadPath, BENCH_MEMORY_STORE: memoryStore };
  const handled = runChild({ ...handleEnv, NODE_OPTIONS: '--no-warnings --enable-source-maps' });
  const handled128 = runChild({
    ...handleEnv,
    NODE_OPTIONS: `--no-warnings --enable-source-maps ${LAMBDA_128_HEAP_FLAGS}`,
  });
  const bytes = statSync(outfile).size;
  return {
    entry: FUNCTION_ENTRIES.ingest,
    bytes,
    gzipBytes: gzipSync(readFileSync(outfile)).length,
    topInputs: [...topInputs]
      .map(([path, b]) => ({ path, bytes: b }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 8),
    initMs: median(inits.map((r) => r.importMs)),
    initMsSourceMaps: median(initsMaps.map((r) => r.importMs)),
    readyMs: median(inits.map((r) => r.readyMs)),
    rssAfterInitKb: median(inits.map((r) => r.rssAfterInitKb)),
    payloadEvents: payload.events,
    handleMs: handled.handleMs ?? Number.NaN,
    maxRssKb: handled.maxRssKb,
    maxRssKb128: handled128.maxRssKb,
    alertsPublished: handled.alertsPublished ?? 0,
    sdkBundled: {
      bytes: statSync(sdkBundledFile).size,
      initMs: median(initsSdk.map((r) => r.importMs)),
      rssAfterInitKb: median(initsSdk.map((r) => r.rssAfterInitKb)),
    },
    ...(handled.error || handled128.error ? { error: handled.error ?? handled128.error } : {}),
  };
}

interface ChildResult {
  importMs: number;
  readyMs: number;
  rssAfterInitKb: number;
  maxRssKb: number;
  handleMs?: number;
  alertsPublished?: number;
  error?: string;
}

function runChild(env: NodeJS.ProcessEnv): ChildResult {
  const resultPath = join(OUT_DIR, `child-${process.pid}.json`);
  rmSync(resultPath, { force: true });
  const child = spawnSync(process.execPath, [CHILD], {
    env: { ...env, BENCH_RESULT: resultPath },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (child.status !== 0 || !existsSync(resultPath)) {
    const error = `ingest bundle child failed (${child.status}): ${child.stderr.toString('utf8').trim().slice(-600)}`;
    return {
      importMs: Number.NaN,
      readyMs: Number.NaN,
      rssAfterInitKb: Number.NaN,
      maxRssKb: Number.NaN,
      error,
    };
  }
  const result = JSON.parse(readFileSync(resultPath, 'utf8')) as ChildResult;
  rmSync(resultPath, { force: true });
  return result;
}

/** node_modules/<pkg>/... -> <pkg>; our files by top folder. */
function groupInput(path: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (m) return m[1]!;
  return path.split('/').slice(0, 2).join('/');
}
