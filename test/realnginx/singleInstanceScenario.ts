import path from 'node:path';
import type { CauseId } from '#shared';
import { type Backend, startBackend } from './backends.ts';
import { startFastcgiResponder } from './fastcgiResponder.ts';
import { findFreePort, isRoot, type NginxInstance, nginxVersion, startNginx } from './harness.ts';
import { type RequestResult, sendRequest } from './sendRequest.ts';

/**
 * One real nginx with one location per way an upstream fails, provoked in a fixed order, plus a
 * reload and a stop. The real-nginx test classifies what nginx wrote; the capture script writes it
 * to `examples/single/` with the expectations next to it.
 */

/** One provoked failure: the request that provokes it and what the classifier must say about it. */
export interface FailureCase {
  name: string;
  /** The request path; null for process-level events (reload, start, stop). */
  path: string | null;
  method?: 'GET' | 'POST';
  /** The cause at least one line of this request (or event) must classify to; null: no line at all. */
  cause: CauseId | null;
  /** The status nginx answered (its access log), which the line's inferred status must equal. */
  status: number | null;
  /**
   * The line does not carry the status (a PHP fatal error's 500 is the application's own choice, sent
   * after the stderr record): the classifier may infer null instead of the real status.
   */
  statusMayBeUnknown?: boolean;
  /** Only provokable when nginx runs as root with www-data workers. */
  needsRoot?: boolean;
}

export const FAILURE_CASES: readonly FailureCase[] = [
  { name: 'healthy backend (control: no error line)', path: '/api/ok', cause: null, status: 200 },
  { name: 'nothing listening', path: '/api/refused', cause: 'upstream_refused', status: 502 },
  { name: 'missing unix socket', path: '/api/socket-missing', cause: 'socket_missing', status: 502 },
  {
    name: 'unix socket 0600 owned by root, workers as www-data',
    path: '/api/socket-permission',
    cause: 'socket_permission',
    status: 502,
    needsRoot: true,
  },
  { name: 'backend closes without answering', path: '/api/closed', cause: 'upstream_closed', status: 502 },
  { name: 'backend resets the connection', path: '/api/reset', cause: 'upstream_reset', status: 502 },
  {
    name: 'backend hangs past proxy_read_timeout 1s',
    path: '/api/timeout',
    cause: 'upstream_timeout',
    status: 504,
  },
  {
    name: '20 KB response header, proxy_buffer_size 4k',
    path: '/api/big-header',
    cause: 'header_too_big',
    status: 502,
  },
  {
    name: 'NUL byte in a response header',
    path: '/api/invalid-header',
    cause: 'invalid_response',
    status: 502,
  },
  {
    name: 'every server of the group fails (max_fails=1)',
    path: '/api/no-live/first',
    cause: 'upstream_refused',
    status: 502,
  },
  { name: 'no live upstreams', path: '/api/no-live/second', cause: 'no_live_upstreams', status: 502 },
  {
    name: 'proxy_pass https:// to a plain HTTP backend',
    path: '/api/tls-plain',
    cause: 'upstream_tls',
    status: 502,
  },
  {
    name: 'PHP fatal error in FastCGI stderr',
    path: '/index.php',
    cause: 'fastcgi_stderr',
    status: 500,
    statusMayBeUnknown: true,
  },
  {
    name: 'FastCGI: Primary script unknown',
    path: '/missing/index.php',
    cause: 'fastcgi_stderr',
    status: 404,
  },
  { name: 'client closes before the answer', path: '/api/slow', cause: 'client_closed', status: 499 },
  {
    name: '20 KB body to client_max_body_size 1k',
    path: '/upload',
    method: 'POST',
    cause: 'client_body_too_large',
    status: 413,
  },
  { name: 'nginx -s reload', path: null, cause: 'nginx_reload', status: null },
];

export interface CaseOutcome {
  name: string;
  path: string | null;
  expectedCause: CauseId | null;
  expectedStatus: number | null;
  statusMayBeUnknown: boolean;
  /** What the client really received (null: no status line, e.g. it gave up first). */
  clientStatus: number | null;
  clientError?: string;
  /** What nginx says it answered (its access log; 499 for a client that left). */
  nginxStatus: number | null;
}

export interface SingleScenarioResult {
  nginxVersion: string;
  errorLog: string;
  outcomes: CaseOutcome[];
}

const CLIENT_ABORT_MS = 300;
const BODY_BYTES = 20 * 1024;

function renderServer(addr: Record<string, string>, runDir: string): string {
  const proxy = (location: string, target: string, extra = '') =>
    `    location ${location} {\n${extra}      proxy_pass ${target};\n    }\n`;
  return [
    proxy('/api/ok', `http://${addr.ok}`),
    proxy('/api/refused', `http://${addr.refused}`),
    proxy('/api/socket-missing', `http://${addr.missing}:`),
    proxy('/api/socket-permission', `http://${addr.locked}:`),
    proxy('/api/closed', `http://${addr.close}`),
    proxy('/api/reset', `http://${addr.reset}`),
    proxy('/api/timeout', `http://${addr.hang}`, '      proxy_read_timeout 1s;\n'),
    proxy('/api/big-header', `http://${addr.bigHeader}`, '      proxy_buffer_size 4k;\n'),
    proxy('/api/invalid-header', `http://${addr.invalidHeader}`),
    proxy('/api/no-live/', 'http://orders_backend'),
    proxy('/api/tls-plain', `https://${addr.ok}`),
    proxy('/api/slow', `http://${addr.slow}`, '      proxy_read_timeout 10s;\n'),
    proxy('/upload', `http://${addr.ok}`, '      client_max_body_size 1k;\n'),
    `    location ~ \\.php$ {
      fastcgi_pass unix:${path.join(runDir, 'php-fpm.sock')};
      fastcgi_param SCRIPT_FILENAME /var/www/html$fastcgi_script_name;
      fastcgi_param REQUEST_METHOD $request_method;
      fastcgi_param REQUEST_URI $request_uri;
      fastcgi_param QUERY_STRING $query_string;
    }
`,
  ].join('');
}

/** Reads `logs/access.log` lines `<uri> <status>` into the last status seen per path. */
function statusesFromAccessLog(accessLog: string): Map<string, number> {
  const statuses = new Map<string, number>();
  for (const line of accessLog.split('\n')) {
    const match = /^(\S+) (\d{3})$/.exec(line);
    if (match) statuses.set(match[1]!, Number(match[2]));
  }
  return statuses;
}

/**
 * Starts nginx and its backends, provokes every {@link FAILURE_CASES} entry in order, reloads,
 * stops nginx, and returns what nginx wrote with what the client and nginx said for each case.
 * Everything it started is stopped before it returns or throws.
 */
export async function runSingleInstanceScenario(
  log: (message: string) => void = () => {},
): Promise<SingleScenarioResult> {
  const backends: Backend[] = [];
  let nginx: NginxInstance | undefined;
  try {
    // Ports first, then nginx (the prefix holds the socket directory), then the backends.
    const ports = {
      ok: await findFreePort(),
      refused: await findFreePort(),
      deadA: await findFreePort(),
      deadB: await findFreePort(),
      close: await findFreePort(),
      reset: await findFreePort(),
      hang: await findFreePort(),
      bigHeader: await findFreePort(),
      invalidHeader: await findFreePort(),
      slow: await findFreePort(),
    };
    const tcp = (port: number) => `127.0.0.1:${port}`;
    const addr = (runDir: string): Record<string, string> => ({
      ok: tcp(ports.ok),
      refused: tcp(ports.refused),
      missing: `unix:${runDir}/gunicorn.sock`,
      locked: `unix:${runDir}/uwsgi-app.sock`,
      close: tcp(ports.close),
      reset: tcp(ports.reset),
      hang: tcp(ports.hang),
      bigHeader: tcp(ports.bigHeader),
      invalidHeader: tcp(ports.invalidHeader),
      slow: tcp(ports.slow),
    });
    nginx = await startNginx({
      name: 'nginx-single',
      // max_fails counts only in a group of two or more: nginx never marks a lone server down.
      http: `  upstream orders_backend {
    server ${tcp(ports.deadA)} max_fails=1 fail_timeout=30s;
    server ${tcp(ports.deadB)} max_fails=1 fail_timeout=30s;
  }`,
      server: ({ runDir }) => renderServer(addr(runDir), runDir),
      errorLogLevel: 'info',
      accessLog: true,
    });
    const run = nginx.runDir;
    backends.push(
      await startBackend('ok', { port: ports.ok }),
      await startBackend('ok', { socketPath: path.join(run, 'uwsgi-app.sock'), mode: 0o600 }),
      await startBackend('close', { port: ports.close }),
      await startBackend('reset', { port: ports.reset }),
      await startBackend('hang', { port: ports.hang }),
      await startBackend('bigHeader', { port: ports.bigHeader }),
      await startBackend('invalidHeader', { port: ports.invalidHeader }),
      await startBackend('slow', { port: ports.slow }),
      await startFastcgiResponder(path.join(run, 'php-fpm.sock')),
    );

    const outcomes: CaseOutcome[] = [];
    for (const failure of FAILURE_CASES) {
      if (failure.needsRoot && !isRoot) {
        log(`skip ${failure.name}: needs root (workers as www-data)`);
        continue;
      }
      let result: RequestResult = { status: null };
      if (failure.path === null) {
        await nginx.reload();
      } else {
        result = await sendRequest({
          port: nginx.port,
          host: nginx.serverName,
          path: failure.path,
          method: failure.method,
          body: failure.method === 'POST' ? Buffer.alloc(BODY_BYTES, 'x') : undefined,
          abortAfterMs: failure.status === 499 ? CLIENT_ABORT_MS : undefined,
          timeoutMs: 5_000,
        });
      }
      if (failure.status === 499) {
        // nginx notices the close on its next event; the slow backend answers within 2 s anyway.
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      log(`${failure.name}: client got ${result.status ?? result.error ?? 'nothing'}`);
      outcomes.push({
        name: failure.name,
        path: failure.path,
        expectedCause: failure.cause,
        expectedStatus: failure.status,
        statusMayBeUnknown: failure.statusMayBeUnknown ?? false,
        clientStatus: result.status,
        ...(result.error ? { clientError: result.error } : {}),
        nginxStatus: null,
      });
    }
    await nginx.stop();
    const statuses = statusesFromAccessLog(await nginx.readAccessLog());
    for (const outcome of outcomes) {
      if (outcome.path !== null) outcome.nginxStatus = statuses.get(outcome.path) ?? null;
    }
    return { nginxVersion: nginxVersion(), errorLog: await nginx.readErrorLog(), outcomes };
  } finally {
    await Promise.all(backends.map((backend) => backend.close()));
    await nginx?.dispose();
  }
}
