import type { CauseInfo } from '../../model/index.ts';

/**
 * Causes of the `noise` group: lines that look like proxy failures but are not backend failures, and the
 * two fallbacks (`other`, `unparsed`).
 */
export const NOISE_CAUSES = {
  client_closed: {
    id: 'client_closed',
    group: 'noise',
    title: 'Client went away',
    explanation:
      'The client closed or reset its connection, or stopped reading, before nginx finished. While nginx waited ' +
      'for the backend this is logged as 499 (client closed request); otherwise no status applies. Isolated lines ' +
      'are normal; a surge usually means clients give up on slow responses (look for timeouts) or a load ' +
      'balancer idle timeout shorter than the response time.',
    checks: [
      'Do 499s line up with slow backend responses (upstream_response_time in the access log)?',
      'Is the load balancer idle timeout (ELB default 60s) shorter than the slowest responses?',
    ],
    fix: [
      'Make the slow endpoints faster; clients and load balancers will stop giving up.',
      'Keep the ELB idle timeout above proxy_read_timeout, and nginx keepalive_timeout above the ELB idle timeout.',
      'Use proxy_ignore_client_abort on only where the backend work must finish anyway.',
    ],
    commands: [
      "awk '$9 == 499' /var/log/nginx/access.log | tail -n 20",
      'aws elbv2 describe-load-balancer-attributes --load-balancer-arn <arn>',
    ],
  },
  upstream_body_error: {
    id: 'upstream_body_error',
    group: 'noise',
    title: 'Backend failed while the response body was streaming',
    explanation:
      'The failure happened "while reading upstream": the status line and headers had already been sent to the ' +
      'client, so no 502/504 was produced; the client received a truncated body instead. Occasional lines are ' +
      'noise; many of them point at the same backend problem (resets, timeouts, closed connections) mid-response.',
    checks: [
      'Which backend error is it (reset, timed out, prematurely closed, invalid chunked body)?',
      'Are large or slow streaming responses (downloads, server-sent events) involved?',
    ],
    fix: [
      'For streaming endpoints raise proxy_read_timeout or send keep-alive data from the backend.',
      'Fix backend crashes or timeouts that cut responses short.',
    ],
    commands: ["grep 'while reading upstream' /var/log/nginx/error.log | tail -n 20"],
  },
  static_not_found: {
    id: 'static_not_found',
    group: 'noise',
    title: 'Static file missing or forbidden',
    explanation:
      'nginx served a file itself (or looked up a memcached key) and it was not there (404) or not readable / ' +
      'not allowed (403). No backend was involved. Scanners and stale links produce these constantly.',
    checks: [
      'Is the root / alias of the location right?',
      'Are the 404s from real users (a missing asset after a deploy) or scanners?',
    ],
    fix: [
      'Correct root or alias, or deploy the missing asset.',
      'Use try_files to fall back to the application where intended; log_not_found off for known noise such as favicon.ico.',
    ],
    commands: ['namei -l /usr/share/nginx/html/missing.css', "grep -Rn 'root \\|alias ' /etc/nginx/"],
  },
  rate_limited: {
    id: 'rate_limited',
    group: 'noise',
    title: 'Request rejected by rate limiting',
    explanation:
      'limit_req or limit_conn rejected the request: the client exceeded the configured rate or connection count. ' +
      'nginx answers 503 by default (limit_req_status / limit_conn_status can make it 429). "delaying request" ' +
      'and "dry run" lines only record that a limit would apply; nothing is rejected.',
    checks: [
      'Which zone, and is the rejected traffic abusive or legitimate (one IP, or many)?',
      'Is the key right (behind a load balancer, $binary_remote_addr is the balancer unless real_ip is set)?',
    ],
    fix: [
      'Raise rate or burst (with nodelay) for legitimate traffic; set limit_req_status 429 so clients can tell.',
      'Behind an ELB configure set_real_ip_from and real_ip_header X-Forwarded-For so limits apply per client.',
    ],
    commands: [
      "grep -Rn 'limit_req\\|limit_conn' /etc/nginx/",
      "grep -c 'limiting requests' /var/log/nginx/error.log",
    ],
  },
  client_tls: {
    id: 'client_tls',
    group: 'noise',
    title: 'TLS handshake with a client failed',
    explanation:
      'A client could not complete the TLS handshake with nginx (old protocol, no shared cipher, plain HTTP sent ' +
      'to the TLS port, scanner, or the client hung up). No backend was involved and no status was logged.',
    checks: [
      'Are the failing clients scanners or real users (old devices needing older protocols)?',
      'Is a health check or load balancer speaking plain HTTP to a TLS port?',
    ],
    fix: [
      'Usually nothing. If real users fail, review ssl_protocols and ssl_ciphers.',
      'Point health checks at the right port and protocol.',
    ],
    commands: [
      'openssl s_client -connect example.com:443 -tls1_2 </dev/null',
      "grep -Rn 'ssl_protocols' /etc/nginx/",
    ],
  },
  client_body_too_large: {
    id: 'client_body_too_large',
    group: 'noise',
    title: 'Request body larger than allowed',
    explanation:
      'The client announced or sent a body larger than client_max_body_size (1m by default), so nginx answered ' +
      '413 without contacting the backend.',
    checks: ['Which endpoint and size: a legitimate upload or abuse?'],
    fix: ['Raise client_max_body_size for the upload location only, matching the backend limit.'],
    commands: ["grep -Rn 'client_max_body_size' /etc/nginx/"],
  },
  buffered_to_temp: {
    id: 'buffered_to_temp',
    group: 'noise',
    title: 'Response or request body spooled to disk',
    explanation:
      'A backend response (or a client request body) did not fit in the memory buffers, so nginx wrote it to a ' +
      'temporary file. The request still succeeds; it only costs disk I/O.',
    checks: ['Are these frequent, and for which locations (downloads, large API responses)?'],
    fix: [
      'Raise proxy_buffers / client_body_buffer_size for those locations, or turn proxy_buffering off for streaming.',
      'Make sure the temp path (proxy_temp_path) is on a fast disk with space.',
    ],
    commands: ["grep -c 'buffered to a temporary file' /var/log/nginx/error.log", 'df -h /var/lib/nginx'],
  },
  upstream_server_disabled: {
    id: 'upstream_server_disabled',
    group: 'noise',
    title: 'Upstream server taken out of rotation (companion line)',
    explanation:
      'nginx logs "upstream server temporarily disabled" beside a failed attempt (same connection id, same ' +
      'phase) when that failure brought the server to max_fails within fail_timeout: for fail_timeout it gets no ' +
      'requests. The line is evidence for the failure it accompanies, not a failure of its own: the request ' +
      'is counted once, by the failure line (connect() failed, upstream timed out, ...).',
    checks: [
      'Which failure line with the same *connection id sits next to it, and what is its cause?',
      'How many servers of the upstream block are disabled at once? All of them means "no live upstreams" next.',
    ],
    fix: [
      'Fix the failure the line accompanies.',
      'Tune max_fails / fail_timeout on the server lines if healthy servers are taken out by isolated errors.',
    ],
    commands: ["grep -B1 'upstream server temporarily disabled' /var/log/nginx/error.log | tail -n 20"],
  },
  other: {
    id: 'other',
    group: 'noise',
    title: 'Unrecognised nginx message',
    explanation:
      'A well-formed nginx error-log entry that no signature in the catalogue matches. It is counted, not ' +
      'dropped. If it recurs, it deserves a signature.',
    checks: ['Read the message and the nginx source that writes it.', 'How often does it occur?'],
    fix: ['Add a signature to the catalogue with an example line so it is classified from now on.'],
    commands: ["grep -v 'upstream' /var/log/nginx/error.log | tail -n 20"],
  },
  unparsed: {
    id: 'unparsed',
    group: 'noise',
    title: 'Line is not an nginx error-log entry',
    explanation:
      'The line does not follow the nginx error-log format (no timestamp, level or pid): a custom error_log ' +
      'format, output of another program in the same stream, or a line cut in transport. It is counted with the ' +
      'reason.',
    checks: [
      'Does the log group or file receive other programs output (nginx -t, startup scripts)?',
      'Does a log shipper add its own prefix or split long lines?',
    ],
    fix: ['Send only nginx error_log output to the stream, or teach the parser the prefix.'],
    commands: ['head -n 5 /var/log/nginx/error.log'],
  },
} as const satisfies Record<string, CauseInfo>;
