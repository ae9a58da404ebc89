import type { Signature } from '../../model/index.ts';

const CONF = 'src/core/ngx_conf_file.c (ngx_conf_log_error)';

/**
 * Start-up and configuration problems: nginx cannot bind, write its pid, or accept its config, plus the
 * few configuration mistakes that only show while serving (500s). The catch-all for any other [emerg]
 * is exported separately so it can go last.
 */
export const CONFIG_SIGNATURES: readonly Signature[] = [
  {
    id: 'config.listen-bind-failed',
    cause: 'bind_failed',
    contains: 'bind() to ',
    status: null,
    severity: 'critical',
    source: 'src/core/ngx_connection.c (ngx_open_listening_sockets)',
    examples: [
      '2026/11/03 06:00:00 [emerg] 1190#1190: bind() to 0.0.0.0:80 failed (98: Address already in use)',
      '2026/11/03 06:00:00 [emerg] 1190#1190: bind() to [::]:443 failed (13: Permission denied)',
      '2026/11/03 06:00:00 [emerg] 1190#1190: bind() to 10.0.1.99:80 failed (99: Cannot assign requested address)',
      // nginx's own stderr, as the terminal and systemd's journal capture it.
      'nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)',
      'Nov 03 06:00:01 ip-10-0-1-20 nginx[1190]: nginx: [emerg] bind() to [::]:80 failed (98: Address already in use)',
      '2026-11-03T06:00:01+0000 ip-10-0-1-20 nginx[1190]: nginx: [emerg] bind() to 0.0.0.0:443 failed (48: Address already in use)',
    ],
  },
  {
    id: 'config.still-could-not-bind',
    cause: 'bind_failed',
    contains: 'still could not bind()',
    status: null,
    severity: 'critical',
    source: 'src/core/ngx_connection.c (ngx_open_listening_sockets)',
    examples: ['2026/11/03 06:00:02 [emerg] 1190#1190: still could not bind()'],
  },
  {
    id: 'config.pid-file',
    cause: 'pid_permission',
    contains: '.pid" failed',
    status: null,
    severity: 'high',
    source: 'src/core/ngx_cycle.c (ngx_create_pidfile, ngx_signal_process)',
    examples: [
      '2026/11/03 06:00:00 [emerg] 2044#2044: open() "/run/nginx.pid" failed (13: Permission denied)',
      '2026/11/03 06:00:00 [error] 2045#2045: open() "/run/nginx.pid" failed (2: No such file or directory)',
      'nginx: [emerg] open() "/run/nginx.pid" failed (13: Permission denied)',
      'Nov 03 06:00:01 ip-10-0-1-20 systemd[1]: nginx: [error] open() "/run/nginx.pid" failed (2: No such file or directory)',
    ],
  },
  {
    id: 'config.test-failed',
    cause: 'config_invalid',
    contains: ' test failed',
    pattern: /^configuration file [^\n]{1,4096} test failed$/,
    status: null,
    severity: 'high',
    source: 'src/core/nginx.c (main, nginx -t)',
    examples: [
      'nginx: configuration file /etc/nginx/nginx.conf test failed',
      'Nov 03 06:00:01 ip-10-0-1-20 nginx[2051]: nginx: configuration file /etc/nginx/nginx.conf test failed',
    ],
  },
  {
    id: 'config.signal-kill-failed',
    cause: 'pid_permission',
    contains: 'kill(',
    pattern: /^kill\(\d+, \d+\) failed/,
    status: null,
    severity: 'high',
    source: 'src/os/unix/ngx_process.c (ngx_os_signal_process)',
    examples: ['2026/11/03 06:10:00 [alert] 2050#2050: kill(1888, 1) failed (1: Operation not permitted)'],
  },
  {
    id: 'config.user-directive-ignored',
    cause: 'pid_permission',
    contains: 'makes sense only if the master process runs with super-user privileges',
    status: null,
    severity: 'medium',
    source: 'src/core/nginx.c (ngx_set_user)',
    examples: [
      '2026/11/03 06:00:00 [warn] 2044#2044: the "user" directive makes sense only if the master process runs with super-user privileges, ignored in /etc/nginx/nginx.conf:1',
    ],
  },
  {
    id: 'config.could-not-open-error-log',
    cause: 'pid_permission',
    contains: 'could not open error log file',
    status: null,
    severity: 'high',
    source: 'src/core/ngx_log.c (ngx_log_init)',
    examples: [
      '2026/11/03 06:00:00 [alert] 2044#2044: could not open error log file: open() "/var/log/nginx/error.log" failed (13: Permission denied)',
    ],
  },
  {
    id: 'config.invalid-url-prefix-at-runtime',
    cause: 'config_invalid',
    contains: 'invalid URL prefix in',
    levels: ['error', 'crit', 'alert'],
    // proxy_pass with variables evaluated to a URL without a scheme: the request fails with 500.
    status: 500,
    severity: 'high',
    source: 'src/http/modules/ngx_http_proxy_module.c (ngx_http_proxy_eval)',
    examples: [
      '2026/11/03 12:55:00 [error] 712#712: *190 invalid URL prefix in "backend.internal:8080/api", client: 10.0.0.100, server: api.example.com, request: "GET /api HTTP/1.1", host: "api.example.com"',
    ],
  },
  {
    id: 'config.invalid-url-prefix',
    cause: 'config_invalid',
    contains: 'invalid URL prefix in',
    status: null,
    severity: 'high',
    source: 'src/http/modules/ngx_http_proxy_module.c (ngx_http_proxy_pass); ngx_http_grpc_module.c',
    examples: ['2026/11/03 06:00:00 [emerg] 1#1: invalid URL prefix in /etc/nginx/conf.d/app.conf:14'],
  },
  {
    id: 'config.unknown-directive',
    cause: 'config_invalid',
    contains: 'unknown directive',
    status: null,
    severity: 'high',
    source: CONF,
    examples: [
      '2026/11/03 06:00:00 [emerg] 1#1: unknown directive "proxy_passs" in /etc/nginx/sites-enabled/default:27',
      'nginx: [emerg] unknown directive "proxy_passs" in /etc/nginx/sites-enabled/default:27',
    ],
  },
  {
    id: 'config.upstream-server-invalid',
    cause: 'config_invalid',
    contains: ' in upstream "',
    levels: ['emerg'],
    status: null,
    severity: 'high',
    source:
      'src/http/ngx_http_upstream.c (ngx_http_upstream_server, ngx_http_upstream_add); src/core/ngx_inet.c',
    examples: [
      '2026/11/03 06:00:00 [emerg] 1#1: invalid port in upstream "app:80a" in /etc/nginx/conf.d/app.conf:3',
      '2026/11/03 06:00:00 [emerg] 1#1: no path in the unix domain socket in upstream "unix:" in /etc/nginx/conf.d/app.conf:4',
    ],
  },
  {
    id: 'config.rewrite-cycle',
    cause: 'config_invalid',
    contains: 'rewrite or internal redirection cycle',
    status: 500,
    severity: 'medium',
    source: 'src/http/ngx_http_core_module.c (ngx_http_core_internal_redirect)',
    examples: [
      '2026/11/03 12:56:00 [error] 713#713: *195 rewrite or internal redirection cycle while internally redirecting to "/index.html", client: 10.0.0.101, server: spa.example.com, request: "GET /app/route HTTP/1.1", host: "spa.example.com"',
    ],
  },
  {
    id: 'config.named-location-missing',
    cause: 'config_invalid',
    contains: 'could not find named location',
    status: 500,
    severity: 'medium',
    source: 'src/http/ngx_http_core_module.c (ngx_http_named_location)',
    examples: [
      '2026/11/03 12:57:00 [error] 714#714: *196 could not find named location "@backend", client: 10.0.0.102, server: spa.example.com, request: "GET /x HTTP/1.1", host: "spa.example.com"',
    ],
  },
];

/**
 * Any other [emerg]: nginx refused its configuration. Last in the catalogue. Configuration errors end in
 * ` in <file>:<line>`; the few without it are failed system calls at start-up.
 */
export const CONFIG_CATCH_ALL_SIGNATURES: readonly Signature[] = [
  {
    id: 'config.emerg',
    cause: 'config_invalid',
    contains: ' in ',
    levels: ['emerg'],
    status: null,
    severity: 'high',
    source: CONF,
    examples: [
      '2026/11/03 06:00:00 [emerg] 1#1: "proxy_pass" directive is not allowed here in /etc/nginx/conf.d/app.conf:9',
      '2026/11/03 06:00:00 [emerg] 1#1: no "events" section in configuration',
    ],
  },
  {
    id: 'config.emerg-failed',
    cause: 'config_invalid',
    contains: 'failed',
    levels: ['emerg'],
    status: null,
    severity: 'high',
    source: 'src/core/ngx_cycle.c; src/core/ngx_file.c (ngx_create_paths); src/event/ngx_event_openssl.c',
    examples: [
      '2026/11/03 06:00:00 [emerg] 1#1: mkdir() "/var/cache/nginx/client_temp" failed (2: No such file or directory)',
      '2026/11/03 06:00:00 [emerg] 1#1: cannot load certificate "/etc/ssl/certs/api.pem": BIO_new_file() failed (SSL: error:80000002:system library::No such file or directory:calling fopen(/etc/ssl/certs/api.pem, r) error:10000080:BIO routines::no such file)',
    ],
  },
];
