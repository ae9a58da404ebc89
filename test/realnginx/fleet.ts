import path from 'node:path';
import { type Backend, type Listen, startBackend } from './backends.ts';
import { findFreePort, type NginxInstance, startNginx } from './harness.ts';
import { sendRequest } from './sendRequest.ts';

/**
 * Several "EC2 instances", each a real nginx proxying to its own backend through an `upstream app`
 * group, under a steady request loop, for the multi-instance examples (rolling deploy, outage, ...).
 * A backend can be stopped and started again (a deploy restarting the application), optionally with
 * its unix socket left at 0600 (a packaging mistake that locks the www-data workers out).
 */

export type Transport = 'tcp' | 'unix';

export interface FleetInstance {
  /** The EC2 instance id the log file is named after. */
  id: string;
  nginx: NginxInstance;
  /** Stops the application: its port refuses, its unix socket disappears. */
  stopBackend(): Promise<void>;
  /** Starts the application again; `socketMode` 0o600 leaves a root-only socket. */
  startBackend(options?: { socketMode?: number }): Promise<void>;
}

export interface Fleet {
  instances: FleetInstance[];
  /** Starts `ratePerSecond` requests per second to every instance; resolved counts on stop. */
  startLoad(ratePerSecond: number): LoadLoop;
  /** Stops backends and nginx of every instance and deletes their prefixes. */
  dispose(): Promise<void>;
}

export interface LoadLoop {
  /** Stops sending, waits for requests in flight, returns status counts per instance id. */
  stop(): Promise<Record<string, Record<string, number>>>;
}

/** What a storefront behind the proxy gets asked, in turn. */
const REQUEST_PATHS = [
  '/',
  '/api/products?page=2',
  '/api/cart',
  '/api/orders/10428',
  '/health',
  '/api/products/88231',
  '/static/app.3f9c1e.js',
  '/api/orders',
] as const;

const SERVER_BLOCK = `    location / {
      proxy_pass http://app;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_connect_timeout 2s;
      proxy_read_timeout 5s;
    }
`;

async function startInstance(id: string, transport: Transport, serverName: string): Promise<FleetInstance> {
  const port = transport === 'tcp' ? await findFreePort() : 0;
  const listenOf = (runDir: string): Listen =>
    transport === 'tcp' ? { port } : { socketPath: path.join(runDir, 'gunicorn.sock') };
  const serverLine = (runDir: string) =>
    transport === 'tcp' ? `127.0.0.1:${port}` : `unix:${path.join(runDir, 'gunicorn.sock')}`;
  const nginx = await startNginx({
    name: `nginx-${id}`,
    serverName,
    // Debian's default error_log level: what an instance writes in production.
    errorLogLevel: 'error',
    http: ({ runDir }) => `  upstream app {\n    server ${serverLine(runDir)};\n  }`,
    server: SERVER_BLOCK,
  });
  const listen = listenOf(nginx.runDir);
  let backend: Backend | null = await startBackend('ok', listen);
  return {
    id,
    nginx,
    async stopBackend() {
      await backend?.close();
      backend = null;
    },
    async startBackend(options = {}) {
      if (backend) return;
      const where = 'socketPath' in listen ? { ...listen, mode: options.socketMode ?? 0o666 } : listen;
      backend = await startBackend('ok', where);
    },
  };
}

/** Starts one nginx + backend pair per id (in parallel) with traffic for `serverName`. */
export async function startFleet(
  ids: readonly string[],
  transport: Transport,
  serverName: string,
): Promise<Fleet> {
  const settled = await Promise.allSettled(ids.map((id) => startInstance(id, transport, serverName)));
  const instances = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const dispose = async () => {
    await Promise.all(
      instances.map(async (instance) => {
        await instance.stopBackend();
        await instance.nginx.dispose();
      }),
    );
  };
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) {
    await dispose();
    throw failed.reason;
  }
  return {
    instances,
    dispose,
    startLoad(ratePerSecond) {
      const inFlight = new Set<Promise<void>>();
      const counts: Record<string, Record<string, number>> = {};
      const timers = instances.map((instance, index) => {
        const tally: Record<string, number> = {};
        counts[instance.id] = tally;
        let turn = index;
        return setInterval(() => {
          const requestPath = REQUEST_PATHS[turn++ % REQUEST_PATHS.length]!;
          const sent = sendRequest({
            port: instance.nginx.port,
            host: serverName,
            path: requestPath,
            timeoutMs: 8_000,
          }).then((result) => {
            const key = String(result.status ?? 'none');
            tally[key] = (tally[key] ?? 0) + 1;
            inFlight.delete(sent);
          });
          inFlight.add(sent);
        }, 1_000 / ratePerSecond);
      });
      return {
        async stop() {
          for (const timer of timers) clearInterval(timer);
          await Promise.all([...inFlight]);
          return counts;
        },
      };
    },
  };
}
