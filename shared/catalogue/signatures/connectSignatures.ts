import type { Signature } from '../../model/index.ts';
import { INTERNAL_ERROR_WHILE_CONNECTING } from './statusRules.ts';

const EVENT_CONNECT = 'src/event/ngx_event_connect.c';
const TEST_CONNECT = 'src/http/ngx_http_upstream.c (ngx_http_upstream_test_connect)';

/**
 * Opening the connection to the backend: `connect() to <peer> failed` when connect(2) fails at once
 * (ngx_event_connect_peer) and `connect() failed` when the error surfaces later through SO_ERROR
 * (ngx_http_upstream_test_connect). Unix-socket cases come first: the same errno means something else there.
 */
export const CONNECT_SIGNATURES: readonly Signature[] = [
  {
    id: 'connect.unix-socket-missing',
    cause: 'socket_missing',
    contains: 'connect() to unix:',
    errno: ['ENOENT', 'ENOTDIR'],
    status: 502,
    severity: 'critical',
    source: EVENT_CONNECT,
    examples: [
      '2026/11/03 14:02:11 [crit] 2817#2817: *4512 connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream, client: 172.31.7.14, server: shop.example.com, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "shop.example.com"',
      '2026/11/03 14:05:40 [crit] 911#911: *88 connect() to unix:/run/gunicorn/app.sock failed (2: No such file or directory) while connecting to upstream, client: 2001:db8::7, server: api.example.com, request: "POST /v1/login HTTP/2.0", upstream: "http://unix:/run/gunicorn/app.sock:/v1/login", host: "api.example.com", referrer: "https://app.example.com/"',
    ],
  },
  {
    id: 'connect.unix-socket-permission',
    cause: 'socket_permission',
    contains: 'connect() to unix:',
    errno: ['EACCES'],
    status: 502,
    severity: 'high',
    source: EVENT_CONNECT,
    examples: [
      '2026/11/03 09:12:44 [crit] 3102#3102: *17 connect() to unix:/var/run/php/php8.1-fpm.sock failed (13: Permission denied) while connecting to upstream, client: 203.0.113.9, server: blog.example.org, request: "GET /wp-admin/ HTTP/1.1", upstream: "fastcgi://unix:/var/run/php/php8.1-fpm.sock:", host: "blog.example.org"',
    ],
  },
  {
    id: 'connect.unix-socket-backlog-full',
    cause: 'backend_overloaded',
    contains: 'connect() to unix:',
    errno: ['EAGAIN'],
    status: 502,
    severity: 'high',
    source: EVENT_CONNECT,
    examples: [
      '2026/11/03 18:30:02 [error] 1403#1403: *992311 connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream, client: 10.0.3.41, server: shop.example.com, request: "GET /checkout HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "shop.example.com"',
    ],
  },
  {
    id: 'connect.selinux-denied',
    cause: 'selinux_denied',
    contains: 'connect()',
    errno: ['EACCES'],
    unixSocket: false,
    status: 502,
    severity: 'high',
    source: `${EVENT_CONNECT}; ${TEST_CONNECT}`,
    examples: [
      '2026/11/03 10:00:07 [crit] 2211#2211: *5 connect() to 127.0.0.1:8080 failed (13: Permission denied) while connecting to upstream, client: 192.0.2.44, server: intranet.example.com, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8080/", host: "intranet.example.com"',
    ],
  },
  {
    id: 'connect.refused',
    cause: 'upstream_refused',
    contains: 'connect()',
    errno: ['ECONNREFUSED'],
    status: 502,
    severity: 'high',
    source: `${TEST_CONNECT}; ${EVENT_CONNECT}`,
    examples: [
      '2026/11/03 14:02:11 [error] 2817#2817: *4512 connect() failed (111: Connection refused) while connecting to upstream, client: 172.31.7.14, server: api.example.com, request: "GET /v1/orders HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/orders", host: "api.example.com"',
      '2026/11/03 14:02:12 [error] 2818#2818: *4520 connect() failed (111: Connection refused) while connecting to upstream, client: 2600:1f18:abc::12, server: api.example.com, request: "GET /v1/orders?page=2 HTTP/1.1", upstream: "http://[::1]:8000/v1/orders?page=2", host: "api.example.com"',
      '2026/11/03 14:02:13 [error] 2819#2819: *4533 connect() to 10.0.4.17:9000 failed (111: Connection refused) while connecting to upstream, client: 10.0.1.5, server: _, request: "GET /health HTTP/1.1", upstream: "fastcgi://10.0.4.17:9000", host: "10.0.1.20"',
      '2026/11/03 14:02:14 [error] 2817#2817: *4540 connect() to unix:/run/uwsgi/app.sock failed (111: Connection refused) while connecting to upstream, client: 172.31.7.14, server: app.example.com, request: "GET / HTTP/1.1", upstream: "uwsgi://unix:/run/uwsgi/app.sock:", host: "app.example.com"',
      // macOS / FreeBSD (kqueue): 61 is ECONNREFUSED there; Windows: 10061.
      '2026/11/03 14:02:15 [error] 51234#0: *7 kevent() reported that connect() failed (61: Connection refused) while connecting to upstream, client: 127.0.0.1, server: localhost, request: "GET /api/users HTTP/1.1", upstream: "http://127.0.0.1:3000/api/users", host: "localhost:8080"',
      '2026/11/03 14:02:16 [error] 51234#0: *8 connect() to [::1]:3000 failed (61: Connection refused) while connecting to upstream, client: ::1, server: localhost, request: "GET / HTTP/1.1", upstream: "http://[::1]:3000/", host: "localhost:8080"',
      '2026/11/03 14:02:17 [error] 5356#7364: *9 connect() failed (10061: No connection could be made because the target machine actively refused it) while connecting to upstream, client: 127.0.0.1, server: localhost, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8080/", host: "localhost"',
    ],
  },
  {
    id: 'connect.port-exhaustion',
    cause: 'port_exhaustion',
    contains: 'connect()',
    errno: ['EADDRNOTAVAIL'],
    status: 502,
    severity: 'critical',
    source: EVENT_CONNECT,
    examples: [
      '2026/11/03 21:15:59 [crit] 5120#5120: *3012448 connect() to 10.0.8.30:8080 failed (99: Cannot assign requested address) while connecting to upstream, client: 10.0.2.9, server: api.example.com, request: "GET /v2/items/8812 HTTP/1.1", upstream: "http://10.0.8.30:8080/v2/items/8812", host: "api.example.com"',
    ],
  },
  {
    id: 'connect.reset',
    cause: 'upstream_reset',
    contains: 'connect()',
    errno: ['ECONNRESET'],
    status: 502,
    severity: 'high',
    source: `${TEST_CONNECT}; ${EVENT_CONNECT}`,
    examples: [
      '2026/11/03 14:20:31 [error] 812#812: *661 connect() failed (104: Connection reset by peer) while connecting to upstream, client: 198.51.100.23, server: www.example.com, request: "GET /cart HTTP/1.1", upstream: "http://backend_pool/cart", host: "www.example.com"',
    ],
  },
  {
    id: 'connect.unreachable',
    cause: 'upstream_unreachable',
    contains: 'connect()',
    errno: ['EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EHOSTDOWN', 'ENETDOWN'],
    status: 502,
    severity: 'high',
    source: `${TEST_CONNECT}; ${EVENT_CONNECT}`,
    examples: [
      '2026/11/03 03:41:09 [error] 1770#1770: *120 connect() failed (113: No route to host) while connecting to upstream, client: 10.0.0.12, server: api.example.com, request: "GET /v1/status HTTP/1.1", upstream: "http://10.0.12.7:8080/v1/status", host: "api.example.com"',
      '2026/11/03 03:41:10 [error] 1770#1770: *121 connect() to [2001:db8:10::5]:8080 failed (101: Network is unreachable) while connecting to upstream, client: 10.0.0.12, server: api.example.com, request: "GET /v1/status HTTP/1.1", upstream: "http://[2001:db8:10::5]:8080/v1/status", host: "api.example.com"',
      '2026/11/03 03:44:30 [error] 1771#1771: *140 connect() failed (110: Connection timed out) while connecting to upstream, client: 10.0.0.13, server: api.example.com, request: "POST /v1/upload HTTP/1.1", upstream: "http://10.0.12.7:8080/v1/upload", host: "api.example.com"',
      '2026/11/03 03:44:31 [error] 812#0: *141 kevent() reported that connect() failed (65: No route to host) while connecting to upstream, client: 10.0.0.13, server: api.example.com, request: "GET /v1/status HTTP/1.1", upstream: "http://10.0.12.7:8080/v1/status", host: "api.example.com"',
      '2026/11/03 03:44:32 [error] 812#0: *142 kevent() reported that connect() failed (60: Operation timed out) while connecting to upstream, client: 10.0.0.13, server: api.example.com, request: "GET /v1/status HTTP/1.1", upstream: "http://10.0.12.7:8080/v1/status", host: "api.example.com"',
    ],
  },
  {
    id: 'connect.failed-other',
    cause: 'upstream_unreachable',
    contains: 'connect()',
    pattern: /^(?:connect\(\) to .+ failed|connect\(\) failed|kevent\(\) reported that connect\(\) failed)/,
    status: 502,
    severity: 'medium',
    source: `${EVENT_CONNECT}; ${TEST_CONNECT}`,
    examples: [
      '2026/11/03 12:00:00 [crit] 402#402: *9 connect() to 10.0.5.5:8080 failed (22: Invalid argument) while connecting to upstream, client: 10.0.0.2, server: api.example.com, request: "GET / HTTP/1.1", upstream: "http://10.0.5.5:8080/", host: "api.example.com"',
    ],
  },
  {
    id: 'connect.socket-fd-exhaustion',
    cause: 'fd_exhaustion',
    contains: 'socket() failed',
    errno: ['EMFILE', 'ENFILE'],
    status: INTERNAL_ERROR_WHILE_CONNECTING,
    severity: 'critical',
    source: EVENT_CONNECT,
    examples: [
      '2026/11/03 22:01:45 [alert] 6001#6001: *1048001 socket() failed (24: Too many open files) while connecting to upstream, client: 10.0.2.77, server: api.example.com, request: "GET /v1/feed HTTP/1.1", upstream: "http://10.0.8.31:8080/v1/feed", host: "api.example.com"',
    ],
  },
  {
    id: 'connect.socket-failed',
    cause: 'upstream_unreachable',
    contains: 'socket() failed',
    status: INTERNAL_ERROR_WHILE_CONNECTING,
    severity: 'medium',
    source: EVENT_CONNECT,
    examples: [
      '2026/11/03 08:00:12 [alert] 77#77: *3 socket() failed (97: Address family not supported by protocol) while connecting to upstream, client: 172.17.0.1, server: localhost, request: "GET /api/ HTTP/1.1", upstream: "http://[::1]:3000/api/", host: "localhost:8080"',
    ],
  },
  {
    id: 'connect.bind-local-address',
    cause: 'port_exhaustion',
    contains: ') failed',
    pattern: /^bind\([^)]*\) failed/,
    status: INTERNAL_ERROR_WHILE_CONNECTING,
    severity: 'critical',
    source: EVENT_CONNECT,
    examples: [
      '2026/11/03 21:16:03 [crit] 5121#5121: *3012990 bind(10.0.1.20) failed (99: Cannot assign requested address) while connecting to upstream, client: 10.0.2.9, server: api.example.com, request: "GET /v2/items HTTP/1.1", upstream: "http://10.0.8.30:8080/v2/items", host: "api.example.com"',
      '2026/11/03 21:16:04 [crit] 5121#5121: *3012991 bind(10.0.1.20) failed (98: Address already in use) while connecting to upstream, client: 10.0.2.10, server: api.example.com, request: "GET /v2/items HTTP/1.1", upstream: "http://10.0.8.30:8080/v2/items", host: "api.example.com"',
    ],
  },
  {
    id: 'connect.worker-connections-not-enough',
    cause: 'fd_exhaustion',
    contains: 'worker_connections are not enough',
    status: INTERNAL_ERROR_WHILE_CONNECTING,
    severity: 'critical',
    source: 'src/core/ngx_connection.c (ngx_get_connection)',
    examples: [
      '2026/11/03 22:01:40 [alert] 6001#6001: *1047990 768 worker_connections are not enough while connecting to upstream, client: 10.0.2.71, server: api.example.com, request: "GET /v1/feed HTTP/1.1", upstream: "http://10.0.8.31:8080/v1/feed", host: "api.example.com"',
      '2026/11/03 22:01:41 [alert] 6002#6002: 768 worker_connections are not enough',
      '2026/11/03 22:01:42 [warn] 6003#6003: 1024 worker_connections are not enough, reusing connections',
    ],
  },
  {
    id: 'connect.accept-fd-exhaustion',
    cause: 'fd_exhaustion',
    contains: 'accept',
    pattern: /^accept4?\(\) failed/,
    errno: ['EMFILE', 'ENFILE'],
    status: null,
    severity: 'critical',
    source: 'src/event/ngx_event_accept.c',
    examples: ['2026/11/03 22:01:46 [crit] 6001#6001: accept4() failed (24: Too many open files)'],
  },
  {
    id: 'connect.worker-connections-exceed-nofile',
    cause: 'fd_exhaustion',
    contains: 'worker_connections exceed open file resource limit',
    status: null,
    severity: 'medium',
    source: 'src/event/ngx_event.c',
    examples: [
      '2026/11/03 06:00:01 [warn] 1#1: 4096 worker_connections exceed open file resource limit: 1024',
    ],
  },
  {
    id: 'connect.socket-option-failed',
    cause: 'config_invalid',
    contains: ') failed (',
    // proxy_bind transparent, proxy_socket_keepalive, buffers: the connection is not opened (500), or
    // TCP_CORK / TCP_NOPUSH fails while the request is sent.
    pattern:
      /^(?:setsockopt\([A-Z0-9_]{1,40}(?:, -?\d{1,12})?\)|ioctl\(FIONBIO\)|fcntl\(O_NONBLOCK\)) failed \(/,
    phases: ['connect', 'send'],
    status: 500,
    severity: 'medium',
    source: `${EVENT_CONNECT} (ngx_event_connect_peer); src/http/ngx_http_upstream.c (ngx_http_upstream_send_request)`,
    examples: [
      '2026/11/03 12:01:00 [alert] 402#402: *10 setsockopt(IP_TRANSPARENT) failed (1: Operation not permitted) while connecting to upstream, client: 10.0.0.2, server: api.example.com, request: "GET / HTTP/1.1", upstream: "http://10.0.5.5:8080/", host: "api.example.com"',
      '2026/11/03 12:01:01 [crit] 402#402: *11 setsockopt(TCP_CORK) failed (9: Bad file descriptor) while sending request to upstream, client: 10.0.0.2, server: api.example.com, request: "POST / HTTP/1.1", upstream: "http://10.0.5.5:8080/", host: "api.example.com"',
    ],
  },
  {
    id: 'connect.socket-option-ignored',
    cause: 'config_invalid',
    contains: 'failed, ignored',
    pattern: /^setsockopt\(/,
    status: null,
    severity: 'low',
    source: EVENT_CONNECT,
    examples: [
      '2026/11/03 12:01:02 [alert] 402#402: *12 setsockopt(SO_KEEPALIVE) failed, ignored (22: Invalid argument) while connecting to upstream, client: 10.0.0.2, server: api.example.com, request: "GET / HTTP/1.1", upstream: "http://10.0.5.5:8080/", host: "api.example.com"',
    ],
  },
  {
    id: 'connect.transparent-ipv6-unsupported',
    cause: 'config_invalid',
    contains: 'could not enable transparent proxying for IPv6',
    status: INTERNAL_ERROR_WHILE_CONNECTING,
    severity: 'medium',
    source: EVENT_CONNECT,
    examples: [
      '2026/11/03 12:01:03 [alert] 402#402: *13 could not enable transparent proxying for IPv6 on this platform while connecting to upstream, client: 2001:db8::2, server: api.example.com, request: "GET / HTTP/1.1", upstream: "http://[2001:db8::5]:8080/", host: "api.example.com"',
    ],
  },
  {
    id: 'connect.socket-number-above-limit',
    cause: 'fd_exhaustion',
    contains: 'files are available',
    pattern: /^the new socket has number \d{1,12}, but only \d{1,12} files are available/,
    status: INTERNAL_ERROR_WHILE_CONNECTING,
    severity: 'critical',
    source: 'src/core/ngx_connection.c (ngx_get_connection)',
    examples: [
      '2026/11/03 22:01:47 [alert] 6001#6001: *1048002 the new socket has number 1024, but only 1024 files are available while connecting to upstream, client: 10.0.2.78, server: api.example.com, request: "GET /v1/feed HTTP/1.1", upstream: "http://10.0.8.31:8080/v1/feed", host: "api.example.com"',
    ],
  },
];
