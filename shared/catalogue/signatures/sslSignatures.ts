import type { Signature } from '../../model/index.ts';
import { BAD_GATEWAY_BEFORE_BODY, BODY_IS_AFTER_STATUS } from './statusRules.ts';

const OPENSSL = 'src/event/ngx_event_openssl.c';
const UPSTREAM = 'src/http/ngx_http_upstream.c';

/**
 * TLS: handshakes and I/O with the backend (proxy_pass https://, grpcs://) and, as look-alikes, with clients.
 * The upstream ones are told apart by the phase ("SSL handshaking to upstream" vs "SSL handshaking").
 * Client-side SSL_read/SSL_write failures are caught earlier by the client-I/O look-alike.
 */
export const SSL_SIGNATURES: readonly Signature[] = [
  {
    id: 'ssl.upstream-handshake-failed',
    cause: 'upstream_tls',
    contains: 'SSL_do_handshake() failed',
    phases: ['handshake'],
    status: 502,
    severity: 'high',
    source: `${OPENSSL} (ngx_ssl_handshake, ngx_ssl_connection_error)`,
    examples: [
      '2026/11/03 09:30:01 [error] 1200#1200: *301 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream, client: 10.0.0.31, server: api.example.com, request: "GET /v1/users HTTP/1.1", upstream: "https://10.0.9.12:8080/v1/users", host: "api.example.com"',
      '2026/11/03 09:30:02 [crit] 1200#1200: *302 SSL_do_handshake() failed (SSL: error:0A000410:SSL routines::sslv3 alert handshake failure:SSL alert number 40) while SSL handshaking to upstream, client: 10.0.0.32, server: legacy.example.com, request: "GET / HTTP/1.1", upstream: "https://legacy_tls/", host: "legacy.example.com"',
    ],
  },
  {
    id: 'ssl.upstream-peer-closed-in-handshake',
    cause: 'upstream_tls',
    contains: 'peer closed connection in SSL handshake',
    phases: ['handshake'],
    status: 502,
    severity: 'high',
    source: `${OPENSSL} (ngx_ssl_handshake)`,
    examples: [
      '2026/11/03 09:31:00 [error] 1201#1201: *310 peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking to upstream, client: 10.0.0.33, server: api.example.com, request: "GET /v1/users HTTP/1.1", upstream: "https://api-internal.example.com:443/v1/users", host: "api.example.com"',
      '2026/11/03 09:31:01 [error] 1201#1201: *311 peer closed connection in SSL handshake while SSL handshaking to upstream, client: 10.0.0.34, server: grpc.example.com, request: "POST /inventory.Stock/List HTTP/2.0", upstream: "grpcs://10.0.9.40:50051", host: "grpc.example.com"',
    ],
  },
  {
    id: 'ssl.upstream-handshake-rejected',
    cause: 'upstream_tls',
    contains: 'handshake rejected',
    phases: ['handshake'],
    status: 502,
    severity: 'high',
    source: `${OPENSSL} (ngx_ssl_handshake)`,
    examples: [
      '2026/11/03 09:31:02 [error] 1201#1201: *312 handshake rejected while SSL handshaking to upstream, client: 10.0.0.42, server: api.example.com, request: "GET / HTTP/1.1", upstream: "https://10.0.9.55:443/", host: "api.example.com"',
    ],
  },
  {
    id: 'ssl.upstream-alpn-failed',
    cause: 'upstream_tls',
    contains: 'SSL_set_alpn_protos() failed',
    status: 500,
    severity: 'medium',
    source: `${UPSTREAM} (ngx_http_upstream_ssl_init_connection, nginx >= 1.29.4)`,
    examples: [
      '2026/11/03 09:31:03 [error] 1201#1201: *313 SSL_set_alpn_protos() failed (SSL:) while SSL handshaking to upstream, client: 10.0.0.42, server: api.example.com, request: "GET / HTTP/1.1", upstream: "https://10.0.9.55:443/", host: "api.example.com"',
    ],
  },
  {
    id: 'ssl.upstream-certificate-verify-error',
    cause: 'upstream_tls',
    contains: 'upstream SSL certificate verify error',
    status: 502,
    severity: 'high',
    source: `${UPSTREAM} (ngx_http_upstream_ssl_handshake)`,
    examples: [
      '2026/11/03 09:32:00 [error] 1202#1202: *320 upstream SSL certificate verify error: (20:unable to get local issuer certificate) while SSL handshaking to upstream, client: 10.0.0.35, server: api.example.com, request: "GET /v1/pay HTTP/1.1", upstream: "https://10.0.9.50:443/v1/pay", host: "api.example.com"',
      '2026/11/03 09:32:01 [error] 1202#1202: *321 upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream, client: 10.0.0.36, server: api.example.com, request: "GET /v1/pay HTTP/1.1", upstream: "https://payments_upstream/v1/pay", host: "api.example.com"',
    ],
  },
  {
    id: 'ssl.upstream-certificate-name-mismatch',
    cause: 'upstream_tls',
    contains: 'upstream SSL certificate does not match',
    status: 502,
    severity: 'high',
    source: `${UPSTREAM} (ngx_http_upstream_ssl_handshake)`,
    examples: [
      '2026/11/03 09:33:00 [error] 1203#1203: *330 upstream SSL certificate does not match "payments_upstream" while SSL handshaking to upstream, client: 10.0.0.37, server: api.example.com, request: "POST /v1/pay HTTP/1.1", upstream: "https://10.0.9.51:443/v1/pay", host: "api.example.com"',
    ],
  },
  {
    id: 'ssl.upstream-sni-failed',
    cause: 'upstream_tls',
    contains: 'SSL_set_tlsext_host_name(',
    status: 500,
    severity: 'medium',
    source: `${UPSTREAM} (ngx_http_upstream_ssl_name)`,
    examples: [
      '2026/11/03 09:34:00 [error] 1204#1204: *340 SSL_set_tlsext_host_name("backend.internal") failed (SSL: error:0A000110:SSL routines::ssl3 ext invalid servername) while SSL handshaking to upstream, client: 10.0.0.38, server: api.example.com, request: "GET / HTTP/1.1", upstream: "https://10.0.9.52:443/", host: "api.example.com"',
    ],
  },
  {
    id: 'ssl.upstream-read-failed',
    cause: 'upstream_closed',
    contains: 'SSL_read() failed',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'high',
    source: `${OPENSSL} (ngx_ssl_handle_recv, ngx_ssl_connection_error)`,
    examples: [
      '2026/11/03 09:35:00 [error] 1205#1205: *350 SSL_read() failed (SSL: error:0A000126:SSL routines::unexpected eof while reading) while reading response header from upstream, client: 10.0.0.39, server: api.example.com, request: "GET /v1/catalog HTTP/1.1", upstream: "https://10.0.9.53:443/v1/catalog", host: "api.example.com"',
      '2026/11/03 09:35:01 [error] 1205#1205: *351 SSL_read() failed (SSL: error:0A000126:SSL routines::unexpected eof while reading) while reading upstream, client: 10.0.0.40, server: api.example.com, request: "GET /v1/catalog/full HTTP/1.1", upstream: "https://10.0.9.53:443/v1/catalog/full", host: "api.example.com"',
    ],
  },
  {
    id: 'ssl.upstream-write-failed',
    cause: 'upstream_reset',
    contains: 'SSL_write() failed',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'high',
    source: `${OPENSSL} (ngx_ssl_write, ngx_ssl_connection_error)`,
    examples: [
      '2026/11/03 09:36:00 [error] 1206#1206: *360 SSL_write() failed (32: Broken pipe) while sending request to upstream, client: 10.0.0.41, server: upload.example.com, request: "POST /v1/blobs HTTP/1.1", upstream: "https://10.0.9.54:443/v1/blobs", host: "upload.example.com"',
    ],
  },
  {
    id: 'ssl.client-handshake-failed',
    cause: 'client_tls',
    contains: 'SSL_do_handshake() failed',
    status: null,
    severity: 'low',
    source: `${OPENSSL} (ngx_ssl_handshake, ngx_ssl_connection_error)`,
    examples: [
      '2026/11/03 09:37:00 [info] 1207#1207: *370 SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol) while SSL handshaking, client: 45.148.10.7, server: 0.0.0.0:443',
      '2026/11/03 09:37:01 [crit] 1207#1207: *371 SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking, client: 2a01:4f8::1, server: [::]:443',
    ],
  },
  {
    id: 'ssl.client-handshake-rejected',
    cause: 'client_tls',
    contains: 'handshake rejected',
    status: null,
    severity: 'low',
    source: `${OPENSSL} (ngx_ssl_handshake)`,
    examples: [
      '2026/11/03 09:37:02 [info] 1207#1207: *372 handshake rejected while SSL handshaking, client: 45.148.10.8, server: 0.0.0.0:443',
    ],
  },
  {
    id: 'ssl.client-peer-closed-in-handshake',
    cause: 'client_tls',
    contains: 'peer closed connection in SSL handshake',
    status: null,
    severity: 'low',
    source: `${OPENSSL} (ngx_ssl_handshake)`,
    examples: [
      '2026/11/03 09:38:00 [info] 1208#1208: *380 peer closed connection in SSL handshake while SSL handshaking, client: 198.51.100.77, server: 0.0.0.0:443',
    ],
  },
  {
    id: 'ssl.client-plain-http-to-https-port',
    cause: 'client_tls',
    contains: 'client sent plain HTTP request to HTTPS port',
    // nginx answers 400 "The plain HTTP request was sent to HTTPS port" (logged as 400 / 497).
    status: 400,
    severity: 'low',
    source: 'src/http/ngx_http_request.c (ngx_http_ssl_handshake)',
    examples: [
      '2026/11/03 09:38:30 [info] 1208#1208: *385 client sent plain HTTP request to HTTPS port while reading client request headers, client: 127.0.0.1, server: sandbox.test, request: "GET / HTTP/1.1", host: "127.0.0.1:18443"',
    ],
  },
  {
    id: 'ssl.shutdown-failed',
    cause: 'client_tls',
    contains: 'SSL_shutdown() failed',
    status: null,
    severity: 'low',
    source: `${OPENSSL} (ngx_ssl_shutdown)`,
    examples: [
      '2026/11/03 09:39:00 [crit] 1209#1209: *390 SSL_shutdown() failed (SSL: error:0A000197:SSL routines::shutdown while in init) while closing request, client: 198.51.100.78, server: 0.0.0.0:443',
    ],
  },
];
