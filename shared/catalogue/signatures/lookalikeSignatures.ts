import type { Signature } from '../../model/index.ts';

const REQUEST = 'src/http/ngx_http_request.c';
const UPSTREAM = 'src/http/ngx_http_upstream.c';
const CLIENT_IO =
  /^(?:(?:recv|send|writev|readv|sendfile|sendmsg|recvmsg|SSL_read|SSL_write|SSL_sendfile|WSARecv|WSASend)\(\) failed|kevent\(\) reported about an closed connection)/;

/**
 * Lines that look like proxy failures but concern the client, rate limits or static files. They come
 * before the upstream signatures so that a client-side `recv() failed` is never taken for a backend reset.
 */
export const LOOKALIKE_SIGNATURES: readonly Signature[] = [
  {
    id: 'lookalike.client-io-failed',
    cause: 'client_closed',
    contains: '() ',
    pattern: CLIENT_IO,
    phases: ['client'],
    status: null,
    severity: 'low',
    source:
      'src/os/unix/ngx_recv.c; ngx_send.c; ngx_writev_chain.c; ngx_readv_chain.c; ngx_linux_sendfile_chain.c; src/event/ngx_event_openssl.c',
    examples: [
      '2026/11/03 11:00:00 [info] 1500#1500: *700 recv() failed (104: Connection reset by peer) while reading client request line, client: 203.0.113.200, server: 0.0.0.0:80',
      '2026/11/03 11:00:01 [info] 1500#1500: *701 writev() failed (32: Broken pipe) while sending to client, client: 203.0.113.201, server: www.example.com, request: "GET /big.js HTTP/1.1", upstream: "http://127.0.0.1:8000/big.js", host: "www.example.com"',
      '2026/11/03 11:00:02 [info] 1500#1500: *702 SSL_write() failed (32: Broken pipe) while sending to client, client: 2001:db8::99, server: www.example.com, request: "GET /video.mp4 HTTP/2.0", host: "www.example.com"',
      // FreeBSD / macOS (kqueue): the errno is the BSD one.
      '2026/11/03 11:00:03 [info] 1500#1500: *703 kevent() reported about an closed connection (54: Connection reset by peer) while reading client request line, client: 203.0.113.202, server: 0.0.0.0:80',
    ],
  },
  {
    id: 'lookalike.client-prematurely-closed',
    cause: 'client_closed',
    contains: 'client prematurely closed connection',
    // 499 while nginx waits for the backend; when reading the request body nginx logs 400 and stops.
    status: { byPhase: { client: null }, otherwise: 499 },
    severity: 'low',
    source: `${UPSTREAM} (ngx_http_upstream_check_broken_connection); src/http/ngx_http_request_body.c`,
    examples: [
      '2026/11/03 11:01:00 [info] 1501#1501: *710 epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too while sending request to upstream, client: 10.0.0.110, server: api.example.com, request: "GET /v1/slow HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/slow", host: "api.example.com"',
      '2026/11/03 11:01:01 [info] 1501#1501: *711 client prematurely closed connection, so upstream connection is closed too while reading response header from upstream, client: 10.0.0.111, server: api.example.com, request: "GET /v1/slow HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/slow", host: "api.example.com"',
      '2026/11/03 11:01:02 [info] 1501#1501: *712 client prematurely closed connection while reading client request body, client: 10.0.0.112, server: upload.example.com, request: "POST /upload HTTP/1.1", host: "upload.example.com"',
      '2026/11/03 11:01:03 [info] 1501#1501: *713 kevent() reported that client prematurely closed connection, so upstream connection is closed too (54: Connection reset by peer) while reading response header from upstream, client: 10.0.0.113, server: api.example.com, request: "GET /v1/slow HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/slow", host: "api.example.com"',
    ],
  },
  {
    id: 'lookalike.client-closed-connection',
    cause: 'client_closed',
    contains: 'client closed connection',
    status: null,
    severity: 'low',
    source: `${REQUEST} (ngx_http_wait_request_handler, ngx_http_read_request_header)`,
    examples: [
      '2026/11/03 11:02:00 [info] 1502#1502: *720 client closed connection while waiting for request, client: 10.0.0.120, server: 0.0.0.0:80',
      '2026/11/03 11:02:01 [info] 1502#1502: *721 client closed connection while SSL handshaking, client: 10.0.0.121, server: 0.0.0.0:443',
    ],
  },
  {
    id: 'lookalike.client-closed-keepalive',
    cause: 'client_closed',
    contains: 'closed keepalive connection',
    status: null,
    severity: 'low',
    source: `${REQUEST} (ngx_http_set_keepalive)`,
    examples: ['2026/11/03 11:02:02 [info] 1502#1502: *722 client 10.0.0.122 closed keepalive connection'],
  },
  {
    id: 'lookalike.client-timed-out',
    cause: 'client_closed',
    contains: 'client timed out',
    status: null,
    severity: 'low',
    source: `${REQUEST}; ${UPSTREAM}; src/http/ngx_http_request_body.c`,
    examples: [
      '2026/11/03 11:03:00 [info] 1503#1503: *730 client timed out (110: Connection timed out) while reading client request headers, client: 10.0.0.130, server: www.example.com, request: "GET / HTTP/1.1", host: "www.example.com"',
      '2026/11/03 11:03:01 [info] 1503#1503: *731 client timed out (110: Connection timed out) while sending to client, client: 10.0.0.131, server: www.example.com, request: "GET /download.iso HTTP/1.1", upstream: "http://127.0.0.1:8000/download.iso", host: "www.example.com"',
    ],
  },
  {
    id: 'lookalike.client-body-too-large',
    cause: 'client_body_too_large',
    contains: 'client intended to send too large',
    status: 413,
    severity: 'low',
    source: 'src/http/ngx_http_core_module.c; src/http/ngx_http_request_body.c',
    examples: [
      '2026/11/03 11:04:00 [error] 1504#1504: *740 client intended to send too large body: 10485761 bytes, client: 10.0.0.140, server: upload.example.com, request: "POST /upload HTTP/1.1", host: "upload.example.com"',
      '2026/11/03 11:04:01 [error] 1504#1504: *741 client intended to send too large chunked body: 1048577+4096 bytes, client: 10.0.0.141, server: upload.example.com, request: "POST /upload HTTP/1.1", host: "upload.example.com"',
    ],
  },
  {
    id: 'lookalike.client-body-buffered-to-temp-file',
    cause: 'buffered_to_temp',
    contains: 'a client request body is buffered to a temporary file',
    status: null,
    severity: 'info',
    source: 'src/http/ngx_http_request_body.c (ngx_http_write_request_body)',
    examples: [
      '2026/11/03 11:05:00 [warn] 1505#1505: *750 a client request body is buffered to a temporary file /var/cache/nginx/client_temp/0000000007, client: 10.0.0.150, server: upload.example.com, request: "POST /upload HTTP/1.1", host: "upload.example.com"',
    ],
  },
  {
    id: 'lookalike.limit-dry-run',
    cause: 'rate_limited',
    contains: ', dry run',
    pattern: /^limiting (?:requests|connections), dry run/,
    status: null,
    severity: 'info',
    source: 'src/http/modules/ngx_http_limit_req_module.c; src/http/modules/ngx_http_limit_conn_module.c',
    examples: [
      '2026/11/03 11:06:00 [error] 1506#1506: *760 limiting requests, dry run, excess: 5.120 by zone "api", client: 10.0.0.160, server: api.example.com, request: "GET /v1/search HTTP/1.1", host: "api.example.com"',
    ],
  },
  {
    id: 'lookalike.limiting-requests',
    cause: 'rate_limited',
    contains: 'limiting requests',
    // limit_req_status, 503 unless configured otherwise.
    status: 503,
    severity: 'low',
    source: 'src/http/modules/ngx_http_limit_req_module.c (ngx_http_limit_req_handler)',
    examples: [
      '2026/11/03 11:06:01 [error] 1506#1506: *761 limiting requests, excess: 20.416 by zone "api_access_token", client: 10.0.0.161, server: api.example.com, request: "POST /v1/token HTTP/1.1", host: "api.example.com"',
    ],
  },
  {
    id: 'lookalike.limiting-connections',
    cause: 'rate_limited',
    contains: 'limiting connections',
    // limit_conn_status, 503 unless configured otherwise.
    status: 503,
    severity: 'low',
    source: 'src/http/modules/ngx_http_limit_conn_module.c (ngx_http_limit_conn_handler)',
    examples: [
      '2026/11/03 11:06:02 [error] 1506#1506: *762 limiting connections by zone "perip", client: 10.0.0.162, server: files.example.com, request: "GET /iso/debian.iso HTTP/1.1", host: "files.example.com"',
    ],
  },
  {
    id: 'lookalike.delaying-request',
    cause: 'rate_limited',
    contains: 'delaying request',
    status: null,
    severity: 'info',
    source: 'src/http/modules/ngx_http_limit_req_module.c (ngx_http_limit_req_handler)',
    examples: [
      '2026/11/03 11:06:03 [warn] 1506#1506: *763 delaying request, excess: 0.360, by zone "api", client: 10.0.0.163, server: api.example.com, request: "GET /v1/search HTTP/1.1", host: "api.example.com"',
    ],
  },
  {
    id: 'lookalike.static-file-not-found',
    cause: 'static_not_found',
    contains: 'open() "',
    errno: ['ENOENT', 'ENOTDIR'],
    phases: ['none'],
    levels: ['error'],
    status: 404,
    severity: 'info',
    source: 'src/http/modules/ngx_http_static_module.c; src/core/ngx_open_file_cache.c',
    examples: [
      '2026/11/03 11:07:00 [error] 1507#1507: *770 open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory), client: 10.0.0.170, server: www.example.com, request: "GET /favicon.ico HTTP/1.1", host: "www.example.com", referrer: "https://www.example.com/"',
      '2026/11/03 11:07:01 [error] 1507#1507: *771 open() "/var/www/html/wp-login.php/x" failed (20: Not a directory), client: 45.9.20.1, server: _, request: "GET /wp-login.php/x HTTP/1.1", host: "203.0.113.5"',
    ],
  },
  {
    id: 'lookalike.static-file-forbidden',
    cause: 'static_not_found',
    contains: 'open() "',
    errno: ['EACCES'],
    phases: ['none'],
    levels: ['error', 'crit'],
    status: 403,
    severity: 'low',
    source: 'src/http/modules/ngx_http_static_module.c; src/core/ngx_open_file_cache.c',
    examples: [
      '2026/11/03 11:07:02 [error] 1507#1507: *772 open() "/var/www/app/public/.env" failed (13: Permission denied), client: 10.0.0.172, server: app.example.com, request: "GET /.env HTTP/1.1", host: "app.example.com"',
    ],
  },
  {
    id: 'lookalike.index-not-found',
    cause: 'static_not_found',
    contains: '" is not found',
    status: 404,
    severity: 'info',
    source: 'src/http/modules/ngx_http_index_module.c',
    examples: [
      '2026/11/03 11:07:03 [error] 1507#1507: *773 "/var/www/html/docs/index.html" is not found (2: No such file or directory), client: 10.0.0.173, server: www.example.com, request: "GET /docs/ HTTP/1.1", host: "www.example.com"',
    ],
  },
  {
    id: 'lookalike.index-forbidden',
    cause: 'static_not_found',
    contains: '" is forbidden',
    status: 403,
    severity: 'low',
    source: 'src/http/modules/ngx_http_index_module.c; src/http/modules/ngx_http_autoindex_module.c',
    examples: [
      '2026/11/03 11:07:04 [error] 1507#1507: *774 directory index of "/var/www/html/uploads/" is forbidden, client: 10.0.0.174, server: www.example.com, request: "GET /uploads/ HTTP/1.1", host: "www.example.com"',
      '2026/11/03 11:07:05 [error] 1507#1507: *775 "/var/www/html/private/index.html" is forbidden (13: Permission denied), client: 10.0.0.175, server: www.example.com, request: "GET /private/ HTTP/1.1", host: "www.example.com"',
    ],
  },
  {
    id: 'lookalike.access-forbidden-by-rule',
    cause: 'static_not_found',
    contains: 'access forbidden by rule',
    status: 403,
    severity: 'info',
    source: 'src/http/modules/ngx_http_access_module.c',
    examples: [
      '2026/11/03 11:07:06 [error] 1507#1507: *776 access forbidden by rule, client: 198.51.100.50, server: admin.example.com, request: "GET /admin HTTP/1.1", host: "admin.example.com"',
    ],
  },
];
