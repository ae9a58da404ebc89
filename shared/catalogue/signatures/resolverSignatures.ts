import type { Signature } from '../../model/index.ts';

const UPSTREAM = 'src/http/ngx_http_upstream.c';
const RESOLVER = 'src/core/ngx_resolver.c';

/**
 * Name resolution: at run time (proxy_pass with variables, `resolve` servers) through nginx's own resolver,
 * and at config time, where an unresolvable `server` name stops nginx from starting or reloading.
 */
export const RESOLVER_SIGNATURES: readonly Signature[] = [
  {
    id: 'resolver.could-not-be-resolved',
    cause: 'dns_failure',
    contains: 'could not be resolved',
    status: 502,
    severity: 'high',
    source: `${UPSTREAM} (ngx_http_upstream_resolve_handler); ${RESOLVER} (ngx_resolver_strerror)`,
    examples: [
      '2026/11/03 07:14:22 [error] 48#48: *1203 backend.internal could not be resolved (3: Host not found), client: 10.0.1.9, server: api.example.com, request: "GET /v1/things HTTP/1.1", host: "api.example.com"',
      '2026/11/03 07:14:23 [error] 48#48: *1204 orders.svc.cluster.local could not be resolved (110: Operation timed out), client: 10.0.1.10, server: api.example.com, request: "GET /v1/orders HTTP/1.1", host: "api.example.com"',
      '2026/11/03 07:14:24 [error] 48#48: *1205 payments.internal could not be resolved (2: Server failure), client: 10.0.1.11, server: api.example.com, request: "POST /v1/pay HTTP/1.1", host: "api.example.com"',
    ],
  },
  {
    id: 'resolver.no-resolver-defined',
    cause: 'dns_failure',
    contains: 'no resolver defined to resolve',
    status: 502,
    severity: 'high',
    source: `${UPSTREAM} (ngx_http_upstream_init_request)`,
    examples: [
      '2026/11/03 07:15:00 [error] 49#49: *1300 no resolver defined to resolve backend.internal, client: 10.0.1.12, server: api.example.com, request: "GET /v1/things HTTP/1.1", host: "api.example.com"',
    ],
  },
  {
    id: 'resolver.host-not-found-in-upstream',
    cause: 'dns_failure',
    contains: 'host not found in upstream',
    status: null,
    severity: 'critical',
    source: `${UPSTREAM} (ngx_http_upstream_server, ngx_http_upstream_add); src/core/ngx_inet.c (ngx_parse_url)`,
    examples: [
      '2026/11/03 07:00:00 [emerg] 1#1: host not found in upstream "app:8000" in /etc/nginx/conf.d/default.conf:12',
      '2026/11/03 07:00:01 [emerg] 3120#3120: host not found in upstream "backend.internal" in /etc/nginx/sites-enabled/api:3',
    ],
  },
  {
    id: 'resolver.host-not-found-in-resolver',
    cause: 'dns_failure',
    contains: 'host not found in resolver',
    status: null,
    severity: 'critical',
    source: 'src/core/ngx_resolver.c (ngx_resolver_create)',
    examples: [
      '2026/11/03 07:00:02 [emerg] 1#1: host not found in resolver "dns.internal" in /etc/nginx/nginx.conf:20',
    ],
  },
  {
    id: 'resolver.query-io-failed',
    cause: 'dns_failure',
    contains: 'failed (',
    pattern: /^(?:recv|send|sendto|connect)\(\)(?: to [^ ]{1,300})? failed \(/,
    phases: ['resolve'],
    status: null,
    severity: 'high',
    source: `${RESOLVER} (ngx_resolver_send_udp_query, ngx_resolver_udp_read, ngx_resolver_log_error)`,
    examples: [
      '2026/11/03 07:16:00 [error] 50#50: *1400 recv() failed (111: Connection refused) while resolving, resolver: 127.0.0.53:53',
      '2026/11/03 07:16:01 [error] 50#50: send() failed (101: Network is unreachable) while resolving, resolver: [fd00:ec2::253]:53',
    ],
  },
  {
    id: 'resolver.dns-error',
    cause: 'dns_failure',
    contains: 'DNS error (',
    status: null,
    severity: 'medium',
    source: `${RESOLVER} (ngx_resolver_process_response)`,
    examples: [
      '2026/11/03 07:16:02 [error] 50#50: *1401 DNS error (3: Host not found), query id:4410, name:"backend.internal" while resolving, resolver: 10.0.0.2:53',
    ],
  },
  {
    id: 'resolver.bad-dns-response',
    cause: 'dns_failure',
    contains: 'DNS response',
    pattern:
      /^(?:invalid [A-Za-z]{1,8} DNS response|no (?:A or CNAME|PTR|SRV) types? in DNS response|unexpected (?:DNS response for|RR (?:class|type))|unknown query (?:class|type)|wrong ident|invalid in-addr\.arpa or ip6\.arpa name)/,
    status: null,
    severity: 'medium',
    source: `${RESOLVER} (ngx_resolver_process_response, ngx_resolver_process_a, ngx_resolver_process_srv, ngx_resolver_process_ptr)`,
    examples: [
      '2026/11/03 07:16:03 [error] 50#50: unexpected DNS response for backend.internal while resolving, resolver: 10.0.0.2:53',
      '2026/11/03 07:16:04 [error] 50#50: wrong ident 4411 in DNS response for backend.internal, expect 4410 while resolving, resolver: 10.0.0.2:53',
    ],
  },
  {
    id: 'resolver.query-incomplete',
    cause: 'dns_failure',
    contains: 'incomplete',
    pattern: /^send(?:to)?\(\) incomplete/,
    phases: ['resolve'],
    status: null,
    severity: 'medium',
    source: `${RESOLVER} (ngx_resolver_send_udp_query, ngx_resolver_send_tcp_query); src/os/unix/ngx_udp_send.c`,
    examples: ['2026/11/03 07:16:05 [crit] 50#50: send() incomplete while resolving, resolver: 10.0.0.2:53'],
  },
];
