import type { CauseId, Level } from '#shared/model/index.ts';

/**
 * Every message nginx writes around proxying that the catalogue must recognise, taken from nginx's own
 * source (the file and the C format string after joining its literal pieces), with one rendered sample.
 * `kind: 'upstream'` rows are the messages nginx writes when a request fails because of the backend (the
 * 502/504 family and their after-the-status twins); the other kinds are the look-alikes, lifecycle and
 * configuration lines the contract also names. The test renders each into a full log line.
 *
 * The list was checked against nginx's source at every release tag from 1.22.0 to 1.31.4: each
 * `ngx_log_error` / `ngx_connection_error` / `ngx_ssl_error` call of the upstream core, the
 * upstream balancers and zone, the proxy (HTTP/1 and HTTP/2), FastCGI, uwsgi, SCGI, gRPC and
 * memcached modules, ngx_event_connect.c, ngx_event_openssl.c, ngx_event_pipe.c, the socket I/O
 * of src/os/unix and the resolver whose path can end in a 502/504 (or precede one). `versions`
 * says which releases have it. Several rows of one format are the same message in different
 * phases or with different errnos (the status and often the cause follow them).
 */
export interface NginxMessage {
  kind: 'upstream' | 'lookalike' | 'lifecycle' | 'config';
  source: string;
  /** The C format string as nginx logs it (`%V`, `%ui`, ... are nginx's printf conversions). */
  format: string;
  /** A message rendered from `format`, as it appears in the log before ` while ` and the tail. */
  sample: string;
  level: Level;
  /**
   * The nginx releases whose source has the message, as ranges of release tags (`1.29.4-1.31.4`,
   * `1.30.4, 1.31.3-1.31.4`); absent when every release from 1.22.0 to 1.31.4 has it.
   */
  versions?: string;
  /** The status the client got (502 / 504 / ...), or null when the line implies none. */
  status: number | null;
  /** The `log->action` in force when nginx writes it; absent when nginx writes no ` while ` part. */
  action?: string;
  /** Process-level lines carry no `*cid` and no `, client: ...` tail. */
  bare?: boolean;
  /** Text nginx appends instead of the HTTP tail (the resolver's own log handler). */
  tail?: string;
  cause: CauseId;
}

/** nginx's release tags from 1.22.0 to the newest (git tags `release-<version>` of nginx/nginx). */
// biome-ignore format: a list of versions
export const NGINX_RELEASES: readonly string[] = [
  '1.22.0', '1.22.1', '1.23.0', '1.23.1', '1.23.2', '1.23.3', '1.23.4', '1.24.0', '1.25.0', '1.25.1',
  '1.25.2', '1.25.3', '1.25.4', '1.25.5', '1.26.0', '1.26.1', '1.26.2', '1.26.3', '1.27.0', '1.27.1',
  '1.27.2', '1.27.3', '1.27.4', '1.27.5', '1.28.0', '1.28.1', '1.28.2', '1.28.3', '1.29.0', '1.29.1',
  '1.29.2', '1.29.3', '1.29.4', '1.29.5', '1.29.6', '1.29.7', '1.29.8', '1.30.0', '1.30.1', '1.30.2',
  '1.30.3', '1.30.4', '1.31.0', '1.31.1', '1.31.2', '1.31.3', '1.31.4',
];

/** The releases of {@link NGINX_RELEASES} whose source has the message (`versions` expanded). */
export function releasesOf(m: NginxMessage): string[] {
  if (m.versions === undefined) return [...NGINX_RELEASES];
  const out = new Set<string>();
  for (const part of m.versions.split(', ')) {
    const [from, to = from] = part.split('-');
    const a = NGINX_RELEASES.indexOf(from!);
    const b = NGINX_RELEASES.indexOf(to!);
    if (a === -1 || b === -1) continue;
    for (let i = a; i <= b; i++) out.add(NGINX_RELEASES[i]!);
  }
  return [...out];
}

const UP = 'src/http/ngx_http_upstream.c';
const RR = 'src/http/ngx_http_upstream_round_robin.c';
const EC = 'src/event/ngx_event_connect.c';
const SSL = 'src/event/ngx_event_openssl.c';
const PX = 'src/http/modules/ngx_http_proxy_module.c';
const FC = 'src/http/modules/ngx_http_fastcgi_module.c';
const UW = 'src/http/modules/ngx_http_uwsgi_module.c';
const SC = 'src/http/modules/ngx_http_scgi_module.c';
const GR = 'src/http/modules/ngx_http_grpc_module.c';
const MC = 'src/http/modules/ngx_http_memcached_module.c';
const RS = 'src/core/ngx_resolver.c';
const OS = 'src/os/unix';
const PV2 = 'src/http/modules/ngx_http_proxy_v2_module.c';

const CONNECTING = 'connecting to upstream';
const HANDSHAKE = 'SSL handshaking to upstream';
const SENDING = 'sending request to upstream';
const HEADER = 'reading response header from upstream';
const BODY = 'reading upstream';

// biome-ignore format: one message per row reads as a table
export const NGINX_MESSAGES: readonly NginxMessage[] = [
  // ngx_http_upstream.c
  { kind: 'upstream', source: UP, format: 'no live upstreams', sample: 'no live upstreams', level: 'error', action: CONNECTING, cause: 'no_live_upstreams', status: 502 },
  { kind: 'upstream', source: UP, format: 'upstream timed out', sample: 'upstream timed out (110: Connection timed out)', level: 'error', action: CONNECTING, cause: 'connect_timeout', status: 504 },
  { kind: 'upstream', source: UP, format: 'upstream timed out', sample: 'upstream timed out (110: Connection timed out)', level: 'error', action: HANDSHAKE, cause: 'connect_timeout', status: 504 },
  { kind: 'upstream', source: UP, format: 'upstream timed out', sample: 'upstream timed out (110: Connection timed out)', level: 'error', action: SENDING, cause: 'upstream_timeout', status: 504 },
  { kind: 'upstream', source: UP, format: 'upstream timed out', sample: 'upstream timed out (110: Connection timed out)', level: 'error', action: HEADER, cause: 'upstream_timeout', status: 504 },
  { kind: 'upstream', source: UP, format: 'upstream timed out', sample: 'upstream timed out (110: Connection timed out)', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: UP, format: 'upstream prematurely closed connection', sample: 'upstream prematurely closed connection', level: 'error', action: HEADER, cause: 'upstream_closed', status: 502 },
  { kind: 'upstream', source: UP, format: 'upstream prematurely closed connection', sample: 'upstream prematurely closed connection', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: UP, format: 'upstream sent too big header', sample: 'upstream sent too big header', level: 'error', action: HEADER, cause: 'header_too_big', status: 502 },
  { kind: 'upstream', source: UP, versions: 'before 1.13.10', format: 'upstream buffer is too small to read response', sample: 'upstream buffer is too small to read response', level: 'alert', action: BODY, cause: 'header_too_big', status: null },
  { kind: 'upstream', source: UP, format: 'connect() failed', sample: 'connect() failed (111: Connection refused)', level: 'error', action: CONNECTING, cause: 'upstream_refused', status: 502 },
  { kind: 'upstream', source: UP, format: 'connect() failed', sample: 'connect() failed (113: No route to host)', level: 'error', action: CONNECTING, cause: 'upstream_unreachable', status: 502 },
  { kind: 'upstream', source: UP, format: 'connect() failed', sample: 'connect() failed (110: Connection timed out)', level: 'error', action: CONNECTING, cause: 'upstream_unreachable', status: 502 },
  { kind: 'upstream', source: UP, format: 'connect() failed', sample: 'connect() failed (104: Connection reset by peer)', level: 'error', action: CONNECTING, cause: 'upstream_reset', status: 502 },
  { kind: 'upstream', source: UP, format: 'kevent() reported that connect() failed', sample: 'kevent() reported that connect() failed (61: Connection refused)', level: 'error', action: CONNECTING, cause: 'upstream_refused', status: 502 },
  { kind: 'upstream', source: UP, format: 'no resolver defined to resolve %V', sample: 'no resolver defined to resolve backend.internal', level: 'error', cause: 'dns_failure', status: 502 },
  { kind: 'upstream', source: UP, format: '%V could not be resolved (%i: %s)', sample: 'backend.internal could not be resolved (3: Host not found)', level: 'error', cause: 'dns_failure', status: 502 },
  { kind: 'upstream', source: UP, format: '%V could not be resolved (%i: %s)', sample: 'backend.internal could not be resolved (110: Operation timed out)', level: 'error', cause: 'dns_failure', status: 502 },
  { kind: 'upstream', source: UP, format: 'no port in upstream "%V"', sample: 'no port in upstream "backend.internal"', level: 'error', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: UP, format: 'upstream SSL certificate verify error: (%l:%s)', sample: 'upstream SSL certificate verify error: (18:self-signed certificate)', level: 'error', action: HANDSHAKE, cause: 'upstream_tls', status: 502 },
  { kind: 'upstream', source: UP, format: 'upstream SSL certificate does not match "%V"', sample: 'upstream SSL certificate does not match "api.internal"', level: 'error', action: HANDSHAKE, cause: 'upstream_tls', status: 502 },
  { kind: 'upstream', source: UP, format: 'SSL_set_tlsext_host_name("%s") failed', sample: 'SSL_set_tlsext_host_name("api.internal") failed (SSL: error:0A000110:SSL routines::ssl3 ext invalid servername)', level: 'error', action: HANDSHAKE, cause: 'upstream_tls', status: 500 },
  { kind: 'upstream', source: UP, versions: '1.23.0-1.31.4', format: 'upstream sent duplicate header line: "%V: %V", previous value: "%V: %V"', sample: 'upstream sent duplicate header line: "Content-Length: 5", previous value: "Content-Length: 7"', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: UP, versions: '1.23.0-1.31.4', format: 'upstream sent duplicate header line: "%V: %V", previous value: "%V: %V", ignored', sample: 'upstream sent duplicate header line: "Server: b", previous value: "Server: a", ignored', level: 'warn', action: HEADER, cause: 'invalid_response', status: null },
  { kind: 'upstream', source: UP, versions: '1.23.0-1.31.4', format: 'upstream sent "Content-Length" and "Transfer-Encoding" headers at the same time', sample: 'upstream sent "Content-Length" and "Transfer-Encoding" headers at the same time', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: UP, versions: '1.23.0-1.31.4', format: 'upstream sent invalid "Content-Length" header: "%V: %V"', sample: 'upstream sent invalid "Content-Length" header: "Content-Length: -1"', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: UP, versions: '1.23.0-1.31.4', format: 'upstream sent unknown "Transfer-Encoding": "%V"', sample: 'upstream sent unknown "Transfer-Encoding": "identity"', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: UP, format: 'an upstream response is buffered to a temporary file %V', sample: 'an upstream response is buffered to a temporary file /var/lib/nginx/proxy/1/00/0000000001', level: 'warn', action: BODY, cause: 'buffered_to_temp', status: null },
  { kind: 'upstream', source: RR, format: 'upstream server temporarily disabled', sample: 'upstream server temporarily disabled', level: 'warn', action: CONNECTING, cause: 'upstream_server_disabled', status: null },
  { kind: 'upstream', source: RR, format: 'upstream server temporarily disabled', sample: 'upstream server temporarily disabled', level: 'warn', action: HEADER, cause: 'upstream_server_disabled', status: null },
  // ngx_event_connect.c and the connection layer
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory)', level: 'crit', action: CONNECTING, cause: 'socket_missing', status: 502 },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to unix:/run/php/php8.2-fpm.sock failed (13: Permission denied)', level: 'crit', action: CONNECTING, cause: 'socket_permission', status: 502 },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable)', level: 'error', action: CONNECTING, cause: 'backend_overloaded', status: 502 },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to unix:/run/php/php8.2-fpm.sock failed (111: Connection refused)', level: 'error', action: CONNECTING, cause: 'upstream_refused', status: 502 },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to 127.0.0.1:8000 failed (111: Connection refused)', level: 'error', action: CONNECTING, cause: 'upstream_refused', status: 502 },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to 127.0.0.1:8080 failed (13: Permission denied)', level: 'crit', action: CONNECTING, cause: 'selinux_denied', status: 502 },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to 10.0.8.30:8080 failed (99: Cannot assign requested address)', level: 'crit', action: CONNECTING, cause: 'port_exhaustion', status: 502 },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to [2001:db8::5]:8080 failed (101: Network is unreachable)', level: 'error', action: CONNECTING, cause: 'upstream_unreachable', status: 502 },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to 10.0.8.30:8080 failed (113: No route to host)', level: 'error', action: CONNECTING, cause: 'upstream_unreachable', status: 502 },
  { kind: 'upstream', source: EC, format: 'socket() failed', sample: 'socket() failed (24: Too many open files)', level: 'alert', action: CONNECTING, cause: 'fd_exhaustion', status: 500 },
  { kind: 'upstream', source: EC, format: 'socket() failed', sample: 'socket() failed (97: Address family not supported by protocol)', level: 'alert', action: CONNECTING, cause: 'upstream_unreachable', status: 500 },
  { kind: 'upstream', source: EC, format: 'bind(%V) failed', sample: 'bind(10.0.1.20) failed (99: Cannot assign requested address)', level: 'crit', action: CONNECTING, cause: 'port_exhaustion', status: 500 },
  { kind: 'upstream', source: 'src/core/ngx_connection.c', format: '%ui worker_connections are not enough', sample: '1024 worker_connections are not enough', level: 'alert', action: CONNECTING, cause: 'fd_exhaustion', status: 500 },
  { kind: 'upstream', source: 'src/core/ngx_connection.c', format: '%ui worker_connections are not enough, reusing connections', sample: '1024 worker_connections are not enough, reusing connections', level: 'warn', bare: true, cause: 'fd_exhaustion', status: null },
  { kind: 'upstream', source: 'src/event/ngx_event_accept.c', format: 'accept4() failed', sample: 'accept4() failed (24: Too many open files)', level: 'crit', bare: true, cause: 'fd_exhaustion', status: null },
  { kind: 'config', source: 'src/event/ngx_event.c', format: '%ui worker_connections exceed open file resource limit: %i', sample: '4096 worker_connections exceed open file resource limit: 1024', level: 'warn', bare: true, cause: 'fd_exhaustion', status: null },
  // socket I/O on the backend connection (ngx_connection_error)
  { kind: 'upstream', source: `${OS}/ngx_recv.c`, format: 'recv() failed', sample: 'recv() failed (104: Connection reset by peer)', level: 'error', action: HEADER, cause: 'upstream_reset', status: 502 },
  { kind: 'upstream', source: `${OS}/ngx_recv.c`, format: 'recv() failed', sample: 'recv() failed (110: Connection timed out)', level: 'error', action: HEADER, cause: 'upstream_unreachable', status: 502 },
  { kind: 'upstream', source: `${OS}/ngx_recv.c`, format: 'recv() failed', sample: 'recv() failed (111: Connection refused)', level: 'error', action: HEADER, cause: 'upstream_refused', status: 502 },
  { kind: 'upstream', source: `${OS}/ngx_send.c`, format: 'send() failed', sample: 'send() failed (32: Broken pipe)', level: 'error', action: SENDING, cause: 'upstream_reset', status: 502 },
  { kind: 'upstream', source: `${OS}/ngx_writev_chain.c`, format: 'writev() failed', sample: 'writev() failed (32: Broken pipe)', level: 'error', action: SENDING, cause: 'upstream_reset', status: 502 },
  { kind: 'upstream', source: `${OS}/ngx_writev_chain.c`, format: 'writev() failed', sample: 'writev() failed (104: Connection reset by peer)', level: 'error', action: SENDING, cause: 'upstream_reset', status: 502 },
  { kind: 'upstream', source: `${OS}/ngx_linux_sendfile_chain.c`, format: 'sendfile() failed', sample: 'sendfile() failed (32: Broken pipe)', level: 'error', action: SENDING, cause: 'upstream_reset', status: 502 },
  { kind: 'upstream', source: `${OS}/ngx_readv_chain.c`, format: 'readv() failed', sample: 'readv() failed (104: Connection reset by peer)', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  // ngx_event_openssl.c
  { kind: 'upstream', source: SSL, format: 'SSL_do_handshake() failed', sample: 'SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number)', level: 'error', action: HANDSHAKE, cause: 'upstream_tls', status: 502 },
  { kind: 'upstream', source: SSL, format: 'peer closed connection in SSL handshake', sample: 'peer closed connection in SSL handshake (104: Connection reset by peer)', level: 'error', action: HANDSHAKE, cause: 'upstream_tls', status: 502 },
  { kind: 'upstream', source: SSL, format: 'SSL_read() failed', sample: 'SSL_read() failed (SSL: error:0A000126:SSL routines::unexpected eof while reading)', level: 'error', action: HEADER, cause: 'upstream_closed', status: 502 },
  { kind: 'upstream', source: SSL, format: 'SSL_write() failed', sample: 'SSL_write() failed (32: Broken pipe)', level: 'error', action: SENDING, cause: 'upstream_reset', status: 502 },
  // ngx_http_proxy_module.c
  { kind: 'upstream', source: PX, format: 'upstream sent no valid HTTP/1.0 header', sample: 'upstream sent no valid HTTP/1.0 header', level: 'error', action: HEADER, cause: 'invalid_response', status: null },
  { kind: 'upstream', source: `${PX}; ${FC}; ${UW}; ${SC}`, format: 'upstream sent invalid header: "%*s\\x%02xd..."', sample: 'upstream sent invalid header: "Bad Header\\x0A..."', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: `${FC}; ${UW}; ${SC} (nginx < 1.21.1)`, format: 'upstream sent invalid header', sample: 'upstream sent invalid header', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PX, format: 'upstream sent invalid chunked response', sample: 'upstream sent invalid chunked response', level: 'error', action: HEADER, cause: 'invalid_response', status: null },
  { kind: 'upstream', source: PX, format: 'upstream sent invalid chunked response', sample: 'upstream sent invalid chunked response', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: `${PX}; ${FC}`, format: 'upstream sent more data than specified in "Content-Length" header', sample: 'upstream sent more data than specified in "Content-Length" header', level: 'warn', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: PX, format: 'upstream sent data after final chunk', sample: 'upstream sent data after final chunk', level: 'warn', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: PX, versions: '1.27.2-1.31.4', format: 'upstream sent data after trailers', sample: 'upstream sent data after trailers', level: 'warn', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: PX, versions: '1.27.2-1.31.4', format: 'upstream sent too big trailers', sample: 'upstream sent too big trailers', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: PX, versions: '1.27.2-1.31.4', format: 'upstream sent invalid trailer: "%*s\\x%02xd..."', sample: 'upstream sent invalid trailer: "X\\x00..."', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: PX, format: 'invalid URL prefix in "%V"', sample: 'invalid URL prefix in "backend:8080/x"', level: 'error', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: PX, format: 'zero length URI to proxy', sample: 'zero length URI to proxy', level: 'error', cause: 'config_invalid', status: 500 },
  // ngx_http_fastcgi_module.c (and the status line shared with uwsgi / scgi)
  { kind: 'upstream', source: FC, format: 'FastCGI sent in stderr: "%*s"', sample: 'FastCGI sent in stderr: "Primary script unknown"', level: 'error', action: HEADER, cause: 'fastcgi_stderr', status: 404 },
  { kind: 'upstream', source: FC, format: 'FastCGI sent in stderr: "%*s"', sample: 'FastCGI sent in stderr: "PHP message: PHP Fatal error:  Uncaught TypeError: x in /app/a.php:3"', level: 'error', action: HEADER, cause: 'fastcgi_stderr', status: 500 },
  { kind: 'upstream', source: FC, format: 'upstream sent unexpected FastCGI record: %ui', sample: 'upstream sent unexpected FastCGI record: 3', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: FC, format: 'upstream prematurely closed FastCGI stdout', sample: 'upstream prematurely closed FastCGI stdout', level: 'error', action: HEADER, cause: 'upstream_closed', status: 502 },
  { kind: 'upstream', source: FC, format: 'upstream prematurely closed FastCGI request', sample: 'upstream prematurely closed FastCGI request', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: FC, format: 'upstream sent unsupported FastCGI protocol version: %d', sample: 'upstream sent unsupported FastCGI protocol version: 72', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: FC, format: 'upstream sent invalid FastCGI record type: %d', sample: 'upstream sent invalid FastCGI record type: 9', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: FC, format: 'upstream sent unexpected FastCGI request id high byte: %d', sample: 'upstream sent unexpected FastCGI request id high byte: 1', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: FC, format: 'upstream sent unexpected FastCGI request id low byte: %d', sample: 'upstream sent unexpected FastCGI request id low byte: 2', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: `${FC}; ${UW}; ${SC}`, format: 'upstream sent invalid status "%V"', sample: 'upstream sent invalid status "abc"', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: FC, format: 'invalid header after joining FastCGI records', sample: 'invalid header after joining FastCGI records', level: 'alert', action: HEADER, cause: 'invalid_response', status: 500 },
  { kind: 'upstream', source: FC, format: 'fastcgi request record is too big: %uz', sample: 'fastcgi request record is too big: 70000', level: 'alert', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: UW, format: 'uwsgi request is too big: %uz', sample: 'uwsgi request is too big: 70000', level: 'alert', cause: 'config_invalid', status: 500 },
  // ngx_http_grpc_module.c
  { kind: 'upstream', source: GR, format: 'upstream sent no :status header', sample: 'upstream sent no :status header', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid header "%V: %V"', sample: 'upstream sent invalid header ":path: /x"', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid header: "%V: %V"', sample: 'upstream sent invalid header: "X-Upper: 1"', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent duplicate :status header', sample: 'upstream sent duplicate :status header', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid :status "%V"', sample: 'upstream sent invalid :status "20x"', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent unexpected :status "%V"', sample: 'upstream sent unexpected :status "100"', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent unexpected http2 frame: %d', sample: 'upstream sent unexpected http2 frame: 0', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent frame for unknown stream %ui', sample: 'upstream sent frame for unknown stream 5', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream rejected request with error %ui', sample: 'upstream rejected request with error 7', level: 'error', action: HEADER, cause: 'upstream_reset', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent goaway with error %ui', sample: 'upstream sent goaway with error 0', level: 'error', action: HEADER, cause: 'upstream_closed', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent unexpected push promise frame', sample: 'upstream sent unexpected push promise frame', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream prematurely closed stream', sample: 'upstream prematurely closed stream', level: 'error', action: HEADER, cause: 'upstream_closed', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent data frame for unknown stream %ui', sample: 'upstream sent data frame for unknown stream 3', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: GR, format: 'upstream violated stream flow control, received %uz data frame with window %uz', sample: 'upstream violated stream flow control, received 70000 data frame with window 65535', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: GR, format: 'upstream violated connection flow control, received %uz data frame with window %uz', sample: 'upstream violated connection flow control, received 70000 data frame with window 65535', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent frame for closed stream %ui', sample: 'upstream sent frame for closed stream 1', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid trailer "%V: %V"', sample: 'upstream sent invalid trailer ":status: 200"', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: GR, format: 'upstream sent trailer without end stream flag', sample: 'upstream sent trailer without end stream flag', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid trailer', sample: 'upstream sent invalid trailer', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: GR, format: 'upstream sent too short http2 frame', sample: 'upstream sent too short http2 frame', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent http2 frame with too long padding: %d in frame %uz', sample: 'upstream sent http2 frame with too long padding: 200 in frame 10', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent response body larger than indicated content length', sample: 'upstream sent response body larger than indicated content length', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: GR, format: 'upstream sent too large http2 frame: %uz', sample: 'upstream sent too large http2 frame: 16777215', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent headers frame with invalid length: %uz', sample: 'upstream sent headers frame with invalid length: 0', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent truncated http2 header', sample: 'upstream sent truncated http2 header', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid http2 table index: %ui', sample: 'upstream sent invalid http2 table index: 70', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid http2 dynamic table size update: %ui', sample: 'upstream sent invalid http2 dynamic table size update: 4', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent http2 table index with continuation flag', sample: 'upstream sent http2 table index with continuation flag', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent zero http2 header name length', sample: 'upstream sent zero http2 header name length', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent too large http2 header name length', sample: 'upstream sent too large http2 header name length', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent too large http2 header value length', sample: 'upstream sent too large http2 header value length', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid encoded header', sample: 'upstream sent invalid encoded header', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent rst stream frame with invalid length: %uz', sample: 'upstream sent rst stream frame with invalid length: 8', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent goaway frame with non-zero stream id: %ui', sample: 'upstream sent goaway frame with non-zero stream id: 1', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent goaway frame with invalid length: %uz', sample: 'upstream sent goaway frame with invalid length: 4', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent window update frame with invalid length: %uz', sample: 'upstream sent window update frame with invalid length: 3', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent too large window update', sample: 'upstream sent too large window update', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent settings frame with non-zero stream id: %ui', sample: 'upstream sent settings frame with non-zero stream id: 1', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent settings frame with ack flag and non-zero length: %uz', sample: 'upstream sent settings frame with ack flag and non-zero length: 6', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent settings frame with invalid length: %uz', sample: 'upstream sent settings frame with invalid length: 5', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent too many settings frames', sample: 'upstream sent too many settings frames', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent settings frame with too large initial window size: %ui', sample: 'upstream sent settings frame with too large initial window size: 2147483648', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent ping frame with non-zero stream id: %ui', sample: 'upstream sent ping frame with non-zero stream id: 3', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent ping frame with invalid length: %uz', sample: 'upstream sent ping frame with invalid length: 4', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent ping frame with ack flag', sample: 'upstream sent ping frame with ack flag', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent too many ping frames', sample: 'upstream sent too many ping frames', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  // ngx_http_proxy_v2_module.c (proxy_http_version 2, 1.29.4+): the gRPC module's HTTP/2 messages
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent no :status header', sample: 'upstream sent no :status header', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent invalid header "%V: %V"', sample: 'upstream sent invalid header ":path: /x"', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent invalid header: "%V: %V"', sample: 'upstream sent invalid header: "X-Upper: 1"', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent duplicate :status header', sample: 'upstream sent duplicate :status header', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent invalid :status "%V"', sample: 'upstream sent invalid :status "20x"', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent unexpected :status "%V"', sample: 'upstream sent unexpected :status "100"', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent unexpected http2 frame: %d', sample: 'upstream sent unexpected http2 frame: 0', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent frame for unknown stream %ui', sample: 'upstream sent frame for unknown stream 5', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream rejected request with error %ui', sample: 'upstream rejected request with error 7', level: 'error', action: HEADER, cause: 'upstream_reset', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent goaway with error %ui', sample: 'upstream sent goaway with error 0', level: 'error', action: HEADER, cause: 'upstream_closed', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent unexpected push promise frame', sample: 'upstream sent unexpected push promise frame', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream prematurely closed stream', sample: 'upstream prematurely closed stream', level: 'error', action: HEADER, cause: 'upstream_closed', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent data frame for unknown stream %ui', sample: 'upstream sent data frame for unknown stream 3', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream violated stream flow control, received %uz data frame with window %uz', sample: 'upstream violated stream flow control, received 70000 data frame with window 65535', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream violated connection flow control, received %uz data frame with window %uz', sample: 'upstream violated connection flow control, received 70000 data frame with window 65535', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent frame for closed stream %ui', sample: 'upstream sent frame for closed stream 1', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent invalid trailer "%V: %V"', sample: 'upstream sent invalid trailer ":status: 200"', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent trailer without end stream flag', sample: 'upstream sent trailer without end stream flag', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent invalid trailer', sample: 'upstream sent invalid trailer', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent too short http2 frame', sample: 'upstream sent too short http2 frame', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent http2 frame with too long padding: %d in frame %uz', sample: 'upstream sent http2 frame with too long padding: 200 in frame 10', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent response body larger than indicated content length', sample: 'upstream sent response body larger than indicated content length', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent too large http2 frame: %uz', sample: 'upstream sent too large http2 frame: 16777215', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent headers frame with invalid length: %uz', sample: 'upstream sent headers frame with invalid length: 0', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent truncated http2 header', sample: 'upstream sent truncated http2 header', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent invalid http2 table index: %ui', sample: 'upstream sent invalid http2 table index: 70', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent invalid http2 dynamic table size update: %ui', sample: 'upstream sent invalid http2 dynamic table size update: 4', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent http2 table index with continuation flag', sample: 'upstream sent http2 table index with continuation flag', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent zero http2 header name length', sample: 'upstream sent zero http2 header name length', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent too large http2 header name length', sample: 'upstream sent too large http2 header name length', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent too large http2 header value length', sample: 'upstream sent too large http2 header value length', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent invalid encoded header', sample: 'upstream sent invalid encoded header', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent rst stream frame with invalid length: %uz', sample: 'upstream sent rst stream frame with invalid length: 8', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent goaway frame with non-zero stream id: %ui', sample: 'upstream sent goaway frame with non-zero stream id: 1', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent goaway frame with invalid length: %uz', sample: 'upstream sent goaway frame with invalid length: 4', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent window update frame with invalid length: %uz', sample: 'upstream sent window update frame with invalid length: 3', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent too large window update', sample: 'upstream sent too large window update', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent settings frame with non-zero stream id: %ui', sample: 'upstream sent settings frame with non-zero stream id: 1', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent settings frame with ack flag and non-zero length: %uz', sample: 'upstream sent settings frame with ack flag and non-zero length: 6', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent settings frame with invalid length: %uz', sample: 'upstream sent settings frame with invalid length: 5', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent too many settings frames', sample: 'upstream sent too many settings frames', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent settings frame with too large initial window size: %ui', sample: 'upstream sent settings frame with too large initial window size: 2147483648', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent ping frame with non-zero stream id: %ui', sample: 'upstream sent ping frame with non-zero stream id: 3', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent ping frame with invalid length: %uz', sample: 'upstream sent ping frame with invalid length: 4', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent ping frame with ack flag', sample: 'upstream sent ping frame with ack flag', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent too many ping frames', sample: 'upstream sent too many ping frames', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'upstream sent invalid header', sample: 'upstream sent invalid header', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  // ngx_http_memcached_module.c
  { kind: 'upstream', source: MC, format: 'memcached sent invalid key in response "%V" for key "%V"', sample: 'memcached sent invalid key in response "VALUE /b 0 1" for key "/a"', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: MC, format: 'memcached sent invalid flags in response "%V" for key "%V"', sample: 'memcached sent invalid flags in response "VALUE /a x 1" for key "/a"', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: MC, format: 'memcached sent invalid length in response "%V" for key "%V"', sample: 'memcached sent invalid length in response "VALUE /a 0 x" for key "/a"', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: MC, format: 'memcached sent invalid response: "%V"', sample: 'memcached sent invalid response: "ERROR"', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: MC, format: 'memcached sent invalid trailer', sample: 'memcached sent invalid trailer', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: MC, format: 'the "$memcached_key" variable is not set', sample: 'the "$memcached_key" variable is not set', level: 'error', cause: 'config_invalid', status: 500 },
  { kind: 'lookalike', source: MC, format: 'key: "%V" was not found by memcached', sample: 'key: "/a" was not found by memcached', level: 'info', action: HEADER, cause: 'static_not_found', status: 404 },
  // added in 1.23 - 1.31 (the nginx.org packages, Amazon Linux 2023, Ubuntu 24.04 and later)
  { kind: 'upstream', source: UP, versions: '1.28.2-1.28.3, 1.29.5-1.31.4', format: 'upstream prematurely sent response', sample: 'upstream prematurely sent response', level: 'error', action: SENDING, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: UP, versions: '1.29.0-1.31.4', format: 'upstream sent too big early hints', sample: 'upstream sent too big early hints', level: 'info', action: HEADER, cause: 'header_too_big', status: null },
  { kind: 'upstream', source: PX, versions: '1.29.0-1.31.4', format: 'upstream sent HTTP/1.0 response with early hints', sample: 'upstream sent HTTP/1.0 response with early hints', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: UP, versions: '1.29.4-1.31.4', format: 'SSL_set_alpn_protos() failed', sample: 'SSL_set_alpn_protos() failed', level: 'error', action: HANDSHAKE, cause: 'upstream_tls', status: 500 },
  { kind: 'upstream', source: `${GR}; ${PV2}`, versions: '1.31.4', format: 'upstream sent zero window update', sample: 'upstream sent zero window update', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: `${GR}; ${PV2}`, versions: '1.31.4', format: 'upstream sent zero window update', sample: 'upstream sent zero window update', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: `${GR}; ${PV2}`, versions: '1.31.3-1.31.4', format: 'upstream sent too large http2 header', sample: 'upstream sent too large http2 header', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: `${GR}; ${PV2}`, versions: '1.31.3-1.31.4', format: 'upstream sent too large http2 header name length: %uz', sample: 'upstream sent too large http2 header name length: 70000', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: `${GR}; ${PV2}`, versions: '1.31.3-1.31.4', format: 'upstream sent too large http2 header value length: %uz', sample: 'upstream sent too large http2 header value length: 70000', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid header', sample: 'upstream sent invalid header', level: 'error', action: HEADER, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: GR, format: 'no connection data found for keepalive http2 connection', sample: 'no connection data found for keepalive http2 connection', level: 'error', action: SENDING, cause: 'invalid_response', status: 502 },
  { kind: 'upstream', source: `${GR}; ${PV2}`, versions: '1.30.3-1.30.4, 1.31.2-1.31.4', format: 'too long http2 URI', sample: 'too long http2 URI', level: 'error', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: `${GR}; ${PV2}`, versions: '1.30.3-1.30.4, 1.31.2-1.31.4', format: 'too long http2 header name: "%V"', sample: 'too long http2 header name: "x-aaaa"', level: 'error', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: `${GR}; ${PV2}`, versions: '1.30.3-1.30.4, 1.31.2-1.31.4', format: 'too long http2 header value: "%V: %V"', sample: 'too long http2 header value: "x-a: bbbb"', level: 'error', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: `${GR}; ${PV2}`, versions: '1.30.3-1.30.4, 1.31.2-1.31.4', format: 'too long http2 host: "%V"', sample: 'too long http2 host: "a.example.com"', level: 'error', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: `${GR}; ${PV2}`, versions: '1.30.3-1.30.4, 1.31.2-1.31.4', format: 'too long http2 method: "%V"', sample: 'too long http2 method: "GETTTT"', level: 'error', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: GR, versions: '1.30.4, 1.31.3-1.31.4', format: 'no buffer space in grpc create request', sample: 'no buffer space in grpc create request', level: 'alert', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: PV2, versions: '1.30.4, 1.31.3-1.31.4', format: 'no buffer space in HTTP/2 create request', sample: 'no buffer space in HTTP/2 create request', level: 'alert', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: `${FC}; ${SC}; ${UW}`, versions: '1.30.4, 1.31.3-1.31.4', format: '%s request length mismatch', sample: 'fastcgi request length mismatch', level: 'alert', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: UW, format: 'uwsgi request is too little: %uz', sample: 'uwsgi request is too little: 3', level: 'alert', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: PV2, versions: '1.29.4-1.31.4', format: 'zero length URI to proxy', sample: 'zero length URI to proxy', level: 'error', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: SSL, format: 'handshake rejected', sample: 'handshake rejected', level: 'error', action: HANDSHAKE, cause: 'upstream_tls', status: 502 },
  { kind: 'upstream', source: EC, versions: '1.22.0-1.31.2', format: 'setsockopt(SO_RCVBUF) failed', sample: 'setsockopt(SO_RCVBUF) failed (22: Invalid argument)', level: 'alert', action: CONNECTING, cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: EC, format: 'setsockopt(IP_TRANSPARENT) failed', sample: 'setsockopt(IP_TRANSPARENT) failed (1: Operation not permitted)', level: 'alert', action: CONNECTING, cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: EC, format: 'setsockopt(SO_KEEPALIVE) failed, ignored', sample: 'setsockopt(SO_KEEPALIVE) failed, ignored (22: Invalid argument)', level: 'alert', action: CONNECTING, cause: 'config_invalid', status: null },
  { kind: 'upstream', source: EC, versions: '1.31.3-1.31.4', format: 'setsockopt(SO_RCVBUF, %d) failed, ignored', sample: 'setsockopt(SO_RCVBUF, 65536) failed, ignored (22: Invalid argument)', level: 'alert', action: CONNECTING, cause: 'config_invalid', status: null },
  { kind: 'upstream', source: EC, format: 'could not enable transparent proxying for IPv6 on this platform', sample: 'could not enable transparent proxying for IPv6 on this platform', level: 'alert', action: CONNECTING, cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: UP, format: 'setsockopt(TCP_CORK) failed', sample: 'setsockopt(TCP_CORK) failed (9: Bad file descriptor)', level: 'crit', action: SENDING, cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: 'src/core/ngx_connection.c', format: 'the new socket has number %d, but only %ui files are available', sample: 'the new socket has number 1024, but only 1024 files are available', level: 'alert', action: CONNECTING, cause: 'fd_exhaustion', status: 500 },
  { kind: 'upstream', source: `${OS}/ngx_send.c`, format: 'send() returned zero', sample: 'send() returned zero', level: 'alert', action: SENDING, cause: 'upstream_closed', status: 502 },
  { kind: 'upstream', source: 'src/http/modules/ngx_http_upstream_zone_module.c', versions: '1.27.3-1.31.4', format: 'cannot add new server to upstream "%V", memory exhausted', sample: 'cannot add new server to upstream "backend", memory exhausted', level: 'error', bare: true, cause: 'config_invalid', status: null },
  { kind: 'upstream', source: 'src/http/modules/ngx_http_upstream_zone_module.c', versions: '1.27.3-1.31.4', format: '%V could not be resolved (%i: %s)', sample: 'backend.internal could not be resolved (3: Host not found)', level: 'error', bare: true, cause: 'dns_failure', status: 502 },
  { kind: 'upstream', source: 'src/http/modules/ngx_http_upstream_zone_module.c', versions: '1.27.3-1.31.4', format: 'service %V of %V could not be resolved (%i: %s)', sample: 'service _http._tcp of backend.internal could not be resolved (3: Host not found)', level: 'error', bare: true, cause: 'dns_failure', status: 502 },
  { kind: 'upstream', source: 'src/http/modules/ngx_http_upstream_zone_module.c', versions: '1.27.3-1.31.4', format: 'no resolver defined to resolve %V', sample: 'no resolver defined to resolve backend.internal', level: 'error', bare: true, cause: 'dns_failure', status: 502 },
  // kqueue platforms (FreeBSD, macOS), musl (Alpine) and Windows: the errno by its text
  { kind: 'upstream', source: `${OS}/ngx_recv.c`, format: 'kevent() reported about an closed connection', sample: 'kevent() reported about an closed connection (54: Connection reset by peer)', level: 'error', action: HEADER, cause: 'upstream_reset', status: 502 },
  { kind: 'upstream', source: `${OS}/ngx_writev_chain.c`, format: 'kevent() reported about an closed connection', sample: 'kevent() reported about an closed connection (32: Broken pipe)', level: 'error', action: SENDING, cause: 'upstream_reset', status: 502 },
  { kind: 'upstream', source: `${OS}/ngx_readv_chain.c`, format: 'kevent() reported about an closed connection', sample: 'kevent() reported about an closed connection (54: Connection reset by peer)', level: 'info', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: 'src/event/ngx_event_pipe.c', format: 'kevent() reported that upstream closed connection', sample: 'kevent() reported that upstream closed connection (54: Connection reset by peer)', level: 'error', action: BODY, cause: 'upstream_body_error', status: null },
  { kind: 'upstream', source: UP, format: 'kevent() reported that connect() failed', sample: 'kevent() reported that connect() failed (65: No route to host)', level: 'error', action: CONNECTING, cause: 'upstream_unreachable', status: 502 },
  { kind: 'upstream', source: UP, format: 'kevent() reported that connect() failed', sample: 'kevent() reported that connect() failed (60: Operation timed out)', level: 'error', action: CONNECTING, cause: 'upstream_unreachable', status: 502 },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to 127.0.0.1:3000 failed (61: Connection refused)', level: 'error', action: CONNECTING, cause: 'upstream_refused', status: 502 },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to 10.0.8.30:8080 failed (49: Can\'t assign requested address)', level: 'crit', action: CONNECTING, cause: 'port_exhaustion', status: 502 },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to 10.0.8.30:8080 failed (99: Address not available)', level: 'crit', action: CONNECTING, cause: 'port_exhaustion', status: 502 },
  { kind: 'upstream', source: UP, format: 'connect() failed', sample: 'connect() failed (113: Host is unreachable)', level: 'error', action: CONNECTING, cause: 'upstream_unreachable', status: 502 },
  { kind: 'upstream', source: UP, format: 'connect() failed', sample: 'connect() failed (10061: No connection could be made because the target machine actively refused it.)', level: 'error', action: CONNECTING, cause: 'upstream_refused', status: 502 },
  { kind: 'upstream', source: `${OS}/ngx_recv.c`, format: 'recv() failed', sample: 'recv() failed (54: Connection reset by peer)', level: 'error', action: HEADER, cause: 'upstream_reset', status: 502 },
  { kind: 'upstream', source: 'src/os/win32/ngx_wsarecv.c', format: 'WSARecv() failed', sample: 'WSARecv() failed (10054: An existing connection was forcibly closed by the remote host)', level: 'error', action: HEADER, cause: 'upstream_reset', status: 502 },
  { kind: 'upstream', source: UP, format: 'upstream timed out', sample: 'upstream timed out (60: Operation timed out)', level: 'error', action: HEADER, cause: 'upstream_timeout', status: 504 },
  { kind: 'upstream', source: EC, format: 'ioctl(FIONBIO) failed', sample: 'ioctl(FIONBIO) failed (9: Bad file descriptor)', level: 'alert', action: CONNECTING, cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: EC, format: 'setsockopt(SO_REUSEADDR) failed', sample: 'setsockopt(SO_REUSEADDR) failed (22: Invalid argument)', level: 'alert', action: CONNECTING, cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: EC, format: 'setsockopt(IP_BINDANY) failed', sample: 'setsockopt(IP_BINDANY) failed (1: Operation not permitted)', level: 'alert', action: CONNECTING, cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: EC, format: 'setsockopt(SO_BINDANY) failed', sample: 'setsockopt(SO_BINDANY) failed (1: Operation not permitted)', level: 'alert', action: CONNECTING, cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: EC, format: 'setsockopt(IPV6_TRANSPARENT) failed', sample: 'setsockopt(IPV6_TRANSPARENT) failed (1: Operation not permitted)', level: 'alert', action: CONNECTING, cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: EC, format: 'setsockopt(IPV6_BINDANY) failed', sample: 'setsockopt(IPV6_BINDANY) failed (1: Operation not permitted)', level: 'alert', action: CONNECTING, cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: EC, format: 'setsockopt(IP_BIND_ADDRESS_NO_PORT) failed, ignored', sample: 'setsockopt(IP_BIND_ADDRESS_NO_PORT) failed, ignored (22: Invalid argument)', level: 'alert', action: CONNECTING, cause: 'config_invalid', status: null },
  { kind: 'upstream', source: EC, versions: '1.31.3-1.31.4', format: 'setsockopt(SO_SNDBUF, %d) failed, ignored', sample: 'setsockopt(SO_SNDBUF, 65536) failed, ignored (22: Invalid argument)', level: 'alert', action: CONNECTING, cause: 'config_invalid', status: null },
  { kind: 'upstream', source: `${GR}; ${PV2}`, versions: '1.30.3-1.30.4, 1.31.2-1.31.4', format: 'too long http2 header name', sample: 'too long http2 header name', level: 'error', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: `${GR}; ${PV2}`, versions: '1.30.3-1.30.4, 1.31.2-1.31.4', format: 'too long http2 header value', sample: 'too long http2 header value', level: 'error', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: SC, versions: '1.30.4, 1.31.3-1.31.4', format: 'scgi request length mismatch', sample: 'scgi request length mismatch', level: 'alert', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: UW, versions: '1.30.4, 1.31.3-1.31.4', format: 'uwsgi request length mismatch', sample: 'uwsgi request length mismatch', level: 'alert', cause: 'config_invalid', status: 500 },
  { kind: 'upstream', source: 'src/http/modules/ngx_http_upstream_zone_module.c', versions: '1.27.3-1.31.4', format: '%V could not be resolved (%i: %s) while resolving service %V of %V', sample: 'backend-1.internal could not be resolved (3: Host not found) while resolving service _http._tcp of backend.internal', level: 'error', bare: true, cause: 'dns_failure', status: 502 },
  { kind: 'upstream', source: 'src/os/unix/ngx_udp_send.c', format: 'sendto() incomplete', sample: 'sendto() incomplete', tail: ' while resolving, resolver: 10.0.0.2:53', level: 'crit', bare: true, cause: 'dns_failure', status: null },
  { kind: 'lookalike', source: UP, format: 'client timed out', sample: 'client timed out (110: Connection timed out)', level: 'info', action: 'sending to client', cause: 'client_closed', status: null },
  { kind: 'lookalike', source: UP, format: 'client prematurely closed connection', sample: 'client prematurely closed connection', level: 'info', action: HEADER, cause: 'client_closed', status: 499 },
  { kind: 'lookalike', source: UP, format: 'kevent() reported that client prematurely closed connection', sample: 'kevent() reported that client prematurely closed connection', level: 'info', action: CONNECTING, cause: 'client_closed', status: 499 },
  // the resolver's own lines before `could not be resolved`
  { kind: 'upstream', source: RS, format: 'DNS error (%ui: %s), query id:%ui, name:"%*s"', sample: 'DNS error (3: Host not found), query id:4410, name:"backend.internal"', tail: ' while resolving, resolver: 10.0.0.2:53', level: 'error', bare: true, cause: 'dns_failure', status: null },
  { kind: 'upstream', source: RS, format: 'unexpected DNS response for %V', sample: 'unexpected DNS response for backend.internal', tail: ' while resolving, resolver: 10.0.0.2:53', level: 'error', bare: true, cause: 'dns_failure', status: null },
  { kind: 'upstream', source: RS, format: 'send() incomplete', sample: 'send() incomplete', tail: ' while resolving, resolver: 10.0.0.2:53', level: 'crit', bare: true, cause: 'dns_failure', status: null },
  { kind: 'upstream', source: RS, format: 'connect() to %V failed', sample: 'connect() to 10.0.0.2:53 failed (111: Connection refused)', tail: ' while resolving, resolver: 10.0.0.2:53', level: 'error', bare: true, cause: 'dns_failure', status: null },
  { kind: 'upstream', source: 'src/os/unix/ngx_udp_send.c', format: 'sendto() failed', sample: 'sendto() failed (101: Network is unreachable)', tail: ' while resolving, resolver: 10.0.0.2:53', level: 'error', bare: true, cause: 'dns_failure', status: null },
  // name resolution
  { kind: 'config', source: `${UP}; src/core/ngx_inet.c`, format: '%s in upstream "%V"', sample: 'host not found in upstream "app:8000" in /etc/nginx/conf.d/app.conf:3', level: 'emerg', bare: true, cause: 'dns_failure', status: null },
  { kind: 'upstream', source: RS, format: 'recv() failed', sample: 'recv() failed (111: Connection refused)', tail: ' while resolving, resolver: 127.0.0.53:53', level: 'error', bare: true, cause: 'dns_failure', status: null },
  // client side, rate limits, static files
  { kind: 'lookalike', source: UP, format: 'client prematurely closed connection, so upstream connection is closed too', sample: 'client prematurely closed connection, so upstream connection is closed too', level: 'info', action: HEADER, cause: 'client_closed', status: 499 },
  { kind: 'lookalike', source: UP, format: 'epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too', sample: 'epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too', level: 'info', action: SENDING, cause: 'client_closed', status: 499 },
  { kind: 'lookalike', source: UP, format: 'kevent() reported that client prematurely closed connection, so upstream connection is closed too', sample: 'kevent() reported that client prematurely closed connection, so upstream connection is closed too', level: 'info', action: HEADER, cause: 'client_closed', status: 499 },
  { kind: 'lookalike', source: UP, format: 'epoll_wait() reported that client prematurely closed connection', sample: 'epoll_wait() reported that client prematurely closed connection', level: 'info', action: CONNECTING, cause: 'client_closed', status: 499 },
  { kind: 'lookalike', source: 'src/http/ngx_http_request.c', format: 'client closed connection', sample: 'client closed connection', level: 'info', action: 'waiting for request', cause: 'client_closed', status: null },
  { kind: 'lookalike', source: SSL, format: 'SSL_do_handshake() failed', sample: 'SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol)', level: 'info', action: 'SSL handshaking', cause: 'client_tls', status: null },
  { kind: 'lookalike', source: 'src/http/ngx_http_core_module.c', format: 'client intended to send too large body: %O bytes', sample: 'client intended to send too large body: 2000000 bytes', level: 'error', cause: 'client_body_too_large', status: 413 },
  { kind: 'lookalike', source: 'src/http/modules/ngx_http_limit_req_module.c', format: 'limiting requests%s, excess: %ui.%03ui by zone "%V"', sample: 'limiting requests, excess: 10.500 by zone "api"', level: 'error', cause: 'rate_limited', status: 503 },
  { kind: 'lookalike', source: 'src/http/modules/ngx_http_limit_req_module.c', format: 'delaying request%s, excess: %ui.%03ui, by zone "%V"', sample: 'delaying request, excess: 0.500, by zone "api"', level: 'warn', cause: 'rate_limited', status: null },
  { kind: 'lookalike', source: 'src/http/modules/ngx_http_limit_conn_module.c', format: 'limiting connections%s by zone "%V"', sample: 'limiting connections by zone "perip"', level: 'error', cause: 'rate_limited', status: 503 },
  { kind: 'lookalike', source: 'src/http/modules/ngx_http_static_module.c', format: 'open() "%s" failed', sample: 'open() "/usr/share/nginx/html/x.png" failed (2: No such file or directory)', level: 'error', cause: 'static_not_found', status: 404 },
  { kind: 'lookalike', source: 'src/http/modules/ngx_http_autoindex_module.c', format: 'directory index of "%s" is forbidden', sample: 'directory index of "/var/www/html/" is forbidden', level: 'error', cause: 'static_not_found', status: 403 },
  { kind: 'lookalike', source: 'src/http/ngx_http_request_body.c', format: 'a client request body is buffered to a temporary file %V', sample: 'a client request body is buffered to a temporary file /var/lib/nginx/body/0000000001', level: 'warn', cause: 'buffered_to_temp', status: null },
  { kind: 'lookalike', source: 'src/http/ngx_http_request.c', format: 'client sent plain HTTP request to HTTPS port', sample: 'client sent plain HTTP request to HTTPS port', level: 'info', action: 'reading client request headers', cause: 'client_tls', status: 400 },
  // lifecycle
  { kind: 'lifecycle', source: `${OS}/ngx_process.c`, format: '%s %P exited on signal %d%s', sample: 'worker process 31 exited on signal 11 (core dumped)', level: 'alert', bare: true, cause: 'worker_crash', status: null },
  { kind: 'lifecycle', source: `${OS}/ngx_process.c`, format: 'signal %d (%s) received from %P%s', sample: 'signal 1 (SIGHUP) received from 812, reconfiguring', level: 'notice', bare: true, cause: 'nginx_reload', status: null },
  { kind: 'lifecycle', source: `${OS}/ngx_process.c`, format: 'signal %d (%s) received from %P%s', sample: 'signal 15 (SIGTERM) received from 1, exiting', level: 'notice', bare: true, cause: 'nginx_stop', status: null },
  { kind: 'lifecycle', source: `${OS}/ngx_process.c`, format: 'signal %d (%s) received from %P%s', sample: 'signal 3 (SIGQUIT) received from 1, shutting down', level: 'notice', bare: true, cause: 'nginx_stop', status: null },
  { kind: 'lifecycle', source: `${OS}/ngx_process_cycle.c`, format: 'gracefully shutting down', sample: 'gracefully shutting down', level: 'notice', bare: true, cause: 'nginx_stop', status: null },
  { kind: 'lifecycle', source: `${OS}/ngx_process_cycle.c`, format: 'exiting', sample: 'exiting', level: 'notice', bare: true, cause: 'nginx_stop', status: null },
  { kind: 'lifecycle', source: `${OS}/ngx_process_cycle.c`, format: 'start worker processes', sample: 'start worker processes', level: 'notice', bare: true, cause: 'nginx_start', status: null },
  { kind: 'lifecycle', source: `${OS}/ngx_process_cycle.c`, format: 'start worker process %P', sample: 'start worker process 29', level: 'notice', bare: true, cause: 'nginx_start', status: null },
  { kind: 'lifecycle', source: 'src/event/ngx_event.c', format: 'using the "%s" event method', sample: 'using the "epoll" event method', level: 'notice', bare: true, cause: 'nginx_start', status: null },
  { kind: 'lifecycle', source: `${OS}/ngx_process.c`, format: 'signal %d (%s) received%s', sample: 'signal 29 (SIGIO) received', level: 'notice', bare: true, cause: 'nginx_reload', status: null },
  { kind: 'lifecycle', source: `${OS}/ngx_posix_init.c`, format: 'nginx/%s', sample: 'nginx/1.26.3 (Ubuntu)', level: 'notice', bare: true, cause: 'nginx_start', status: null },
  // configuration
  { kind: 'config', source: 'src/core/ngx_connection.c', format: 'bind() to %V failed', sample: 'bind() to 0.0.0.0:80 failed (98: Address already in use)', level: 'emerg', bare: true, cause: 'bind_failed', status: null },
  { kind: 'config', source: 'src/core/ngx_cycle.c', format: 'open() "%s" failed', sample: 'open() "/run/nginx.pid" failed (13: Permission denied)', level: 'emerg', bare: true, cause: 'pid_permission', status: null },
  { kind: 'config', source: 'src/core/ngx_conf_file.c', format: 'unknown directive "%s"', sample: 'unknown directive "proxy_passs" in /etc/nginx/nginx.conf:30', level: 'emerg', bare: true, cause: 'config_invalid', status: null },
  { kind: 'config', source: PX, format: 'invalid URL prefix', sample: 'invalid URL prefix in /etc/nginx/conf.d/app.conf:9', level: 'emerg', bare: true, cause: 'config_invalid', status: null },
];
