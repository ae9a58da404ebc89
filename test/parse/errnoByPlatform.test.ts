import { describe, expect, it } from 'vitest';
import { classifyLine } from '#shared/classify/classifyLine.ts';
import { errnoName } from '#shared/parse/errnoNames.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';

const TAIL =
  ', client: 127.0.0.1, server: localhost, request: "GET /api/users HTTP/1.1", upstream: "http://127.0.0.1:3000/api/users", host: "localhost:8080"';

describe('errno is read with its text: the cause follows the text, not the number', () => {
  it.each([
    [111, 'Connection refused', 'ECONNREFUSED'], // Linux (glibc and musl)
    [61, 'Connection refused', 'ECONNREFUSED'], // FreeBSD, macOS
    [10061, 'No connection could be made because the target machine actively refused it.', 'ECONNREFUSED'],
    [104, 'Connection reset by peer', 'ECONNRESET'],
    [54, 'Connection reset by peer', 'ECONNRESET'],
    [10054, 'An existing connection was forcibly closed by the remote host', 'ECONNRESET'],
    [110, 'Connection timed out', 'ETIMEDOUT'],
    [60, 'Operation timed out', 'ETIMEDOUT'],
    [110, 'Operation timed out', 'ETIMEDOUT'], // musl
    [113, 'No route to host', 'EHOSTUNREACH'],
    [65, 'No route to host', 'EHOSTUNREACH'],
    [113, 'Host is unreachable', 'EHOSTUNREACH'], // musl
    [99, 'Cannot assign requested address', 'EADDRNOTAVAIL'],
    [49, "Can't assign requested address", 'EADDRNOTAVAIL'],
    [99, 'Address not available', 'EADDRNOTAVAIL'], // musl
    [98, 'Address already in use', 'EADDRINUSE'],
    [48, 'Address already in use', 'EADDRINUSE'],
    [24, 'No file descriptors available', 'EMFILE'], // musl
    [35, 'Resource temporarily unavailable', 'EAGAIN'],
    [10060, 'some other wording', 'ETIMEDOUT'], // Windows Sockets number when the text is unknown
    [111, 'some other wording', 'ECONNREFUSED'], // Linux number as the last resort
  ] as const)('%i: %s -> %s', (n, text, name) => {
    expect(errnoName(n, text)).toBe(name);
  });

  it('names nothing it does not know', () => {
    expect(errnoName(3, 'Host not found')).toBeUndefined();
  });

  it.each([
    [
      'kevent() reported that connect() failed (61: Connection refused) while connecting to upstream',
      'upstream_refused',
      502,
    ],
    [
      'connect() to 127.0.0.1:3000 failed (61: Connection refused) while connecting to upstream',
      'upstream_refused',
      502,
    ],
    [
      'kevent() reported that connect() failed (60: Operation timed out) while connecting to upstream',
      'upstream_unreachable',
      502,
    ],
    [
      'kevent() reported about an closed connection (54: Connection reset by peer) while reading response header from upstream',
      'upstream_reset',
      502,
    ],
    [
      'kevent() reported about an closed connection (54: Connection reset by peer) while reading upstream',
      'upstream_body_error',
      null,
    ],
    [
      'kevent() reported about an closed connection (32: Broken pipe) while sending request to upstream',
      'upstream_reset',
      502,
    ],
    [
      'recv() failed (54: Connection reset by peer) while reading response header from upstream',
      'upstream_reset',
      502,
    ],
    [
      'connect() failed (10061: No connection could be made because the target machine actively refused it) while connecting to upstream',
      'upstream_refused',
      502,
    ],
    [
      "connect() to 10.0.8.30:8080 failed (49: Can't assign requested address) while connecting to upstream",
      'port_exhaustion',
      502,
    ],
  ] as const)('macOS / FreeBSD / Windows: %s', (message, cause, status) => {
    const parsed = parseErrorLine(`2026/11/03 14:02:15 [error] 51234#0: *7 ${message}${TAIL}`);
    const c = classifyLine(parsed);
    expect({ cause: c.cause, status: c.status }).toEqual({ cause, status });
  });

  it('keeps the number and the text as written', () => {
    const parsed = parseErrorLine(
      `2026/11/03 14:02:15 [error] 51234#0: *7 kevent() reported that connect() failed (61: Connection refused) while connecting to upstream${TAIL}`,
    );
    expect(parsed).toMatchObject({ errno: 61, errnoText: 'Connection refused', errnoName: 'ECONNREFUSED' });
  });
});
