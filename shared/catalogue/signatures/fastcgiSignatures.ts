import type { Signature } from '../../model/index.ts';
import { BAD_GATEWAY_BEFORE_BODY, BODY_IS_AFTER_STATUS } from './statusRules.ts';

const FASTCGI = 'src/http/modules/ngx_http_fastcgi_module.c';
const STDERR = `${FASTCGI} (ngx_http_fastcgi_process_header, ngx_http_fastcgi_input_filter)`;

/**
 * FastCGI (PHP-FPM). "FastCGI sent in stderr" relays the application's own stderr; the status the client
 * got depends on what PHP-FPM did next, so the specific stderr texts come before the generic one.
 * While the body streams, the status was already sent: those lines imply none.
 */
/**
 * Relayed application stderr. Listed first in the catalogue: the PHP text inside may quote any other
 * message ("client timed out", "connect() failed") and must not be read as nginx's own.
 */
export const FASTCGI_STDERR_SIGNATURES: readonly Signature[] = [
  {
    id: 'fastcgi.stderr-primary-script-unknown',
    cause: 'fastcgi_stderr',
    contains: 'FastCGI sent in stderr: "',
    pattern: /Primary script unknown/,
    // PHP-FPM answers "File not found." with Status: 404.
    status: { byPhase: { body: null }, otherwise: 404 },
    severity: 'medium',
    source: STDERR,
    examples: [
      '2026/11/03 08:20:00 [error] 31#31: *1 FastCGI sent in stderr: "Primary script unknown" while reading response header from upstream, client: 172.18.0.1, server: localhost, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://172.18.0.3:9000", host: "localhost:8080"',
    ],
  },
  {
    id: 'fastcgi.stderr-access-denied',
    cause: 'fastcgi_stderr',
    contains: 'FastCGI sent in stderr: "',
    pattern: /Access to the script '[^'\n]{1,1024}' has been denied/,
    // security.limit_extensions: PHP-FPM answers "Access denied." with Status: 403.
    status: { byPhase: { body: null }, otherwise: 403 },
    severity: 'medium',
    source: STDERR,
    examples: [
      '2026/11/03 08:21:00 [error] 36#36: *4 FastCGI sent in stderr: "Access to the script \'/var/www/html/img.jpg\' has been denied (see security.limit_extensions)" while reading response header from upstream, client: 127.0.0.1, server: localhost, request: "GET /img.jpg HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "localhost"',
    ],
  },
  {
    id: 'fastcgi.stderr-php-fatal',
    cause: 'fastcgi_stderr',
    contains: 'FastCGI sent in stderr: "',
    pattern:
      /PHP (?:Fatal error|Parse error)|Uncaught |Allowed memory size of \d{1,20} bytes exhausted|Maximum execution time of/,
    // A fatal error ends the script; PHP sends 500 unless output had already started.
    status: { byPhase: { body: null }, otherwise: 500 },
    severity: 'high',
    source: STDERR,
    examples: [
      '2026/11/03 08:22:00 [error] 8274#8274: *21 FastCGI sent in stderr: "PHP message: PHP Fatal error:  Uncaught Error: Call to undefined function mb_strpos() in /var/www/app/src/Url.php:253\nStack trace:\n#0 /var/www/app/src/Url.php(206): App\\Url::argSeparator()\n#1 {main}\n  thrown in /var/www/app/src/Url.php on line 253" while reading response header from upstream, client: 10.0.0.80, server: app.example.com, request: "GET /login HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "app.example.com"',
      '2026/11/03 08:22:30 [error] 8274#8274: *22 FastCGI sent in stderr: "PHP message: PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in /var/www/app/vendor/lib/Export.php on line 88" while reading response header from upstream, client: 10.0.0.81, server: app.example.com, request: "GET /admin/export HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "app.example.com"',
    ],
  },
  {
    id: 'fastcgi.stderr',
    cause: 'fastcgi_stderr',
    contains: 'FastCGI sent in stderr: "',
    // Warnings, notices, deprecations: the script went on and chose its own status.
    status: null,
    severity: 'low',
    source: STDERR,
    examples: [
      '2026/11/03 08:23:00 [error] 15264#15264: *37 FastCGI sent in stderr: "PHP message: PHP Warning:  session_start(): Failed to read session data: user (path: /var/lib/php/sessions) in /var/www/site/libraries/session.php on line 260" while reading response header from upstream, client: 69.137.231.57, server: site.example.com, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "site.example.com"',
      '2026/11/03 08:23:01 [error] 15264#15264: *38 FastCGI sent in stderr: "PHP message: PHP Deprecated:  Creation of dynamic property Foo::$bar is deprecated in /var/www/site/src/Foo.php on line 12" while reading upstream, client: 69.137.231.58, server: site.example.com, request: "GET /feed HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "site.example.com"',
      // Application text quoting nginx-like phrases stays an application message.
      '2026/11/03 08:23:02 [error] 15264#15264: *39 FastCGI sent in stderr: "PHP message: PHP Warning:  file_get_contents(http://10.0.0.9/x): Failed to open stream: connect() failed (111: Connection refused), client timed out in /var/www/site/src/Feed.php on line 40" while reading response header from upstream, client: 69.137.231.59, server: site.example.com, request: "GET /feed HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "site.example.com"',
    ],
  },
];

/** FastCGI protocol and record errors. */
export const FASTCGI_SIGNATURES: readonly Signature[] = [
  {
    id: 'fastcgi.unexpected-record',
    cause: 'invalid_response',
    contains: 'upstream sent unexpected FastCGI record',
    status: 502,
    severity: 'medium',
    source: `${FASTCGI} (ngx_http_fastcgi_process_header)`,
    examples: [
      '2026/11/03 08:24:00 [error] 900#900: *50 upstream sent unexpected FastCGI record: 3 while reading response header from upstream, client: 10.0.0.82, server: shop.example.com, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "shop.example.com"',
    ],
  },
  {
    id: 'fastcgi.unsupported-protocol-version',
    cause: 'invalid_response',
    contains: 'upstream sent unsupported FastCGI protocol version',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'high',
    source: `${FASTCGI} (ngx_http_fastcgi_process_record)`,
    examples: [
      // 72 is "H": an HTTP server answered on the fastcgi_pass address.
      '2026/11/03 08:25:00 [error] 901#901: *60 upstream sent unsupported FastCGI protocol version: 72 while reading response header from upstream, client: 10.0.0.83, server: shop.example.com, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://127.0.0.1:8080", host: "shop.example.com"',
    ],
  },
  {
    id: 'fastcgi.invalid-record-type',
    cause: 'invalid_response',
    contains: 'upstream sent invalid FastCGI record type',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${FASTCGI} (ngx_http_fastcgi_process_record)`,
    examples: [
      '2026/11/03 08:26:00 [error] 902#902: *70 upstream sent invalid FastCGI record type: 2 while reading response header from upstream, client: 10.0.0.84, server: shop.example.com, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "shop.example.com"',
    ],
  },
  {
    id: 'fastcgi.unexpected-request-id',
    cause: 'invalid_response',
    contains: 'upstream sent unexpected FastCGI request id',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${FASTCGI} (ngx_http_fastcgi_process_record)`,
    examples: [
      '2026/11/03 08:27:00 [error] 903#903: *80 upstream sent unexpected FastCGI request id high byte: 1 while reading response header from upstream, client: 10.0.0.85, server: shop.example.com, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "shop.example.com"',
      '2026/11/03 08:27:01 [error] 903#903: *81 upstream sent unexpected FastCGI request id low byte: 2 while reading upstream, client: 10.0.0.86, server: shop.example.com, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "shop.example.com"',
    ],
  },
  {
    id: 'fastcgi.prematurely-closed-stdout',
    cause: 'upstream_closed',
    contains: 'upstream prematurely closed FastCGI stdout',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'high',
    source: `${FASTCGI} (ngx_http_fastcgi_process_header, ngx_http_fastcgi_input_filter)`,
    examples: [
      '2026/11/03 08:28:00 [error] 904#904: *90 upstream prematurely closed FastCGI stdout while reading response header from upstream, client: 10.0.0.87, server: shop.example.com, request: "POST /cart/add HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "shop.example.com"',
      '2026/11/03 08:28:01 [error] 904#904: *91 upstream prematurely closed FastCGI stdout while reading upstream, client: 10.0.0.88, server: shop.example.com, request: "GET /report.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "shop.example.com"',
    ],
  },
  {
    id: 'fastcgi.prematurely-closed-request',
    cause: 'upstream_closed',
    contains: 'upstream prematurely closed FastCGI request',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${FASTCGI} (ngx_http_fastcgi_input_filter, ngx_http_fastcgi_non_buffered_filter)`,
    examples: [
      '2026/11/03 08:29:00 [error] 905#905: *100 upstream prematurely closed FastCGI request while reading upstream, client: 10.0.0.89, server: shop.example.com, request: "GET /download.php?id=7 HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "shop.example.com"',
    ],
  },
  {
    id: 'fastcgi.invalid-header-after-joining-records',
    cause: 'invalid_response',
    contains: 'invalid header after joining FastCGI records',
    status: 500,
    severity: 'medium',
    source: `${FASTCGI} (ngx_http_fastcgi_process_header)`,
    examples: [
      '2026/11/03 08:30:00 [alert] 906#906: *110 invalid header after joining FastCGI records while reading response header from upstream, client: 10.0.0.90, server: shop.example.com, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "shop.example.com"',
    ],
  },
  {
    id: 'fastcgi.request-record-too-big',
    cause: 'config_invalid',
    contains: 'request record is too big',
    status: 500,
    severity: 'medium',
    source: `${FASTCGI} (ngx_http_fastcgi_create_request)`,
    examples: [
      '2026/11/03 08:31:00 [alert] 907#907: *120 fastcgi request record is too big: 70012, client: 10.0.0.91, server: shop.example.com, request: "GET /index.php HTTP/1.1", host: "shop.example.com"',
    ],
  },
];
