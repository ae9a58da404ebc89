import type { Signature } from '../../model/index.ts';

const MEMCACHED = 'src/http/modules/ngx_http_memcached_module.c';

/** memcached_pass: a reply that is not `VALUE <key> <flags> <length>` / `END` is an invalid response. */
export const MEMCACHED_SIGNATURES: readonly Signature[] = [
  {
    id: 'memcached.invalid-response',
    cause: 'invalid_response',
    contains: 'memcached sent invalid response',
    status: 502,
    severity: 'medium',
    source: `${MEMCACHED} (ngx_http_memcached_process_header)`,
    examples: [
      '2026/11/03 13:00:00 [error] 720#720: *200 memcached sent invalid response: "SERVER_ERROR out of memory storing object" while reading response header from upstream, client: 10.0.0.93, server: www.example.com, request: "GET /products/42 HTTP/1.1", upstream: "memcached://127.0.0.1:11211", host: "www.example.com"',
    ],
  },
  {
    id: 'memcached.invalid-value-line',
    cause: 'invalid_response',
    contains: 'memcached sent invalid ',
    pattern: /^memcached sent invalid (?:key|flags|length) in response/,
    status: 502,
    severity: 'medium',
    source: `${MEMCACHED} (ngx_http_memcached_process_header)`,
    examples: [
      '2026/11/03 13:00:01 [error] 720#720: *201 memcached sent invalid key in response "VALUE /products/43 0 512" for key "/products/42" while reading response header from upstream, client: 10.0.0.94, server: www.example.com, request: "GET /products/42 HTTP/1.1", upstream: "memcached://cache_pool", host: "www.example.com"',
      '2026/11/03 13:00:02 [error] 720#720: *202 memcached sent invalid length in response "VALUE /products/42 0 abc" for key "/products/42" while reading response header from upstream, client: 10.0.0.95, server: www.example.com, request: "GET /products/42 HTTP/1.1", upstream: "memcached://127.0.0.1:11211", host: "www.example.com"',
      '2026/11/03 13:00:03 [error] 720#720: *203 memcached sent invalid flags in response "VALUE /products/42 x 512" for key "/products/42" while reading response header from upstream, client: 10.0.0.96, server: www.example.com, request: "GET /products/42 HTTP/1.1", upstream: "memcached://127.0.0.1:11211", host: "www.example.com"',
    ],
  },
  {
    id: 'memcached.invalid-trailer',
    cause: 'invalid_response',
    contains: 'memcached sent invalid trailer',
    // The filter runs after the 200 header was sent: the body is cut, no status of its own.
    status: null,
    causeByPhase: { body: 'upstream_body_error' },
    severity: 'low',
    source: `${MEMCACHED} (ngx_http_memcached_filter)`,
    examples: [
      '2026/11/03 13:00:04 [error] 720#720: *204 memcached sent invalid trailer while reading upstream, client: 10.0.0.97, server: www.example.com, request: "GET /products/44 HTTP/1.1", upstream: "memcached://127.0.0.1:11211", host: "www.example.com"',
    ],
  },
  {
    id: 'memcached.key-not-found',
    cause: 'static_not_found',
    contains: 'was not found by memcached',
    status: 404,
    severity: 'info',
    source: `${MEMCACHED} (ngx_http_memcached_process_header)`,
    examples: [
      '2026/11/03 13:00:05 [info] 720#720: *205 key: "/products/45" was not found by memcached while reading response header from upstream, client: 10.0.0.98, server: www.example.com, request: "GET /products/45 HTTP/1.1", upstream: "memcached://127.0.0.1:11211", host: "www.example.com"',
    ],
  },
  {
    id: 'memcached.key-not-set',
    cause: 'config_invalid',
    contains: 'the "$memcached_key" variable is not set',
    status: 500,
    severity: 'medium',
    source: `${MEMCACHED} (ngx_http_memcached_create_request)`,
    examples: [
      '2026/11/03 13:00:06 [error] 720#720: *206 the "$memcached_key" variable is not set, client: 10.0.0.99, server: www.example.com, request: "GET /products/46 HTTP/1.1", host: "www.example.com"',
    ],
  },
];
