import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { FUNCTION_BUNDLING, FUNCTION_ENTRIES, type FunctionName } from '#functions/bundling.ts';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A scratch directory INSIDE the repository (`.tmp/`, git-ignored): ESM resolves the bundle's external
 * `@aws-sdk/*` imports from the bundle file's own location, so it must sit under the repo's node_modules.
 */
export function scratchDir(): { dir: string; remove(): void } {
  mkdirSync(join(REPO, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(REPO, '.tmp', 'bundle-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bundles one function exactly as the stack does (FUNCTION_BUNDLING) into `<dir>/<name>/index.mjs`. */
export async function bundleFunction(
  name: FunctionName,
  dir: string,
): Promise<{ file: string; bytes: number }> {
  const file = join(dir, name, 'index.mjs');
  await build({
    absWorkingDir: REPO,
    entryPoints: [FUNCTION_ENTRIES[name]],
    outfile: file,
    bundle: true,
    platform: FUNCTION_BUNDLING.platform,
    format: FUNCTION_BUNDLING.format,
    target: FUNCTION_BUNDLING.target,
    external: [...FUNCTION_BUNDLING.external],
    mainFields: [...FUNCTION_BUNDLING.mainFields],
    banner: { js: FUNCTION_BUNDLING.banner },
    minify: FUNCTION_BUNDLING.minify,
    keepNames: FUNCTION_BUNDLING.keepNames,
    sourcemap: FUNCTION_BUNDLING.sourcemap,
    logLevel: 'silent',
  });
  return { file, bytes: statSync(file).size };
}

export interface Invocation {
  /** The handler's resolved value, or undefined when it threw. */
  result: unknown;
  /** `{ name, message }` of what the handler threw (or what failed at import: the init error). */
  error?: { name: string; message: string; phase: 'init' | 'invoke' };
  /** stdout lines that are JSON objects (EMF documents, upstream_event records, ...). */
  records: Record<string, unknown>[];
  stderr: string;
  exitCode: number | null;
}

const RUNNER = `
import { readFileSync } from 'node:fs';
const [bundle, eventFile] = process.argv.slice(2);
const report = (value) => process.stdout.write('\\n__INVOCATION__' + JSON.stringify(value) + '\\n');
let mod;
try {
  mod = await import(bundle);
} catch (error) {
  report({ error: { name: error?.name, message: error?.message, phase: 'init' } });
  process.exit(0);
}
const events = JSON.parse(readFileSync(eventFile, 'utf8'));
for (const event of events) {
  try {
    const result = await mod.handler(event, { awsRequestId: 'bundle-test', functionName: 'bundle-test' });
    report({ result: result ?? null });
  } catch (error) {
    report({ error: { name: error?.name, message: error?.message, phase: 'invoke' } });
  }
}
`;

/**
 * Runs the bundled handler in a FRESH node process (nothing from the test process leaks in: no module
 * cache, no mocks, only `env`), once per event in order (same process = a warm execution environment).
 */
export async function invokeBundle(
  file: string,
  events: readonly unknown[],
  env: Record<string, string>,
  dir: string,
): Promise<Invocation[]> {
  const runner = join(dir, 'runner.mjs');
  const eventFile = join(dir, `events-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(runner, RUNNER);
  writeFileSync(eventFile, JSON.stringify(events));
  const child = spawn(process.execPath, [runner, file, eventFile], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));

  const invocations: Invocation[] = [];
  let records: Record<string, unknown>[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('__INVOCATION__')) {
      const outcome = JSON.parse(line.slice('__INVOCATION__'.length)) as Partial<Invocation>;
      invocations.push({ result: outcome.result, error: outcome.error, records, stderr, exitCode });
      records = [];
    } else if (line.startsWith('{')) {
      try {
        records.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // Not JSON after all: not a record.
      }
    }
  }
  if (invocations.length === 0) {
    throw new Error(`bundle produced no invocation result (exit ${exitCode}): ${stderr.slice(0, 2000)}`);
  }
  return invocations;
}
