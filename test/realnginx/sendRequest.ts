import http from 'node:http';

export interface RequestOptions {
  /** Loopback port nginx listens on. */
  port: number;
  path: string;
  host: string;
  method?: string;
  body?: Buffer;
  /** Give up (close the connection) after this long, like a browser tab closed mid-request. */
  abortAfterMs?: number;
  /** Hard limit for the whole exchange. */
  timeoutMs?: number;
}

export interface RequestResult {
  /** The status line nginx sent, or null when none arrived (aborted, reset, timed out). */
  status: number | null;
  error?: string;
}

/**
 * One HTTP/1.1 request to nginx on 127.0.0.1, without keep-alive (one connection per request, so
 * nginx writes no keep-alive lines), always settling: it never throws.
 */
export function sendRequest(options: RequestOptions): Promise<RequestResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: RequestResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(abortTimer);
      clearTimeout(hardTimer);
      resolve(result);
    };
    const headers: Record<string, string | number> = { host: options.host, connection: 'close' };
    if (options.body) headers['content-length'] = options.body.length;
    const req = http.request({
      host: '127.0.0.1',
      port: options.port,
      path: options.path,
      method: options.method ?? (options.body ? 'POST' : 'GET'),
      headers,
      agent: false,
    });
    const abortTimer =
      options.abortAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            req.destroy();
            settle({ status: null, error: 'aborted by client' });
          }, options.abortAfterMs);
    const hardTimer = setTimeout(() => {
      req.destroy();
      settle({ status: null, error: 'timed out' });
    }, options.timeoutMs ?? 10_000);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => settle({ status: res.statusCode ?? null }));
      res.on('error', () => settle({ status: res.statusCode ?? null }));
    });
    req.on('error', (error) => settle({ status: null, error: error.message }));
    // A 413 can arrive before the body is sent; writing the rest then fails harmlessly (EPIPE).
    req.end(options.body);
  });
}
