import { chmod, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';

/**
 * In-process backends for real nginx to proxy to: a normal one, and the ways a backend really fails
 * (closes without answering, resets, hangs, sends a 20 KB header, sends a header nginx rejects).
 * Each one listens on a loopback TCP port or a unix socket and tracks its connections so that
 * {@link Backend.close} ends them all: nothing outlives a test.
 */

/** Where a backend listens: a loopback TCP port, or a unix socket with the given file mode. */
export type Listen = { port: number } | { socketPath: string; mode?: number };

export interface Backend {
  /** What `proxy_pass` / `server` takes: `127.0.0.1:8080` or `unix:/path/app.sock`. */
  address: string;
  listening: boolean;
  /** Stops listening (a unix socket file is removed) and destroys open connections. */
  close(): Promise<void>;
}

const BACKEND_BEHAVIOURS = ['ok', 'close', 'reset', 'hang', 'bigHeader', 'invalidHeader', 'slow'] as const;
export type BackendBehaviour = (typeof BACKEND_BEHAVIOURS)[number];

/** How long the `slow` backend takes to answer: long enough for a client to give up first. */
export const SLOW_RESPONSE_MS = 2_000;
const BIG_HEADER_BYTES = 20 * 1024;

function addressOf(listen: Listen): string {
  return 'port' in listen ? `127.0.0.1:${listen.port}` : `unix:${listen.socketPath}`;
}

async function listenOn(server: net.Server, listen: Listen): Promise<void> {
  if ('socketPath' in listen) await rm(listen.socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const done = () => {
      server.off('error', reject);
      resolve();
    };
    if ('port' in listen) server.listen(listen.port, '127.0.0.1', done);
    else server.listen(listen.socketPath, done);
  });
  // 0666 for a healthy socket (www-data workers must connect); a test passes 0600 to lock them out.
  if ('socketPath' in listen) await chmod(listen.socketPath, listen.mode ?? 0o666);
}

function trackSockets(server: net.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A peer that resets us is expected in these scenarios, not a crash.
    socket.on('error', () => {});
  });
  return sockets;
}

function closer(server: net.Server, sockets: Set<net.Socket>, state: { listening: boolean }) {
  return async () => {
    if (!state.listening) return;
    state.listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
}

/** Answers after the request header arrived, the way the behaviour says. */
function misbehave(behaviour: Exclude<BackendBehaviour, 'ok' | 'slow'>, socket: net.Socket): void {
  let answered = false;
  socket.on('data', () => {
    if (answered) return;
    answered = true;
    switch (behaviour) {
      case 'close':
        // FIN without a byte of response: "upstream prematurely closed connection".
        socket.end();
        break;
      case 'reset':
        // RST (SO_LINGER 0): "recv() failed (104: Connection reset by peer)".
        socket.resetAndDestroy();
        break;
      case 'hang':
        // Keep the connection open and say nothing: nginx's proxy_read_timeout fires.
        break;
      case 'bigHeader':
        socket.end(
          `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Session-State: ${'a'.repeat(BIG_HEADER_BYTES)}\r\nContent-Length: 2\r\n\r\nok`,
        );
        break;
      case 'invalidHeader':
        // A NUL byte inside a header name is rejected by nginx's header parser.
        socket.end(
          'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Trace\u0000Id: 42\r\nContent-Length: 2\r\n\r\nok',
        );
        break;
    }
  });
}

/**
 * Starts a backend. `ok` answers 200 with a small JSON body (also what a plain-HTTP backend behind
 * `proxy_pass https://` is), `slow` answers the same after {@link SLOW_RESPONSE_MS}.
 */
export async function startBackend(behaviour: BackendBehaviour, listen: Listen): Promise<Backend> {
  const state = { listening: true };
  let server: net.Server;
  if (behaviour === 'ok' || behaviour === 'slow') {
    const timers = new Set<NodeJS.Timeout>();
    const httpServer = http.createServer((req, res) => {
      req.resume();
      const answer = () => {
        const body = JSON.stringify({ ok: true, path: req.url });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      };
      if (behaviour === 'ok') return answer();
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, SLOW_RESPONSE_MS);
      timers.add(timer);
    });
    httpServer.keepAliveTimeout = 1_000;
    httpServer.on('close', () => {
      for (const timer of timers) clearTimeout(timer);
    });
    server = httpServer;
  } else {
    server = net.createServer((socket) => misbehave(behaviour, socket));
  }
  const sockets = trackSockets(server);
  await listenOn(server, listen);
  const close = closer(server, sockets, state);
  return {
    address: addressOf(listen),
    get listening() {
      return state.listening;
    },
    close,
  };
}
