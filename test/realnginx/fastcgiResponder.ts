import { chmod, rm } from 'node:fs/promises';
import type net from 'node:net';
import { createServer } from 'node:net';
import type { Backend } from './backends.ts';

/**
 * A tiny FastCGI responder standing in for PHP-FPM, enough of the protocol (FastCGI 1.0 records)
 * for nginx's `fastcgi_pass`: it reads BEGIN_REQUEST, PARAMS and STDIN, then answers with a STDERR
 * record (what nginx logs as `FastCGI sent in stderr: "..."`), a STDOUT record with a CGI `Status:`
 * header and body, and END_REQUEST. What it answers depends on the script the request names:
 *
 * - a script under `/missing/`: `Primary script unknown` and `Status: 404`, as PHP-FPM says when
 *   SCRIPT_FILENAME points at no file;
 * - any other script: a PHP fatal error with its stack trace (a multi-line stderr) and `Status: 500`.
 */

const RECORD = { beginRequest: 1, endRequest: 3, params: 4, stdin: 5, stdout: 6, stderr: 7 } as const;
const HEADER_BYTES = 8;

/** The stderr text PHP-FPM sends for an uncaught error: several lines, as PHP writes them. */
export const PHP_FATAL_STDERR = [
  'PHP message: PHP Fatal error:  Uncaught Error: Call to undefined function mysql_connect() in /var/www/html/app/Db.php:14',
  'Stack trace:',
  '#0 /var/www/html/app/Orders.php(31): App\\Db->connect()',
  '#1 /var/www/html/index.php(9): App\\Orders->list()',
  '#2 {main}',
  '  thrown in /var/www/html/app/Db.php on line 14',
].join('\n');
export const PRIMARY_SCRIPT_UNKNOWN = 'Primary script unknown';

function record(type: number, requestId: number, content: Buffer): Buffer {
  const padding = (8 - (content.length % 8)) % 8;
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(1, 0);
  header.writeUInt8(type, 1);
  header.writeUInt16BE(requestId, 2);
  header.writeUInt16BE(content.length, 4);
  header.writeUInt8(padding, 6);
  return Buffer.concat([header, content, Buffer.alloc(padding)]);
}

/** FastCGI name-value pairs: lengths of 1 byte, or 4 bytes with the high bit set. */
function decodeParams(buffer: Buffer): Map<string, string> {
  const params = new Map<string, string>();
  let offset = 0;
  const readLength = () => {
    const first = buffer.readUInt8(offset);
    if (first < 0x80) {
      offset += 1;
      return first;
    }
    const length = buffer.readUInt32BE(offset) & 0x7fffffff;
    offset += 4;
    return length;
  };
  while (offset < buffer.length) {
    const nameLength = readLength();
    const valueLength = readLength();
    const name = buffer.toString('latin1', offset, offset + nameLength);
    offset += nameLength;
    params.set(name, buffer.toString('latin1', offset, offset + valueLength));
    offset += valueLength;
  }
  return params;
}

function answer(params: Map<string, string>): { stderr: string; stdout: string; appStatus: number } {
  const script = params.get('SCRIPT_FILENAME') ?? '';
  if (script.includes('/missing/')) {
    return {
      stderr: PRIMARY_SCRIPT_UNKNOWN,
      stdout: 'Status: 404 Not Found\r\nContent-type: text/html; charset=UTF-8\r\n\r\nFile not found.\n',
      appStatus: 0,
    };
  }
  return {
    stderr: PHP_FATAL_STDERR,
    stdout: 'Status: 500 Internal Server Error\r\nContent-type: text/html; charset=UTF-8\r\n\r\n',
    appStatus: 255,
  };
}

function serve(socket: net.Socket): void {
  let pending = Buffer.alloc(0);
  let paramBytes: Buffer[] = [];
  socket.on('error', () => {});
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= HEADER_BYTES) {
      const type = pending.readUInt8(1);
      const requestId = pending.readUInt16BE(2);
      const contentLength = pending.readUInt16BE(4);
      const total = HEADER_BYTES + contentLength + pending.readUInt8(6);
      if (pending.length < total) return;
      const content = pending.subarray(HEADER_BYTES, HEADER_BYTES + contentLength);
      pending = pending.subarray(total);
      if (type === RECORD.beginRequest) paramBytes = [];
      else if (type === RECORD.params && contentLength > 0) paramBytes.push(Buffer.from(content));
      else if (type === RECORD.stdin && contentLength === 0) {
        const { stderr, stdout, appStatus } = answer(decodeParams(Buffer.concat(paramBytes)));
        const end = Buffer.alloc(8);
        end.writeUInt32BE(appStatus, 0);
        socket.end(
          Buffer.concat([
            record(RECORD.stderr, requestId, Buffer.from(stderr)),
            record(RECORD.stdout, requestId, Buffer.from(stdout)),
            record(RECORD.stdout, requestId, Buffer.alloc(0)),
            record(RECORD.endRequest, requestId, end),
          ]),
        );
      }
    }
  });
}

/** Starts the responder on a unix socket (0666, like `listen.mode` of a PHP-FPM pool for www-data). */
export async function startFastcgiResponder(socketPath: string): Promise<Backend> {
  await rm(socketPath, { force: true });
  const sockets = new Set<net.Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  await chmod(socketPath, 0o666);
  let listening = true;
  return {
    address: `unix:${socketPath}`,
    get listening() {
      return listening;
    },
    async close() {
      if (!listening) return;
      listening = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
