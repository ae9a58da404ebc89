import type { Signature } from '../../model/index.ts';
import { BAD_GATEWAY_BEFORE_BODY, BODY_IS_AFTER_STATUS } from './statusRules.ts';

const GRPC = 'src/http/modules/ngx_http_grpc_module.c';

/**
 * grpc_pass speaks HTTP/2 to the backend and checks every frame. Before the response header is complete a
 * protocol error becomes 502 (gRPC clients see UNAVAILABLE); in the body it cuts the stream. GOAWAY and
 * RST_STREAM are the backend shutting down or refusing the stream, so they are restart-group causes.
 */
export const GRPC_SIGNATURES: readonly Signature[] = [
  {
    id: 'grpc.goaway-with-error',
    cause: 'upstream_closed',
    contains: 'upstream sent goaway with error',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'high',
    source: `${GRPC} (ngx_http_grpc_process_header, ngx_http_grpc_filter); ngx_http_proxy_v2_module.c (nginx >= 1.29.4)`,
    examples: [
      '2026/11/03 17:10:00 [error] 730#730: *300 upstream sent goaway with error 0 while reading response header from upstream, client: 10.0.5.10, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
      '2026/11/03 17:10:01 [error] 730#730: *301 upstream sent goaway with error 2 while reading upstream, client: 10.0.5.10, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://orders_grpc", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.rejected-request',
    cause: 'upstream_reset',
    contains: 'upstream rejected request with error',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'high',
    source: `${GRPC} (ngx_http_grpc_process_header, ngx_http_grpc_filter)`,
    examples: [
      '2026/11/03 17:11:00 [error] 730#730: *303 upstream rejected request with error 7 while reading response header from upstream, client: 10.0.5.11, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.prematurely-closed-stream',
    cause: 'upstream_closed',
    contains: 'upstream prematurely closed stream',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${GRPC} (ngx_http_grpc_filter_init, ngx_http_grpc_filter)`,
    examples: [
      '2026/11/03 17:12:00 [error] 730#730: *306 upstream prematurely closed stream while reading upstream, client: 10.0.5.12, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.status-header',
    cause: 'invalid_response',
    contains: ':status',
    pattern: /^upstream sent (?:no|duplicate|invalid|unexpected) :status/,
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${GRPC} (ngx_http_grpc_process_header)`,
    examples: [
      '2026/11/03 17:13:00 [error] 730#730: *309 upstream sent invalid :status "2000" while reading response header from upstream, client: 10.0.5.13, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
      '2026/11/03 17:13:01 [error] 730#730: *310 upstream sent no :status header while reading response header from upstream, client: 10.0.5.13, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://orders_grpc", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.frame-for-unknown-stream',
    cause: 'invalid_response',
    contains: 'frame for unknown stream',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${GRPC} (ngx_http_grpc_process_header, ngx_http_grpc_filter)`,
    examples: [
      '2026/11/03 17:14:00 [error] 730#730: *312 upstream sent frame for unknown stream 3 while reading response header from upstream, client: 10.0.5.14, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.frame-for-closed-stream',
    cause: 'invalid_response',
    contains: 'upstream sent frame for closed stream',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${GRPC} (ngx_http_grpc_filter)`,
    examples: [
      '2026/11/03 17:15:00 [error] 730#730: *315 upstream sent frame for closed stream 1 while reading upstream, client: 10.0.5.15, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.flow-control-violated',
    cause: 'invalid_response',
    contains: 'flow control, received',
    pattern: /^upstream violated (?:stream|connection) flow control/,
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${GRPC} (ngx_http_grpc_filter)`,
    examples: [
      '2026/11/03 17:16:00 [error] 730#730: *318 upstream violated stream flow control, received 65536 data frame with window 1024 while reading upstream, client: 10.0.5.16, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.push-promise',
    cause: 'invalid_response',
    contains: 'upstream sent unexpected push promise frame',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${GRPC} (ngx_http_grpc_process_header, ngx_http_grpc_filter)`,
    examples: [
      '2026/11/03 17:17:00 [error] 730#730: *321 upstream sent unexpected push promise frame while reading response header from upstream, client: 10.0.5.17, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.trailer-without-end-stream',
    cause: 'invalid_response',
    contains: 'upstream sent trailer without end stream flag',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${GRPC} (ngx_http_grpc_filter)`,
    examples: [
      '2026/11/03 17:18:00 [error] 730#730: *324 upstream sent trailer without end stream flag while reading upstream, client: 10.0.5.18, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.body-larger-than-content-length',
    cause: 'invalid_response',
    contains: 'upstream sent response body larger than indicated content length',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${GRPC} (ngx_http_grpc_filter)`,
    examples: [
      '2026/11/03 17:19:00 [error] 730#730: *327 upstream sent response body larger than indicated content length while reading upstream, client: 10.0.5.19, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.http2-framing',
    cause: 'invalid_response',
    contains: 'http2',
    pattern:
      /^upstream sent (?:unexpected http2 frame|too short http2 frame|http2 frame with too long padding|too large http2 frame|truncated http2 header|invalid http2 |http2 table index|zero http2 header|too large http2 header)/,
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${GRPC} (ngx_http_grpc_parse_frame, ngx_http_grpc_parse_header, ngx_http_grpc_parse_fragment)`,
    examples: [
      '2026/11/03 17:20:00 [error] 730#730: *330 upstream sent unexpected http2 frame: 0 while reading response header from upstream, client: 10.0.5.20, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
      '2026/11/03 17:20:01 [error] 730#730: *331 upstream sent http2 frame with too long padding: 200 in frame 100 while reading upstream, client: 10.0.5.20, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://orders_grpc", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.invalid-encoded-header',
    cause: 'invalid_response',
    contains: 'upstream sent invalid encoded header',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${GRPC} (ngx_http_grpc_parse_fragment)`,
    examples: [
      '2026/11/03 17:21:00 [error] 730#730: *333 upstream sent invalid encoded header while reading response header from upstream, client: 10.0.5.21, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.frame-invalid-length',
    cause: 'invalid_response',
    contains: 'frame with invalid length',
    pattern:
      /^upstream sent (?:headers|rst stream|goaway|window update|settings|ping) frame with invalid length/,
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${GRPC} (ngx_http_grpc_parse_header, parse_rst_stream, parse_goaway, parse_window_update, parse_settings, parse_ping)`,
    examples: [
      '2026/11/03 17:22:00 [error] 730#730: *336 upstream sent settings frame with invalid length: 7 while reading response header from upstream, client: 10.0.5.22, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.control-frame-invalid',
    cause: 'invalid_response',
    contains: 'frame with',
    pattern:
      /^upstream sent (?:goaway|settings|ping) frame with (?:non-zero stream id|ack flag|too large initial window size)/,
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${GRPC} (ngx_http_grpc_parse_goaway, ngx_http_grpc_parse_settings, ngx_http_grpc_parse_ping)`,
    examples: [
      '2026/11/03 17:23:00 [error] 730#730: *339 upstream sent settings frame with too large initial window size: 2147483648 while reading response header from upstream, client: 10.0.5.23, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
      '2026/11/03 17:23:01 [error] 730#730: *340 upstream sent ping frame with ack flag while reading upstream, client: 10.0.5.23, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://orders_grpc", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.too-many-control-frames',
    cause: 'invalid_response',
    contains: 'upstream sent too many',
    pattern: /^upstream sent too many (?:settings|ping) frames/,
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${GRPC} (ngx_http_grpc_parse_settings, ngx_http_grpc_parse_ping)`,
    examples: [
      '2026/11/03 17:24:00 [error] 730#730: *342 upstream sent too many ping frames while reading upstream, client: 10.0.5.24, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.too-large-window-update',
    cause: 'invalid_response',
    contains: 'upstream sent too large window update',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${GRPC} (ngx_http_grpc_parse_window_update)`,
    examples: [
      '2026/11/03 17:25:00 [error] 730#730: *345 upstream sent too large window update while reading upstream, client: 10.0.5.25, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.zero-window-update',
    cause: 'invalid_response',
    contains: 'upstream sent zero window update',
    status: BAD_GATEWAY_BEFORE_BODY,
    causeByPhase: BODY_IS_AFTER_STATUS,
    severity: 'medium',
    source: `${GRPC}; ngx_http_proxy_v2_module.c (parse_window_update, nginx >= 1.31.4)`,
    examples: [
      '2026/11/03 17:26:00 [error] 730#730: *348 upstream sent zero window update while reading response header from upstream, client: 10.0.5.20, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
    ],
  },
  {
    id: 'grpc.keepalive-connection-data-missing',
    cause: 'invalid_response',
    contains: 'no connection data found for keepalive http2 connection',
    status: BAD_GATEWAY_BEFORE_BODY,
    severity: 'medium',
    source: `${GRPC}; ngx_http_proxy_v2_module.c (ngx_http_grpc_get_connection_data)`,
    examples: [
      '2026/11/03 17:26:01 [error] 730#730: *349 no connection data found for keepalive http2 connection while sending request to upstream, client: 10.0.5.20, server: grpc.example.com, request: "POST /orders.v1.OrderService/GetOrder HTTP/2.0", upstream: "grpc://10.0.9.70:50051", host: "grpc.example.com:443"',
    ],
  },
];
