import type { CauseId, Level } from '#shared/types.ts';

/**
 * Every message nginx writes around proxying that the catalogue must recognise, taken from nginx's own
 * source (the file and the C format string after joining its literal pieces), with one rendered sample.
 * `kind: 'upstream'` rows are the messages nginx writes when a request fails because of the backend (the
 * 502/504 family and their after-the-status twins); the other kinds are the look-alikes, lifecycle and
 * configuration lines the contract also names. The test renders each into a full log line.
 */
export interface NginxMessage {
  kind: 'upstream' | 'lookalike' | 'lifecycle' | 'config';
  source: string;
  /** The C format string as nginx logs it (`%V`, `%ui`, ... are nginx's printf conversions). */
  format: string;
  /** A message rendered from `format`, as it appears in the log before ` while ` and the tail. */
  sample: string;
  level: Level;
  /** The `log->action` in force when nginx writes it; absent when nginx writes no ` while ` part. */
  action?: string;
  /** Process-level lines carry no `*cid` and no `, client: ...` tail. */
  bare?: boolean;
  /** Text nginx appends instead of the HTTP tail (the resolver's own log handler). */
  tail?: string;
  cause: CauseId;
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

const CONNECTING = 'connecting to upstream';
const HANDSHAKE = 'SSL handshaking to upstream';
const SENDING = 'sending request to upstream';
const HEADER = 'reading response header from upstream';
const BODY = 'reading upstream';

// biome-ignore format: one message per row reads as a table
export const NGINX_MESSAGES: readonly NginxMessage[] = [
  // ngx_http_upstream.c
  { kind: 'upstream', source: UP, format: 'no live upstreams', sample: 'no live upstreams', level: 'error', action: CONNECTING, cause: 'no_live_upstreams' },
  { kind: 'upstream', source: UP, format: 'upstream timed out', sample: 'upstream timed out (110: Connection timed out)', level: 'error', action: CONNECTING, cause: 'connect_timeout' },
  { kind: 'upstream', source: UP, format: 'upstream timed out', sample: 'upstream timed out (110: Connection timed out)', level: 'error', action: HANDSHAKE, cause: 'connect_timeout' },
  { kind: 'upstream', source: UP, format: 'upstream timed out', sample: 'upstream timed out (110: Connection timed out)', level: 'error', action: SENDING, cause: 'upstream_timeout' },
  { kind: 'upstream', source: UP, format: 'upstream timed out', sample: 'upstream timed out (110: Connection timed out)', level: 'error', action: HEADER, cause: 'upstream_timeout' },
  { kind: 'upstream', source: UP, format: 'upstream timed out', sample: 'upstream timed out (110: Connection timed out)', level: 'error', action: BODY, cause: 'upstream_body_error' },
  { kind: 'upstream', source: UP, format: 'upstream prematurely closed connection', sample: 'upstream prematurely closed connection', level: 'error', action: HEADER, cause: 'upstream_closed' },
  { kind: 'upstream', source: UP, format: 'upstream prematurely closed connection', sample: 'upstream prematurely closed connection', level: 'error', action: BODY, cause: 'upstream_body_error' },
  { kind: 'upstream', source: UP, format: 'upstream sent too big header', sample: 'upstream sent too big header', level: 'error', action: HEADER, cause: 'header_too_big' },
  { kind: 'upstream', source: UP, format: 'upstream buffer is too small to read response', sample: 'upstream buffer is too small to read response', level: 'alert', action: BODY, cause: 'header_too_big' },
  { kind: 'upstream', source: UP, format: 'connect() failed', sample: 'connect() failed (111: Connection refused)', level: 'error', action: CONNECTING, cause: 'upstream_refused' },
  { kind: 'upstream', source: UP, format: 'connect() failed', sample: 'connect() failed (113: No route to host)', level: 'error', action: CONNECTING, cause: 'upstream_unreachable' },
  { kind: 'upstream', source: UP, format: 'connect() failed', sample: 'connect() failed (110: Connection timed out)', level: 'error', action: CONNECTING, cause: 'upstream_unreachable' },
  { kind: 'upstream', source: UP, format: 'connect() failed', sample: 'connect() failed (104: Connection reset by peer)', level: 'error', action: CONNECTING, cause: 'upstream_reset' },
  { kind: 'upstream', source: UP, format: 'kevent() reported that connect() failed', sample: 'kevent() reported that connect() failed (61: Connection refused)', level: 'error', action: CONNECTING, cause: 'upstream_unreachable' },
  { kind: 'upstream', source: UP, format: 'no resolver defined to resolve %V', sample: 'no resolver defined to resolve backend.internal', level: 'error', cause: 'dns_failure' },
  { kind: 'upstream', source: UP, format: '%V could not be resolved (%i: %s)', sample: 'backend.internal could not be resolved (3: Host not found)', level: 'error', cause: 'dns_failure' },
  { kind: 'upstream', source: UP, format: '%V could not be resolved (%i: %s)', sample: 'backend.internal could not be resolved (110: Operation timed out)', level: 'error', cause: 'dns_failure' },
  { kind: 'upstream', source: UP, format: 'no port in upstream "%V"', sample: 'no port in upstream "backend.internal"', level: 'error', cause: 'config_invalid' },
  { kind: 'upstream', source: UP, format: 'upstream SSL certificate verify error: (%l:%s)', sample: 'upstream SSL certificate verify error: (18:self-signed certificate)', level: 'error', action: HANDSHAKE, cause: 'upstream_tls' },
  { kind: 'upstream', source: UP, format: 'upstream SSL certificate does not match "%V"', sample: 'upstream SSL certificate does not match "api.internal"', level: 'error', action: HANDSHAKE, cause: 'upstream_tls' },
  { kind: 'upstream', source: UP, format: 'SSL_set_tlsext_host_name("%s") failed', sample: 'SSL_set_tlsext_host_name("api.internal") failed (SSL: error:0A000110:SSL routines::ssl3 ext invalid servername)', level: 'error', action: HANDSHAKE, cause: 'upstream_tls' },
  { kind: 'upstream', source: UP, format: 'upstream sent duplicate header line: "%V: %V", previous value: "%V: %V"', sample: 'upstream sent duplicate header line: "Content-Length: 5", previous value: "Content-Length: 7"', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: UP, format: 'upstream sent duplicate header line: "%V: %V", previous value: "%V: %V", ignoring', sample: 'upstream sent duplicate header line: "Server: b", previous value: "Server: a", ignoring', level: 'warn', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: UP, format: 'upstream sent "Content-Length" and "Transfer-Encoding" headers at the same time', sample: 'upstream sent "Content-Length" and "Transfer-Encoding" headers at the same time', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: UP, format: 'upstream sent invalid "Content-Length" header: "%V: %V"', sample: 'upstream sent invalid "Content-Length" header: "Content-Length: -1"', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: UP, format: 'upstream sent unknown "Transfer-Encoding": "%V"', sample: 'upstream sent unknown "Transfer-Encoding": "identity"', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: UP, format: 'an upstream response is buffered to a temporary file %V', sample: 'an upstream response is buffered to a temporary file /var/lib/nginx/proxy/1/00/0000000001', level: 'warn', action: BODY, cause: 'buffered_to_temp' },
  { kind: 'upstream', source: RR, format: 'upstream server temporarily disabled', sample: 'upstream server temporarily disabled', level: 'warn', action: CONNECTING, cause: 'no_live_upstreams' },
  // ngx_event_connect.c and the connection layer
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory)', level: 'crit', action: CONNECTING, cause: 'socket_missing' },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to unix:/run/php/php8.2-fpm.sock failed (13: Permission denied)', level: 'crit', action: CONNECTING, cause: 'socket_permission' },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable)', level: 'error', action: CONNECTING, cause: 'backend_overloaded' },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to unix:/run/php/php8.2-fpm.sock failed (111: Connection refused)', level: 'error', action: CONNECTING, cause: 'upstream_refused' },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to 127.0.0.1:8000 failed (111: Connection refused)', level: 'error', action: CONNECTING, cause: 'upstream_refused' },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to 127.0.0.1:8080 failed (13: Permission denied)', level: 'crit', action: CONNECTING, cause: 'selinux_denied' },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to 10.0.8.30:8080 failed (99: Cannot assign requested address)', level: 'crit', action: CONNECTING, cause: 'port_exhaustion' },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to [2001:db8::5]:8080 failed (101: Network is unreachable)', level: 'error', action: CONNECTING, cause: 'upstream_unreachable' },
  { kind: 'upstream', source: EC, format: 'connect() to %V failed', sample: 'connect() to 10.0.8.30:8080 failed (113: No route to host)', level: 'error', action: CONNECTING, cause: 'upstream_unreachable' },
  { kind: 'upstream', source: EC, format: 'socket() failed', sample: 'socket() failed (24: Too many open files)', level: 'alert', action: CONNECTING, cause: 'fd_exhaustion' },
  { kind: 'upstream', source: EC, format: 'socket() failed', sample: 'socket() failed (97: Address family not supported by protocol)', level: 'alert', action: CONNECTING, cause: 'upstream_unreachable' },
  { kind: 'upstream', source: EC, format: 'bind(%V) failed', sample: 'bind(10.0.1.20) failed (99: Cannot assign requested address)', level: 'crit', action: CONNECTING, cause: 'port_exhaustion' },
  { kind: 'upstream', source: 'src/core/ngx_connection.c', format: '%ui worker_connections are not enough', sample: '1024 worker_connections are not enough', level: 'alert', action: CONNECTING, cause: 'fd_exhaustion' },
  { kind: 'upstream', source: 'src/core/ngx_connection.c', format: '%ui worker_connections are not enough, reusing connections', sample: '1024 worker_connections are not enough, reusing connections', level: 'warn', bare: true, cause: 'fd_exhaustion' },
  { kind: 'upstream', source: 'src/event/ngx_event_accept.c', format: 'accept4() failed', sample: 'accept4() failed (24: Too many open files)', level: 'crit', bare: true, cause: 'fd_exhaustion' },
  { kind: 'config', source: 'src/event/ngx_event.c', format: '%ui worker_connections exceed open file resource limit: %i', sample: '4096 worker_connections exceed open file resource limit: 1024', level: 'warn', bare: true, cause: 'fd_exhaustion' },
  // socket I/O on the backend connection (ngx_connection_error)
  { kind: 'upstream', source: `${OS}/ngx_recv.c`, format: 'recv() failed', sample: 'recv() failed (104: Connection reset by peer)', level: 'error', action: HEADER, cause: 'upstream_reset' },
  { kind: 'upstream', source: `${OS}/ngx_recv.c`, format: 'recv() failed', sample: 'recv() failed (110: Connection timed out)', level: 'error', action: HEADER, cause: 'upstream_unreachable' },
  { kind: 'upstream', source: `${OS}/ngx_recv.c`, format: 'recv() failed', sample: 'recv() failed (111: Connection refused)', level: 'error', action: HEADER, cause: 'upstream_refused' },
  { kind: 'upstream', source: `${OS}/ngx_send.c`, format: 'send() failed', sample: 'send() failed (32: Broken pipe)', level: 'error', action: SENDING, cause: 'upstream_reset' },
  { kind: 'upstream', source: `${OS}/ngx_writev_chain.c`, format: 'writev() failed', sample: 'writev() failed (32: Broken pipe)', level: 'error', action: SENDING, cause: 'upstream_reset' },
  { kind: 'upstream', source: `${OS}/ngx_writev_chain.c`, format: 'writev() failed', sample: 'writev() failed (104: Connection reset by peer)', level: 'error', action: SENDING, cause: 'upstream_reset' },
  { kind: 'upstream', source: `${OS}/ngx_linux_sendfile_chain.c`, format: 'sendfile() failed', sample: 'sendfile() failed (32: Broken pipe)', level: 'error', action: SENDING, cause: 'upstream_reset' },
  { kind: 'upstream', source: `${OS}/ngx_readv_chain.c`, format: 'readv() failed', sample: 'readv() failed (104: Connection reset by peer)', level: 'error', action: BODY, cause: 'upstream_body_error' },
  // ngx_event_openssl.c
  { kind: 'upstream', source: SSL, format: 'SSL_do_handshake() failed', sample: 'SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number)', level: 'error', action: HANDSHAKE, cause: 'upstream_tls' },
  { kind: 'upstream', source: SSL, format: 'peer closed connection in SSL handshake', sample: 'peer closed connection in SSL handshake (104: Connection reset by peer)', level: 'error', action: HANDSHAKE, cause: 'upstream_tls' },
  { kind: 'upstream', source: SSL, format: 'SSL_read() failed', sample: 'SSL_read() failed (SSL: error:0A000126:SSL routines::unexpected eof while reading)', level: 'error', action: HEADER, cause: 'upstream_closed' },
  { kind: 'upstream', source: SSL, format: 'SSL_write() failed', sample: 'SSL_write() failed (32: Broken pipe)', level: 'error', action: SENDING, cause: 'upstream_reset' },
  // ngx_http_proxy_module.c
  { kind: 'upstream', source: PX, format: 'upstream sent no valid HTTP/1.0 header', sample: 'upstream sent no valid HTTP/1.0 header', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: `${PX}; ${FC}; ${UW}; ${SC}`, format: 'upstream sent invalid header: "%*s\\x%02xd..."', sample: 'upstream sent invalid header: "Bad Header\\x0A..."', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: `${FC}; ${UW}; ${SC} (nginx < 1.21.1)`, format: 'upstream sent invalid header', sample: 'upstream sent invalid header', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: PX, format: 'upstream sent invalid chunked response', sample: 'upstream sent invalid chunked response', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: PX, format: 'upstream sent invalid chunked response', sample: 'upstream sent invalid chunked response', level: 'error', action: BODY, cause: 'upstream_body_error' },
  { kind: 'upstream', source: `${PX}; ${FC}`, format: 'upstream sent more data than specified in "Content-Length" header', sample: 'upstream sent more data than specified in "Content-Length" header', level: 'warn', action: BODY, cause: 'upstream_body_error' },
  { kind: 'upstream', source: PX, format: 'upstream sent data after final chunk', sample: 'upstream sent data after final chunk', level: 'warn', action: BODY, cause: 'upstream_body_error' },
  { kind: 'upstream', source: PX, format: 'upstream sent data after trailers', sample: 'upstream sent data after trailers', level: 'warn', action: BODY, cause: 'upstream_body_error' },
  { kind: 'upstream', source: PX, format: 'upstream sent too big trailers', sample: 'upstream sent too big trailers', level: 'error', action: BODY, cause: 'upstream_body_error' },
  { kind: 'upstream', source: PX, format: 'upstream sent invalid trailer: "%*s\\x%02xd..."', sample: 'upstream sent invalid trailer: "X\\x00..."', level: 'error', action: BODY, cause: 'upstream_body_error' },
  { kind: 'upstream', source: PX, format: 'invalid URL prefix in "%V"', sample: 'invalid URL prefix in "backend:8080/x"', level: 'error', cause: 'config_invalid' },
  { kind: 'upstream', source: PX, format: 'zero length URI to proxy', sample: 'zero length URI to proxy', level: 'error', cause: 'config_invalid' },
  // ngx_http_fastcgi_module.c (and the status line shared with uwsgi / scgi)
  { kind: 'upstream', source: FC, format: 'FastCGI sent in stderr: "%*s"', sample: 'FastCGI sent in stderr: "Primary script unknown"', level: 'error', action: HEADER, cause: 'fastcgi_stderr' },
  { kind: 'upstream', source: FC, format: 'FastCGI sent in stderr: "%*s"', sample: 'FastCGI sent in stderr: "PHP message: PHP Fatal error:  Uncaught TypeError: x in /app/a.php:3"', level: 'error', action: HEADER, cause: 'fastcgi_stderr' },
  { kind: 'upstream', source: FC, format: 'upstream sent unexpected FastCGI record: %ui', sample: 'upstream sent unexpected FastCGI record: 3', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: FC, format: 'upstream prematurely closed FastCGI stdout', sample: 'upstream prematurely closed FastCGI stdout', level: 'error', action: HEADER, cause: 'upstream_closed' },
  { kind: 'upstream', source: FC, format: 'upstream prematurely closed FastCGI request', sample: 'upstream prematurely closed FastCGI request', level: 'error', action: BODY, cause: 'upstream_body_error' },
  { kind: 'upstream', source: FC, format: 'upstream sent unsupported FastCGI protocol version: %d', sample: 'upstream sent unsupported FastCGI protocol version: 72', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: FC, format: 'upstream sent invalid FastCGI record type: %d', sample: 'upstream sent invalid FastCGI record type: 9', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: FC, format: 'upstream sent unexpected FastCGI request id high byte: %d', sample: 'upstream sent unexpected FastCGI request id high byte: 1', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: FC, format: 'upstream sent unexpected FastCGI request id low byte: %d', sample: 'upstream sent unexpected FastCGI request id low byte: 2', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: `${FC}; ${UW}; ${SC}`, format: 'upstream sent invalid status "%V"', sample: 'upstream sent invalid status "abc"', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: FC, format: 'invalid header after joining FastCGI records', sample: 'invalid header after joining FastCGI records', level: 'alert', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: FC, format: 'fastcgi request record is too big: %uz', sample: 'fastcgi request record is too big: 70000', level: 'alert', cause: 'config_invalid' },
  { kind: 'upstream', source: UW, format: 'uwsgi request is too big: %uz', sample: 'uwsgi request is too big: 70000', level: 'alert', cause: 'config_invalid' },
  // ngx_http_grpc_module.c
  { kind: 'upstream', source: GR, format: 'upstream sent no :status header', sample: 'upstream sent no :status header', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid header "%V: %V"', sample: 'upstream sent invalid header ":path: /x"', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid header: "%V: %V"', sample: 'upstream sent invalid header: "X-Upper: 1"', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent duplicate :status header', sample: 'upstream sent duplicate :status header', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid :status "%V"', sample: 'upstream sent invalid :status "20x"', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent unexpected :status "%V"', sample: 'upstream sent unexpected :status "100"', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent unexpected http2 frame: %d', sample: 'upstream sent unexpected http2 frame: 0', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent frame for unknown stream %ui', sample: 'upstream sent frame for unknown stream 5', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream rejected request with error %ui', sample: 'upstream rejected request with error 7', level: 'error', action: HEADER, cause: 'upstream_reset' },
  { kind: 'upstream', source: GR, format: 'upstream sent goaway with error %ui', sample: 'upstream sent goaway with error 0', level: 'error', action: HEADER, cause: 'upstream_closed' },
  { kind: 'upstream', source: GR, format: 'upstream sent unexpected push promise frame', sample: 'upstream sent unexpected push promise frame', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream prematurely closed stream', sample: 'upstream prematurely closed stream', level: 'error', action: HEADER, cause: 'upstream_closed' },
  { kind: 'upstream', source: GR, format: 'upstream sent data frame for unknown stream %ui', sample: 'upstream sent data frame for unknown stream 3', level: 'error', action: BODY, cause: 'upstream_body_error' },
  { kind: 'upstream', source: GR, format: 'upstream violated stream flow control, received %uz data frame with window %uz', sample: 'upstream violated stream flow control, received 70000 data frame with window 65535', level: 'error', action: BODY, cause: 'upstream_body_error' },
  { kind: 'upstream', source: GR, format: 'upstream violated connection flow control, received %uz data frame with window %uz', sample: 'upstream violated connection flow control, received 70000 data frame with window 65535', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent frame for closed stream %ui', sample: 'upstream sent frame for closed stream 1', level: 'error', action: BODY, cause: 'upstream_body_error' },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid trailer "%V: %V"', sample: 'upstream sent invalid trailer ":status: 200"', level: 'error', action: BODY, cause: 'upstream_body_error' },
  { kind: 'upstream', source: GR, format: 'upstream sent trailer without end stream flag', sample: 'upstream sent trailer without end stream flag', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid trailer', sample: 'upstream sent invalid trailer', level: 'error', action: BODY, cause: 'upstream_body_error' },
  { kind: 'upstream', source: GR, format: 'upstream sent too short http2 frame', sample: 'upstream sent too short http2 frame', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent http2 frame with too long padding: %d in frame %uz', sample: 'upstream sent http2 frame with too long padding: 200 in frame 10', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent response body larger than indicated content length', sample: 'upstream sent response body larger than indicated content length', level: 'error', action: BODY, cause: 'upstream_body_error' },
  { kind: 'upstream', source: GR, format: 'upstream sent too large http2 frame: %uz', sample: 'upstream sent too large http2 frame: 16777215', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent headers frame with invalid length: %uz', sample: 'upstream sent headers frame with invalid length: 0', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent truncated http2 header', sample: 'upstream sent truncated http2 header', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid http2 table index: %ui', sample: 'upstream sent invalid http2 table index: 70', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid http2 dynamic table size update: %ui', sample: 'upstream sent invalid http2 dynamic table size update: 4', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent http2 table index with continuation flag', sample: 'upstream sent http2 table index with continuation flag', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent zero http2 header name length', sample: 'upstream sent zero http2 header name length', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent too large http2 header name length', sample: 'upstream sent too large http2 header name length', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent too large http2 header value length', sample: 'upstream sent too large http2 header value length', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent invalid encoded header', sample: 'upstream sent invalid encoded header', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent rst stream frame with invalid length: %uz', sample: 'upstream sent rst stream frame with invalid length: 8', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent goaway frame with non-zero stream id: %ui', sample: 'upstream sent goaway frame with non-zero stream id: 1', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent goaway frame with invalid length: %uz', sample: 'upstream sent goaway frame with invalid length: 4', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent window update frame with invalid length: %uz', sample: 'upstream sent window update frame with invalid length: 3', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent too large window update', sample: 'upstream sent too large window update', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent settings frame with non-zero stream id: %ui', sample: 'upstream sent settings frame with non-zero stream id: 1', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent settings frame with ack flag and non-zero length: %uz', sample: 'upstream sent settings frame with ack flag and non-zero length: 6', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent settings frame with invalid length: %uz', sample: 'upstream sent settings frame with invalid length: 5', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent too many settings frames', sample: 'upstream sent too many settings frames', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent settings frame with too large initial window size: %ui', sample: 'upstream sent settings frame with too large initial window size: 2147483648', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent ping frame with non-zero stream id: %ui', sample: 'upstream sent ping frame with non-zero stream id: 3', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent ping frame with invalid length: %uz', sample: 'upstream sent ping frame with invalid length: 4', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent ping frame with ack flag', sample: 'upstream sent ping frame with ack flag', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: GR, format: 'upstream sent too many ping frames', sample: 'upstream sent too many ping frames', level: 'error', action: HEADER, cause: 'invalid_response' },
  // ngx_http_memcached_module.c
  { kind: 'upstream', source: MC, format: 'memcached sent invalid key in response "%V" for key "%V"', sample: 'memcached sent invalid key in response "VALUE /b 0 1" for key "/a"', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: MC, format: 'memcached sent invalid flags in response "%V" for key "%V"', sample: 'memcached sent invalid flags in response "VALUE /a x 1" for key "/a"', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: MC, format: 'memcached sent invalid length in response "%V" for key "%V"', sample: 'memcached sent invalid length in response "VALUE /a 0 x" for key "/a"', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: MC, format: 'memcached sent invalid response: "%V"', sample: 'memcached sent invalid response: "ERROR"', level: 'error', action: HEADER, cause: 'invalid_response' },
  { kind: 'upstream', source: MC, format: 'memcached sent invalid trailer', sample: 'memcached sent invalid trailer', level: 'error', action: BODY, cause: 'upstream_body_error' },
  { kind: 'upstream', source: MC, format: 'the "$memcached_key" variable is not set', sample: 'the "$memcached_key" variable is not set', level: 'error', cause: 'config_invalid' },
  { kind: 'lookalike', source: MC, format: 'key: "%V" was not found by memcached', sample: 'key: "/a" was not found by memcached', level: 'info', action: HEADER, cause: 'static_not_found' },
  // name resolution
  { kind: 'config', source: `${UP}; src/core/ngx_inet.c`, format: '%s in upstream "%V"', sample: 'host not found in upstream "app:8000" in /etc/nginx/conf.d/app.conf:3', level: 'emerg', bare: true, cause: 'dns_failure' },
  { kind: 'upstream', source: RS, format: 'recv() failed', sample: 'recv() failed (111: Connection refused)', tail: ' while resolving, resolver: 127.0.0.53:53', level: 'error', bare: true, cause: 'dns_failure' },
  // client side, rate limits, static files
  { kind: 'lookalike', source: UP, format: 'client prematurely closed connection, so upstream connection is closed too', sample: 'client prematurely closed connection, so upstream connection is closed too', level: 'info', action: HEADER, cause: 'client_closed' },
  { kind: 'lookalike', source: UP, format: 'epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too', sample: 'epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too', level: 'info', action: SENDING, cause: 'client_closed' },
  { kind: 'lookalike', source: UP, format: 'kevent() reported that client prematurely closed connection, so upstream connection is closed too', sample: 'kevent() reported that client prematurely closed connection, so upstream connection is closed too', level: 'info', action: HEADER, cause: 'client_closed' },
  { kind: 'lookalike', source: UP, format: 'epoll_wait() reported that client prematurely closed connection', sample: 'epoll_wait() reported that client prematurely closed connection', level: 'info', action: CONNECTING, cause: 'client_closed' },
  { kind: 'lookalike', source: 'src/http/ngx_http_request.c', format: 'client closed connection', sample: 'client closed connection', level: 'info', action: 'waiting for request', cause: 'client_closed' },
  { kind: 'lookalike', source: SSL, format: 'SSL_do_handshake() failed', sample: 'SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol)', level: 'info', action: 'SSL handshaking', cause: 'client_tls' },
  { kind: 'lookalike', source: 'src/http/ngx_http_core_module.c', format: 'client intended to send too large body: %O bytes', sample: 'client intended to send too large body: 2000000 bytes', level: 'error', cause: 'client_body_too_large' },
  { kind: 'lookalike', source: 'src/http/modules/ngx_http_limit_req_module.c', format: 'limiting requests%s, excess: %ui.%03ui by zone "%V"', sample: 'limiting requests, excess: 10.500 by zone "api"', level: 'error', cause: 'rate_limited' },
  { kind: 'lookalike', source: 'src/http/modules/ngx_http_limit_req_module.c', format: 'delaying request%s, excess: %ui.%03ui, by zone "%V"', sample: 'delaying request, excess: 0.500, by zone "api"', level: 'warn', cause: 'rate_limited' },
  { kind: 'lookalike', source: 'src/http/modules/ngx_http_limit_conn_module.c', format: 'limiting connections%s by zone "%V"', sample: 'limiting connections by zone "perip"', level: 'error', cause: 'rate_limited' },
  { kind: 'lookalike', source: 'src/http/modules/ngx_http_static_module.c', format: 'open() "%s" failed', sample: 'open() "/usr/share/nginx/html/x.png" failed (2: No such file or directory)', level: 'error', cause: 'static_not_found' },
  { kind: 'lookalike', source: 'src/http/modules/ngx_http_autoindex_module.c', format: 'directory index of "%s" is forbidden', sample: 'directory index of "/var/www/html/" is forbidden', level: 'error', cause: 'static_not_found' },
  { kind: 'lookalike', source: 'src/http/ngx_http_request_body.c', format: 'a client request body is buffered to a temporary file %V', sample: 'a client request body is buffered to a temporary file /var/lib/nginx/body/0000000001', level: 'warn', cause: 'buffered_to_temp' },
  { kind: 'lookalike', source: 'src/http/ngx_http_request.c', format: 'client sent plain HTTP request to HTTPS port', sample: 'client sent plain HTTP request to HTTPS port', level: 'info', action: 'reading client request headers', cause: 'client_tls' },
  // lifecycle
  { kind: 'lifecycle', source: `${OS}/ngx_process.c`, format: '%s %P exited on signal %d%s', sample: 'worker process 31 exited on signal 11 (core dumped)', level: 'alert', bare: true, cause: 'worker_crash' },
  { kind: 'lifecycle', source: `${OS}/ngx_process.c`, format: 'signal %d (%s) received from %P%s', sample: 'signal 1 (SIGHUP) received from 812, reconfiguring', level: 'notice', bare: true, cause: 'nginx_reload' },
  { kind: 'lifecycle', source: `${OS}/ngx_process.c`, format: 'signal %d (%s) received from %P%s', sample: 'signal 15 (SIGTERM) received from 1, exiting', level: 'notice', bare: true, cause: 'nginx_stop' },
  { kind: 'lifecycle', source: `${OS}/ngx_process.c`, format: 'signal %d (%s) received from %P%s', sample: 'signal 3 (SIGQUIT) received from 1, shutting down', level: 'notice', bare: true, cause: 'nginx_stop' },
  { kind: 'lifecycle', source: `${OS}/ngx_process_cycle.c`, format: 'gracefully shutting down', sample: 'gracefully shutting down', level: 'notice', bare: true, cause: 'nginx_stop' },
  { kind: 'lifecycle', source: `${OS}/ngx_process_cycle.c`, format: 'exiting', sample: 'exiting', level: 'notice', bare: true, cause: 'nginx_stop' },
  { kind: 'lifecycle', source: `${OS}/ngx_process_cycle.c`, format: 'start worker processes', sample: 'start worker processes', level: 'notice', bare: true, cause: 'nginx_start' },
  { kind: 'lifecycle', source: `${OS}/ngx_process_cycle.c`, format: 'start worker process %P', sample: 'start worker process 29', level: 'notice', bare: true, cause: 'nginx_start' },
  { kind: 'lifecycle', source: 'src/event/ngx_event.c', format: 'using the "%s" event method', sample: 'using the "epoll" event method', level: 'notice', bare: true, cause: 'nginx_start' },
  { kind: 'lifecycle', source: `${OS}/ngx_process.c`, format: 'signal %d (%s) received%s', sample: 'signal 29 (SIGIO) received', level: 'notice', bare: true, cause: 'nginx_reload' },
  { kind: 'lifecycle', source: `${OS}/ngx_posix_init.c`, format: 'nginx/%s', sample: 'nginx/1.26.3 (Ubuntu)', level: 'notice', bare: true, cause: 'nginx_start' },
  // configuration
  { kind: 'config', source: 'src/core/ngx_connection.c', format: 'bind() to %V failed', sample: 'bind() to 0.0.0.0:80 failed (98: Address already in use)', level: 'emerg', bare: true, cause: 'bind_failed' },
  { kind: 'config', source: 'src/core/ngx_cycle.c', format: 'open() "%s" failed', sample: 'open() "/run/nginx.pid" failed (13: Permission denied)', level: 'emerg', bare: true, cause: 'pid_permission' },
  { kind: 'config', source: 'src/core/ngx_conf_file.c', format: 'unknown directive "%s"', sample: 'unknown directive "proxy_passs" in /etc/nginx/nginx.conf:30', level: 'emerg', bare: true, cause: 'config_invalid' },
  { kind: 'config', source: PX, format: 'invalid URL prefix', sample: 'invalid URL prefix in /etc/nginx/conf.d/app.conf:9', level: 'emerg', bare: true, cause: 'config_invalid' },
];
