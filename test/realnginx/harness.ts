import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs a real nginx (the Debian package) on loopback with its own prefix, config, error log and pid
 * file, for the real-nginx tests and the example capture. Every instance started here is recorded so
 * that {@link stopAllNginx} (and the process exit hook) can end it: no nginx outlives its test.
 */

export const NGINX_BIN = '/usr/sbin/nginx';
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const INSTALL_SCRIPT = path.join(REPO_ROOT, 'scripts/install-nginx.sh');

/** The user the workers run as when we are root, so a root-owned 0600 socket is out of their reach. */
export const WORKER_USER = 'www-data';
export const isRoot = process.getuid?.() === 0;

export interface NginxAvailability {
  available: boolean;
  /** What was done or why nginx is missing, for a skip or failure message. */
  message: string;
}

/**
 * Makes sure nginx is installed: runs `scripts/install-nginx.sh` when the binary is missing (it
 * installs the Debian package when it can, or says what to install).
 */
export function ensureNginx(): NginxAvailability {
  if (existsSync(NGINX_BIN)) return { available: true, message: `${NGINX_BIN} present` };
  const run = spawnSync('bash', [INSTALL_SCRIPT], { encoding: 'utf8', timeout: 300_000 });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
  return { available: run.status === 0 && existsSync(NGINX_BIN), message: output || String(run.error) };
}

/** `nginx version: nginx/1.22.1` -> `1.22.1`. */
export function nginxVersion(): string {
  const run = spawnSync(NGINX_BIN, ['-v'], { encoding: 'utf8' });
  return /nginx\/(\S+)/.exec(`${run.stdout}${run.stderr}`)?.[1] ?? 'unknown';
}

/** Ports this process handed out: never hand one out twice (scenarios run in parallel). */
const handedOut = new Set<number>();

/**
 * A TCP port that was free a moment ago (bound to port 0 on loopback, then released), and that this
 * process has not handed out before, so parallel scenarios cannot pick the same port.
 */
export async function findFreePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.unref();
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        const bound = typeof address === 'object' && address ? address.port : 0;
        server.close(() => resolve(bound));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free loopback port found in 20 attempts');
}

/** A scratch directory that www-data workers can traverse (sockets live under it). */
export async function makeScratchDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `${name}-`));
  await chmod(dir, 0o755);
  return dir;
}

/** Directories of an instance that a config may need to name (sockets live in `runDir`). */
export interface NginxDirs {
  prefix: string;
  runDir: string;
}

/** Config text, or a function of the instance's directories (which exist only once it is created). */
export type ConfigText = string | ((dirs: NginxDirs) => string);

export interface NginxOptions {
  /** Directives inside `http {}` before the server block: upstream groups, extra settings. */
  http?: ConfigText;
  /** Directives inside the `server {}` block: locations and per-server settings. */
  server: ConfigText;
  /** `error_log` level. `info` shows client-closed (499) and lifecycle lines; `error` is Debian's default. */
  errorLogLevel?: 'info' | 'notice' | 'warn' | 'error';
  serverName?: string;
  /** Write `$request_uri $status` per request to `logs/access.log` (what nginx itself says it answered). */
  accessLog?: boolean;
  /** A name for the temporary prefix directory. */
  name?: string;
}

export interface NginxInstance {
  prefix: string;
  port: number;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  serverName: string;
  errorLogPath: string;
  accessLogPath: string;
  /** The directory for unix sockets of this instance's backends (0755, under the prefix). */
  runDir: string;
  masterPid: number;
  /** `nginx -s reload`, resolved once the new workers are up and the old ones have exited. */
  reload(): Promise<void>;
  /** Graceful stop (`nginx -s quit`, SIGKILL after a timeout); resolved when the master exited. */
  stop(): Promise<void>;
  readErrorLog(): Promise<string>;
  readAccessLog(): Promise<string>;
  /** Stops nginx (if running) and deletes the prefix. */
  dispose(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when a run dies between start and teardown. SIGTERM, not SIGKILL: the master then
  // takes its workers down with it, where a killed master would leave them orphaned.
  process.on('exit', () => {
    for (const child of running) child.kill('SIGTERM');
  });
}

/** Stops every nginx this process started and has not stopped yet. */
export async function stopAllNginx(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child, 5_000)));
}

function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    running.delete(child);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      running.delete(child);
      resolve();
    });
    child.kill('SIGQUIT');
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function renderConfig(dirs: NginxDirs, port: number, serverName: string, options: NginxOptions): string {
  const { prefix } = dirs;
  const text = (value: ConfigText | undefined) => (typeof value === 'function' ? value(dirs) : (value ?? ''));
  const level = options.errorLogLevel ?? 'info';
  const temp = (name: string) => path.join(prefix, 'temp', name);
  return `# generated by test/realnginx/harness.ts
${isRoot ? `user ${WORKER_USER};` : '# not root: workers run as the current user'}
worker_processes 1;
pid ${path.join(prefix, 'nginx.pid')};
error_log ${path.join(prefix, 'logs/error.log')} ${level};

events {
  worker_connections 256;
}

http {
  default_type application/octet-stream;
  ${options.accessLog ? `log_format status '$request_uri $status';\n  access_log ${path.join(prefix, 'logs/access.log')} status;` : 'access_log off;'}
  client_body_temp_path ${temp('client_body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  keepalive_timeout 0;

${text(options.http)}

  server {
    listen 127.0.0.1:${port};
    server_name ${serverName};

${text(options.server)}
  }
}
`;
}

/**
 * Waits until the master wrote its pid file: nginx binds its listening sockets before that, so
 * connections from then on queue in the backlog until the worker takes them. A probe connection
 * would work too, but nginx logs it at `info` (`client closed connection while waiting for
 * request`), and the examples must hold only what a scenario provoked.
 */
async function waitForPidFile(pidPath: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited with code ${child.exitCode}`);
    const pid = await readFile(pidPath, 'utf8').catch(() => '');
    if (Number(pid.trim()) === child.pid) return;
    await sleep(25);
  }
  throw new Error(`nginx wrote no pid file within ${timeoutMs} ms`);
}

/** Counts `worker process N exited` lines: a reload is complete when the old worker has exited. */
function countWorkerExits(log: string): number {
  return log.match(/worker process \d+ exited/g)?.length ?? 0;
}

/**
 * Starts nginx with a generated config under a fresh prefix in the foreground (`daemon off`, so the
 * child process is the master), `TZ=UTC`, and waits until it listens.
 */
export async function startNginx(options: NginxOptions): Promise<NginxInstance> {
  installExitHook();
  const prefix = await makeScratchDir(options.name ?? 'nginx');
  const runDir = path.join(prefix, 'run');
  await mkdir(path.join(prefix, 'logs'));
  await mkdir(path.join(prefix, 'temp'));
  await mkdir(runDir, { mode: 0o755 });
  await chmod(runDir, 0o755);
  if (isRoot) {
    const www = spawnSync('id', ['-u', WORKER_USER], { encoding: 'utf8' });
    const uid = Number(www.stdout.trim());
    if (Number.isInteger(uid)) await chown(path.join(prefix, 'temp'), uid, -1);
  }
  const port = await findFreePort();
  const serverName = options.serverName ?? 'shop.example.com';
  const confPath = path.join(prefix, 'nginx.conf');
  const errorLogPath = path.join(prefix, 'logs/error.log');
  const accessLogPath = path.join(prefix, 'logs/access.log');
  await writeFile(confPath, renderConfig({ prefix, runDir }, port, serverName, options));

  const baseArgs = ['-p', prefix, '-c', confPath, '-e', errorLogPath];
  const env = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', TZ: 'UTC' };
  const test = spawnSync(NGINX_BIN, [...baseArgs, '-t', '-q'], { encoding: 'utf8', env });
  if (test.status !== 0) {
    throw new Error(`nginx -t failed for ${confPath}:\n${test.stderr}`);
  }
  const child = spawn(NGINX_BIN, [...baseArgs, '-g', 'daemon off;'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    await waitForPidFile(path.join(prefix, 'nginx.pid'), child, 5_000);
  } catch (error) {
    await stopChild(child, 1_000);
    const log = await readFile(errorLogPath, 'utf8').catch(() => '');
    throw new Error(`nginx failed to start: ${(error as Error).message}\n${stderr}\n${log}`, {
      cause: error,
    });
  }

  const readErrorLog = () => readFile(errorLogPath, 'utf8');
  const instance: NginxInstance = {
    prefix,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    serverName,
    errorLogPath,
    accessLogPath,
    runDir,
    masterPid: child.pid ?? -1,
    readErrorLog,
    readAccessLog: () => readFile(accessLogPath, 'utf8').catch(() => ''),
    async reload() {
      const before = countWorkerExits(await readErrorLog());
      const run = spawnSync(NGINX_BIN, [...baseArgs, '-s', 'reload'], { encoding: 'utf8', env });
      if (run.status !== 0) throw new Error(`nginx -s reload failed: ${run.stderr}`);
      const deadline = Date.now() + 5_000;
      while (countWorkerExits(await readErrorLog()) <= before) {
        if (Date.now() > deadline) throw new Error('nginx reload did not complete within 5 s');
        await sleep(50);
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const run = spawnSync(NGINX_BIN, [...baseArgs, '-s', 'quit'], { encoding: 'utf8', env });
      if (run.status !== 0) child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      running.delete(child);
    },
    async dispose() {
      await instance.stop();
      await rm(prefix, { recursive: true, force: true });
    },
  };
  return instance;
}
