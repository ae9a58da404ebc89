import type { Signature } from '../../model/index.ts';
import { BAD_GATEWAY_BEFORE_BODY, BODY_IS_AFTER_STATUS } from './statusRules.ts';

/** Socket I/O failures; on kqueue platforms (FreeBSD, macOS) a reset peer is reported by kevent() first. */
const IO =
  /^(?:(?:recv|send|writev|readv|sendfile|sendmsg|SSL_read|SSL_write|WSARecv|WSASend)\(\) failed|kevent\(\) reported about an closed connection)/;
const SOURCE =
  'src/os/unix/ngx_recv.c; ngx_send.c; ngx_readv_chain.c; ngx_writev_chain.c; ngx_linux_sendfile_chain.c (ngx_connection_error)';

/**
 * Socket I/O errors on the backend connection, after the protocol modules and the client-side look-alike
 * (which claims the "client" phase first). The errno tells reset from refused from unreachable.
 */
export const IO_SIGNATURES: readonly Signature[] = [
  {
    id: 'io.failed-while-reading-body',
    cause: 'upstream_body_error',
    contains: '() ',
    pattern: IO,
    phases: ['body'],
    status: null,
    severity: 'low',
    source: SOURCE,
    examples: [
      '2026/11/03 14:30:00 [error] 1600#1600: *800 readv() failed (104: Connection reset by peer) while reading upstream, client: 10.0.0.180, server: cdn.example.com, request: "GET /assets/app.js HTTP/1.1", upstream: "http://origin_pool/assets/app.js", host: "cdn.example.com"',
      '2026/11/03 14:30:01 [error] 1600#1600: *801 recv() failed (110: Connection timed out) while reading upstream, client: 10.0.0.181, server: cdn.example.com, request: "GET /assets/big.bin HTTP/1.1", upstream: "http://10.0.30.4:80/assets/big.bin", host: "cdn.example.com"',
    ],
  },
  {
    id: 'io.connection-reset',
    cause: 'upstream_reset',
    contains: '() ',
    pattern: IO,
    errno: ['ECONNRESET', 'EPIPE'],
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'high',
    source: SOURCE,
    examples: [
      '2026/11/03 14:31:00 [error] 1601#1601: *810 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 10.0.0.190, server: api.example.com, request: "GET /v1/orders HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/orders", host: "api.example.com"',
      '2026/11/03 14:31:01 [error] 1601#1601: *811 writev() failed (32: Broken pipe) while sending request to upstream, client: 10.0.0.191, server: api.example.com, request: "POST /v1/orders HTTP/1.1", upstream: "http://app_servers/v1/orders", host: "api.example.com"',
      '2026/11/03 14:31:02 [error] 1601#1601: *812 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 10.0.0.192, server: shop.example.com, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "shop.example.com"',
      '2026/11/03 14:31:03 [error] 1601#1601: *813 sendfile() failed (32: Broken pipe) while sending request to upstream, client: 10.0.0.193, server: upload.example.com, request: "PUT /v1/blob HTTP/1.1", upstream: "http://[fd00::12]:8080/v1/blob", host: "upload.example.com"',
      // macOS / FreeBSD: 54 is ECONNRESET there.
      '2026/11/03 14:31:04 [error] 1601#1601: *814 kevent() reported about an closed connection (54: Connection reset by peer) while reading response header from upstream, client: 127.0.0.1, server: localhost, request: "GET /api/users HTTP/1.1", upstream: "http://127.0.0.1:3000/api/users", host: "localhost:8080"',
      '2026/11/03 14:31:05 [error] 1601#1601: *815 recv() failed (10054: An existing connection was forcibly closed by the remote host) while reading response header from upstream, client: 127.0.0.1, server: localhost, request: "GET /api/users HTTP/1.1", upstream: "http://127.0.0.1:3000/api/users", host: "localhost"',
    ],
  },
  {
    id: 'io.refused',
    cause: 'upstream_refused',
    contains: '() ',
    pattern: IO,
    errno: ['ECONNREFUSED'],
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'high',
    source: SOURCE,
    examples: [
      '2026/11/03 14:32:00 [error] 1602#1602: *820 recv() failed (111: Connection refused) while reading response header from upstream, client: 10.0.0.194, server: api.example.com, request: "GET /v1/ping HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/ping", host: "api.example.com"',
    ],
  },
  {
    id: 'io.unreachable',
    cause: 'upstream_unreachable',
    contains: '() ',
    pattern: IO,
    errno: ['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN'],
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'high',
    source: SOURCE,
    examples: [
      '2026/11/03 14:33:00 [error] 1603#1603: *830 recv() failed (110: Connection timed out) while reading response header from upstream, client: 10.0.0.195, server: api.example.com, request: "GET /v1/report HTTP/1.1", upstream: "http://10.0.30.9:8080/v1/report", host: "api.example.com"',
      '2026/11/03 14:33:01 [error] 1603#1603: *831 writev() failed (113: No route to host) while sending request to upstream, client: 10.0.0.196, server: api.example.com, request: "POST /v1/report HTTP/1.1", upstream: "http://10.0.30.9:8080/v1/report", host: "api.example.com"',
    ],
  },
  {
    id: 'io.send-returned-zero',
    cause: 'upstream_closed',
    contains: 'send() returned zero',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: 'src/os/unix/ngx_send.c (ngx_unix_send)',
    examples: [
      '2026/11/03 14:34:00 [alert] 1604#1604: *840 send() returned zero while sending request to upstream, client: 10.0.0.197, server: api.example.com, request: "POST /v1/report HTTP/1.1", upstream: "http://10.0.30.9:8080/v1/report", host: "api.example.com"',
    ],
  },
  {
    id: 'io.kevent-upstream-closed',
    cause: 'upstream_closed',
    contains: 'kevent() reported that upstream closed connection',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: 'src/event/ngx_event_pipe.c (ngx_event_pipe_read_upstream)',
    examples: [
      '2026/11/03 14:34:01 [error] 1604#1604: *841 kevent() reported that upstream closed connection (54: Connection reset by peer) while reading upstream, client: 127.0.0.1, server: localhost, request: "GET /big HTTP/1.1", upstream: "http://127.0.0.1:3000/big", host: "localhost:8080"',
    ],
  },
];
