import type { Signature } from '../../model/index.ts';
import { BAD_GATEWAY_BEFORE_BODY, BODY_IS_AFTER_STATUS } from './statusRules.ts';

const PROXY = 'src/http/modules/ngx_http_proxy_module.c';

/**
 * HTTP response parsing in the proxy module. Header problems become 502 (NGX_HTTP_UPSTREAM_INVALID_HEADER);
 * body framing problems are found after the status went out, so they imply no status.
 * `upstream sent invalid header` and `upstream sent invalid status` are shared with FastCGI, uwsgi, SCGI
 * and gRPC, hence the examples with those upstreams.
 */
export const PROXY_SIGNATURES: readonly Signature[] = [
  {
    id: 'proxy.invalid-header',
    cause: 'invalid_response',
    contains: 'upstream sent invalid header',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${PROXY} (ngx_http_proxy_process_header); src/http/modules/ngx_http_fastcgi_module.c; ngx_http_uwsgi_module.c; ngx_http_scgi_module.c; ngx_http_grpc_module.c`,
    examples: [
      '2026/11/03 12:40:00 [error] 700#700: *90 upstream sent invalid header: "X-Debug\\x0D..." while reading response header from upstream, client: 10.0.0.60, server: api.example.com, request: "GET /v1/debug HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/debug", host: "api.example.com"',
      '2026/11/03 12:40:01 [error] 700#700: *91 upstream sent invalid header while reading response header from upstream, client: 10.0.0.61, server: shop.example.com, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "shop.example.com"',
      '2026/11/03 12:40:02 [error] 700#700: *92 upstream sent invalid header: "Set Cookie..." while reading response header from upstream, client: 10.0.0.62, server: py.example.com, request: "GET / HTTP/1.1", upstream: "uwsgi://127.0.0.1:3031", host: "py.example.com"',
      '2026/11/03 12:40:03 [error] 700#700: *93 upstream sent invalid header "x-Upper: 1" while reading response header from upstream, client: 10.0.0.63, server: grpc.example.com, request: "POST /svc.Api/Call HTTP/2.0", upstream: "grpc://10.0.9.60:50051", host: "grpc.example.com"',
    ],
  },
  {
    id: 'proxy.no-valid-http-header',
    cause: 'invalid_response',
    contains: 'upstream sent no valid HTTP/1.0 header',
    // nginx then relays the bytes as an HTTP/0.9 response: no status line reaches the client (logged as 009).
    status: null,
    severity: 'medium',
    source: `${PROXY} (ngx_http_proxy_process_status_line)`,
    examples: [
      '2026/11/03 12:41:00 [error] 701#701: *100 upstream sent no valid HTTP/1.0 header while reading response header from upstream, client: 10.0.0.64, server: api.example.com, request: "GET /v1/raw HTTP/1.1", upstream: "http://127.0.0.1:6379/v1/raw", host: "api.example.com"',
    ],
  },
  {
    id: 'proxy.invalid-status',
    cause: 'invalid_response',
    contains: 'upstream sent invalid status',
    status: 502,
    severity: 'medium',
    source:
      'src/http/modules/ngx_http_fastcgi_module.c; ngx_http_uwsgi_module.c; ngx_http_scgi_module.c (process_header)',
    examples: [
      '2026/11/03 12:42:00 [error] 702#702: *110 upstream sent invalid status "OK" while reading response header from upstream, client: 10.0.0.65, server: shop.example.com, request: "GET /legacy.php HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "shop.example.com"',
      '2026/11/03 12:42:01 [error] 702#702: *111 upstream sent invalid status "20" while reading response header from upstream, client: 10.0.0.66, server: scgi.example.com, request: "GET / HTTP/1.1", upstream: "scgi://127.0.0.1:4000", host: "scgi.example.com"',
    ],
  },
  {
    id: 'proxy.invalid-chunked-response',
    cause: 'invalid_response',
    contains: 'upstream sent invalid chunked response',
    status: null,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${PROXY} (ngx_http_proxy_chunked_filter, ngx_http_proxy_non_buffered_chunked_filter)`,
    examples: [
      '2026/11/03 12:43:00 [error] 703#703: *120 upstream sent invalid chunked response while reading upstream, client: 10.0.0.67, server: api.example.com, request: "GET /v1/stream HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/stream", host: "api.example.com"',
      '2026/11/03 12:43:01 [error] 703#703: *121 upstream sent invalid chunked response while reading response header from upstream, client: 10.0.0.68, server: api.example.com, request: "GET /v1/stream HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/stream", host: "api.example.com"',
    ],
  },
  {
    id: 'proxy.body-longer-than-content-length',
    cause: 'invalid_response',
    contains: 'upstream sent more data than specified in "Content-Length" header',
    status: null,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'low',
    source: `${PROXY} (copy filters); src/http/modules/ngx_http_fastcgi_module.c (input filters)`,
    examples: [
      '2026/11/03 12:44:00 [warn] 704#704: *130 upstream sent more data than specified in "Content-Length" header while reading upstream, client: 10.0.0.69, server: api.example.com, request: "GET /v1/file HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/file", host: "api.example.com"',
      '2026/11/03 12:44:01 [warn] 704#704: *131 upstream sent more data than specified in "Content-Length" header while reading upstream, client: 10.0.0.70, server: shop.example.com, request: "GET /feed.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "shop.example.com"',
    ],
  },
  {
    id: 'proxy.data-after-final-chunk',
    cause: 'invalid_response',
    contains: 'upstream sent data after final chunk',
    status: null,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'low',
    source: `${PROXY} (ngx_http_proxy_chunked_filter, nginx >= 1.19)`,
    examples: [
      '2026/11/03 12:45:00 [warn] 705#705: *140 upstream sent data after final chunk while reading upstream, client: 10.0.0.71, server: api.example.com, request: "GET /v1/list HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/list", host: "api.example.com"',
    ],
  },
  {
    id: 'proxy.data-after-trailers',
    cause: 'invalid_response',
    contains: 'upstream sent data after trailers',
    status: null,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'low',
    source: `${PROXY} (ngx_http_proxy_chunked_filter, nginx >= 1.27.2)`,
    examples: [
      '2026/11/03 12:45:30 [warn] 705#705: *141 upstream sent data after trailers while reading upstream, client: 10.0.0.71, server: api.example.com, request: "GET /v1/list HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/list", host: "api.example.com"',
    ],
  },
  {
    id: 'proxy.too-big-trailers',
    cause: 'header_too_big',
    contains: 'upstream sent too big trailers',
    status: null,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'low',
    source: `${PROXY} (ngx_http_proxy_process_trailer, nginx >= 1.27.2)`,
    examples: [
      '2026/11/03 12:46:00 [error] 706#706: *150 upstream sent too big trailers while reading upstream, client: 10.0.0.72, server: api.example.com, request: "GET /v1/big HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/big", host: "api.example.com"',
    ],
  },
  {
    id: 'proxy.invalid-trailer',
    cause: 'invalid_response',
    contains: 'upstream sent invalid trailer',
    status: null,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'low',
    source: `${PROXY} (ngx_http_proxy_process_trailer); src/http/modules/ngx_http_grpc_module.c (ngx_http_grpc_filter)`,
    examples: [
      '2026/11/03 12:47:00 [error] 707#707: *160 upstream sent invalid trailer: "Bad Trailer..." while reading upstream, client: 10.0.0.73, server: api.example.com, request: "GET /v1/t HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/t", host: "api.example.com"',
      '2026/11/03 12:47:01 [error] 707#707: *161 upstream sent invalid trailer ":status: 200" while reading upstream, client: 10.0.0.74, server: grpc.example.com, request: "POST /svc.Api/Call HTTP/2.0", upstream: "grpc://10.0.9.61:50051", host: "grpc.example.com"',
    ],
  },
  {
    id: 'proxy.zero-length-uri',
    cause: 'config_invalid',
    contains: 'zero length URI to proxy',
    status: 500,
    severity: 'medium',
    source: `${PROXY} (ngx_http_proxy_create_request)`,
    examples: [
      '2026/11/03 12:48:00 [error] 708#708: *170 zero length URI to proxy, client: 10.0.0.75, server: api.example.com, request: "GET /x HTTP/1.1", host: "api.example.com"',
    ],
  },
  {
    id: 'proxy.http10-early-hints',
    cause: 'invalid_response',
    contains: 'upstream sent HTTP/1.0 response with early hints',
    status: 502,
    severity: 'medium',
    source: `${PROXY} (ngx_http_proxy_process_status_line, nginx >= 1.29.0)`,
    examples: [
      '2026/11/03 12:49:00 [error] 709#709: *175 upstream sent HTTP/1.0 response with early hints while reading response header from upstream, client: 10.0.0.76, server: api.example.com, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8000/", host: "api.example.com"',
    ],
  },
  {
    id: 'proxy.http2-request-too-long',
    cause: 'config_invalid',
    contains: 'too long http2 ',
    pattern: /^too long http2 (?:URI|header name|header value|host|method)/,
    // The request cannot be encoded for the HTTP/2 backend (grpc_pass, proxy_http_version 2): 500.
    status: 500,
    severity: 'medium',
    source:
      'src/http/modules/ngx_http_grpc_module.c; ngx_http_proxy_v2_module.c (create_request, nginx >= 1.30.3)',
    examples: [
      '2026/11/03 12:49:01 [error] 709#709: *176 too long http2 header value: "x-trace: aaaa...", client: 10.0.0.77, server: grpc.example.com, request: "POST /svc.Api/Call HTTP/2.0", host: "grpc.example.com"',
    ],
  },
  {
    id: 'proxy.request-buffer-mismatch',
    cause: 'config_invalid',
    contains: ' request',
    pattern:
      /^(?:(?:fastcgi|scgi|uwsgi) request length mismatch|no buffer space in (?:grpc|HTTP\/2) create request|uwsgi request is too little)/,
    status: 500,
    severity: 'medium',
    source:
      'src/http/modules/ngx_http_fastcgi_module.c; ngx_http_scgi_module.c; ngx_http_uwsgi_module.c; ngx_http_grpc_module.c; ngx_http_proxy_v2_module.c (create_request)',
    examples: [
      '2026/11/03 12:49:02 [alert] 709#709: *177 fastcgi request length mismatch, client: 10.0.0.78, server: shop.example.com, request: "GET /index.php HTTP/1.1", host: "shop.example.com"',
      '2026/11/03 12:49:03 [alert] 709#709: *178 no buffer space in HTTP/2 create request, client: 10.0.0.79, server: api.example.com, request: "GET / HTTP/1.1", host: "api.example.com"',
    ],
  },
];
