import type { Signature } from '../../model/index.ts';
import { BAD_GATEWAY_BEFORE_BODY, BODY_IS_AFTER_STATUS, GATEWAY_TIMEOUT_BEFORE_BODY } from './statusRules.ts';

const UPSTREAM = 'src/http/ngx_http_upstream.c';

/** Messages of the protocol-independent upstream core (every *_pass module goes through it). */
export const UPSTREAM_SIGNATURES: readonly Signature[] = [
  {
    id: 'upstream.no-live-upstreams',
    cause: 'no_live_upstreams',
    contains: 'no live upstreams',
    status: 502,
    severity: 'critical',
    source: `${UPSTREAM} (ngx_http_upstream_connect); src/stream/ngx_stream_proxy_module.c`,
    examples: [
      '2026/11/03 14:02:15 [error] 2817#2817: *4560 no live upstreams while connecting to upstream, client: 172.31.7.14, server: api.example.com, request: "GET /v1/orders HTTP/1.1", upstream: "http://app_backend/v1/orders", host: "api.example.com"',
      '2026/11/03 14:02:16 [error] 2817#2817: *4561 no live upstreams while connecting to upstream, client: 172.31.9.3, server: grpc.example.com, request: "POST /orders.OrderService/Get HTTP/2.0", upstream: "grpc://orders_grpc", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'upstream.server-temporarily-disabled',
    // A companion line: logged beside the failing attempt (same connection) when max_fails is reached.
    // It is evidence for that failure, not a second one, so its cause sits in the noise group.
    cause: 'upstream_server_disabled',
    contains: 'upstream server temporarily disabled',
    status: null,
    severity: 'low',
    source: 'src/http/ngx_http_upstream_round_robin.c (ngx_http_upstream_free_round_robin_peer)',
    examples: [
      '2026/11/03 14:02:14 [warn] 2817#2817: *4550 upstream server temporarily disabled while connecting to upstream, client: 172.31.7.14, server: api.example.com, request: "GET /v1/orders HTTP/1.1", upstream: "http://10.0.4.17:8000/v1/orders", host: "api.example.com"',
      '2026/11/03 14:02:14 [warn] 2818#2818: *4551 upstream server temporarily disabled while reading response header from upstream, client: 172.31.7.15, server: api.example.com, request: "GET /v1/cart HTTP/1.1", upstream: "http://10.0.4.18:8000/v1/cart", host: "api.example.com"',
    ],
  },
  {
    id: 'upstream.connect-timed-out',
    cause: 'connect_timeout',
    contains: 'upstream timed out',
    phases: ['connect', 'handshake'],
    status: 504,
    severity: 'high',
    source: `${UPSTREAM} (ngx_http_upstream_next, connect_timeout timer)`,
    examples: [
      '2026/11/03 16:44:02 [error] 3301#3301: *7781 upstream timed out (110: Connection timed out) while connecting to upstream, client: 10.0.1.88, server: api.example.com, request: "GET /v1/reports HTTP/1.1", upstream: "http://10.0.22.14:8080/v1/reports", host: "api.example.com"',
      '2026/11/03 16:44:05 [error] 3301#3301: *7790 upstream timed out (110: Connection timed out) while SSL handshaking to upstream, client: 10.0.1.88, server: pay.example.com, request: "POST /charge HTTP/1.1", upstream: "https://10.0.22.15:8443/charge", host: "pay.example.com"',
    ],
  },
  {
    id: 'upstream.timed-out',
    cause: 'upstream_timeout',
    contains: 'upstream timed out',
    status: GATEWAY_TIMEOUT_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'high',
    source: `${UPSTREAM} (ngx_http_upstream_next, process_upstream, process_non_buffered_upstream)`,
    examples: [
      '2026/11/03 16:45:12 [error] 3302#3302: *7801 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 203.0.113.50, server: shop.example.com, request: "POST /admin/export HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "shop.example.com", referrer: "https://shop.example.com/admin"',
      '2026/11/03 16:45:13 [error] 3302#3302: *7802 upstream timed out (110: Connection timed out) while sending request to upstream, client: 203.0.113.51, server: upload.example.com, request: "PUT /files/big.iso HTTP/1.1", upstream: "http://files_backend/files/big.iso", host: "upload.example.com"',
      '2026/11/03 16:45:14 [error] 3303#3303: *7810 upstream timed out (110: Connection timed out) while reading upstream, client: 203.0.113.52, server: stream.example.com, request: "GET /events HTTP/1.1", upstream: "http://127.0.0.1:3000/events", host: "stream.example.com"',
      '2026/11/03 16:45:15 [error] 3303#3303: *7811 upstream timed out (110: Connection timed out) while proxying upgraded connection, client: 203.0.113.53, server: ws.example.com, request: "GET /socket HTTP/1.1", upstream: "http://127.0.0.1:3001/socket", host: "ws.example.com"',
    ],
  },
  {
    id: 'upstream.prematurely-closed',
    cause: 'upstream_closed',
    contains: 'upstream prematurely closed connection',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'high',
    source: `${UPSTREAM} (process_header, process_request, process_non_buffered_request)`,
    examples: [
      '2026/11/03 11:20:54 [error] 1402#1402: *3021 upstream prematurely closed connection while reading response header from upstream, client: 172.31.40.2, server: api.example.com, request: "GET /v1/profile HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/profile", host: "api.example.com"',
      '2026/11/03 11:20:55 [error] 1402#1402: *3030 upstream prematurely closed connection while reading upstream, client: 172.31.40.3, server: cdn.example.com, request: "GET /video/intro.mp4 HTTP/1.1", upstream: "http://media_origin/video/intro.mp4", host: "cdn.example.com"',
      '2026/11/03 11:20:56 [error] 1403#1403: *3040 upstream prematurely closed connection while reading response header from upstream, client: 172.31.40.4, server: py.example.com, request: "GET /dashboard HTTP/1.1", upstream: "uwsgi://unix:/run/uwsgi/app.sock:", host: "py.example.com"',
    ],
  },
  {
    id: 'upstream.too-big-header',
    cause: 'header_too_big',
    contains: 'upstream sent too big header',
    status: 502,
    severity: 'high',
    source: `${UPSTREAM} (ngx_http_upstream_process_header)`,
    examples: [
      '2026/11/03 13:07:19 [error] 2100#2100: *511 upstream sent too big header while reading response header from upstream, client: 198.51.100.7, server: sso.example.com, request: "GET /oauth/callback?code=x HTTP/1.1", upstream: "http://127.0.0.1:8080/oauth/callback?code=x", host: "sso.example.com"',
      '2026/11/03 13:07:20 [error] 2100#2100: *512 upstream sent too big header while reading response header from upstream, client: 198.51.100.8, server: shop.example.com, request: "GET /customer/account/ HTTP/2.0", upstream: "fastcgi://127.0.0.1:9000", host: "shop.example.com"',
    ],
  },
  {
    id: 'upstream.buffer-too-small-for-subrequest',
    cause: 'header_too_big',
    contains: 'upstream buffer is too small to read response',
    status: null,
    severity: 'medium',
    source: `${UPSTREAM} (ngx_http_upstream_process_body_in_memory)`,
    examples: [
      '2026/11/03 13:09:00 [alert] 2101#2101: *520 upstream buffer is too small to read response while reading upstream, client: 198.51.100.9, server: www.example.com, request: "GET /page HTTP/1.1", subrequest: "/auth", upstream: "http://127.0.0.1:9001/auth", host: "www.example.com"',
    ],
  },
  {
    id: 'upstream.duplicate-header-ignored',
    cause: 'invalid_response',
    contains: 'upstream sent duplicate header line',
    levels: ['warn', 'notice', 'info'],
    status: null,
    severity: 'low',
    source: `${UPSTREAM} (ngx_http_upstream_process_header_line, nginx >= 1.23)`,
    examples: [
      '2026/11/03 10:10:10 [warn] 900#900: *41 upstream sent duplicate header line: "Date: Tue, 03 Nov 2026 10:10:10 GMT", previous value: "Date: Tue, 03 Nov 2026 10:10:10 GMT", ignored while reading response header from upstream, client: 10.0.0.8, server: app.example.com, request: "GET /ws HTTP/1.1", upstream: "http://127.0.0.1:5000/ws", host: "app.example.com"',
    ],
  },
  {
    id: 'upstream.duplicate-header',
    cause: 'invalid_response',
    contains: 'upstream sent duplicate header line',
    status: 502,
    severity: 'medium',
    source: `${UPSTREAM} (process_content_length, process_transfer_encoding, nginx >= 1.23)`,
    examples: [
      '2026/11/03 10:11:00 [error] 900#900: *45 upstream sent duplicate header line: "Transfer-Encoding: chunked", previous value: "Transfer-Encoding: chunked" while reading response header from upstream, client: 10.0.0.8, server: app.example.com, request: "GET /report HTTP/1.1", upstream: "http://127.0.0.1:5000/report", host: "app.example.com"',
    ],
  },
  {
    id: 'upstream.content-length-and-transfer-encoding',
    cause: 'invalid_response',
    contains: 'upstream sent "Content-Length" and "Transfer-Encoding" headers at the same time',
    status: 502,
    severity: 'medium',
    source: `${UPSTREAM} (ngx_http_upstream_process_transfer_encoding, nginx >= 1.23)`,
    examples: [
      '2026/11/03 10:12:00 [error] 900#900: *50 upstream sent "Content-Length" and "Transfer-Encoding" headers at the same time while reading response header from upstream, client: 10.0.0.9, server: app.example.com, request: "GET /export.csv HTTP/1.1", upstream: "http://127.0.0.1:5000/export.csv", host: "app.example.com"',
    ],
  },
  {
    id: 'upstream.invalid-content-length',
    cause: 'invalid_response',
    contains: 'upstream sent invalid "Content-Length" header',
    status: 502,
    severity: 'medium',
    source: `${UPSTREAM} (ngx_http_upstream_process_content_length, nginx >= 1.23)`,
    examples: [
      '2026/11/03 10:13:00 [error] 900#900: *52 upstream sent invalid "Content-Length" header: "Content-Length: 12, 12" while reading response header from upstream, client: 10.0.0.9, server: app.example.com, request: "GET /a HTTP/1.1", upstream: "http://127.0.0.1:5000/a", host: "app.example.com"',
    ],
  },
  {
    id: 'upstream.unknown-transfer-encoding',
    cause: 'invalid_response',
    contains: 'upstream sent unknown "Transfer-Encoding"',
    status: 502,
    severity: 'medium',
    source: `${UPSTREAM} (ngx_http_upstream_process_transfer_encoding, nginx >= 1.23)`,
    examples: [
      '2026/11/03 10:14:00 [error] 900#900: *53 upstream sent unknown "Transfer-Encoding": "gzip, chunked" while reading response header from upstream, client: 10.0.0.9, server: app.example.com, request: "GET /b HTTP/1.1", upstream: "http://127.0.0.1:5000/b", host: "app.example.com"',
    ],
  },
  {
    id: 'upstream.buffered-to-temp-file',
    cause: 'buffered_to_temp',
    contains: 'upstream response is buffered to a temporary file',
    status: null,
    severity: 'info',
    source: `${UPSTREAM} (ngx_http_upstream_send_response); src/event/ngx_event_pipe.c`,
    examples: [
      '2026/11/03 15:00:01 [warn] 2817#2817: *5001 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/4/21/0000000214 while reading upstream, client: 172.31.7.20, server: files.example.com, request: "GET /exports/2026-11.zip HTTP/1.1", upstream: "http://127.0.0.1:8000/exports/2026-11.zip", host: "files.example.com"',
      '2026/11/03 15:00:02 [warn] 2817#2817: *5002 an upstream response is buffered to a temporary file /var/lib/nginx/fastcgi/1/00/0000000001 while reading upstream, client: 172.31.7.21, server: shop.example.com, request: "GET /media/catalog.pdf HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "shop.example.com"',
    ],
  },
  {
    id: 'upstream.no-port',
    cause: 'config_invalid',
    contains: 'no port in upstream',
    status: 500,
    severity: 'medium',
    source: `${UPSTREAM} (ngx_http_upstream_init_request)`,
    examples: [
      '2026/11/03 12:30:00 [error] 301#301: *12 no port in upstream "backend.internal", client: 10.0.0.4, server: api.example.com, request: "GET /x HTTP/1.1", host: "api.example.com"',
    ],
  },
  {
    id: 'upstream.prematurely-sent-response',
    cause: 'invalid_response',
    contains: 'upstream prematurely sent response',
    status: BAD_GATEWAY_BEFORE_BODY,
    severity: 'medium',
    source: `${UPSTREAM} (ngx_http_upstream_process_header, nginx >= 1.28.2)`,
    examples: [
      '2026/11/03 10:15:00 [error] 900#900: *54 upstream prematurely sent response while sending request to upstream, client: 10.0.0.9, server: app.example.com, request: "POST /upload HTTP/1.1", upstream: "http://127.0.0.1:5000/upload", host: "app.example.com"',
    ],
  },
  {
    id: 'upstream.too-big-early-hints',
    cause: 'header_too_big',
    contains: 'upstream sent too big early hints',
    // The 103 is dropped and the request goes on: no status of its own.
    status: null,
    severity: 'low',
    source: `${UPSTREAM} (ngx_http_upstream_process_early_hints, nginx >= 1.29.0)`,
    examples: [
      '2026/11/03 10:16:00 [info] 900#900: *55 upstream sent too big early hints while reading response header from upstream, client: 10.0.0.9, server: app.example.com, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:5000/", host: "app.example.com"',
    ],
  },
  {
    id: 'upstream.zone-memory-exhausted',
    cause: 'config_invalid',
    contains: 'memory exhausted',
    pattern: /^cannot add new server to upstream "/,
    // Servers resolved at run time do not fit the zone: requests then find fewer (or no) live servers.
    status: null,
    severity: 'high',
    source: 'src/http/modules/ngx_http_upstream_zone_module.c (nginx >= 1.27.3)',
    examples: [
      '2026/11/03 10:17:00 [error] 900#900: cannot add new server to upstream "backend", memory exhausted',
    ],
  },
];
