import type { Signature } from '../../model/index.ts';

/**
 * uwsgi and SCGI share the response parsing of the other modules ("upstream sent invalid header",
 * "upstream sent invalid status": see the proxy signatures, whose examples include uwsgi:// and scgi://
 * upstreams). What is theirs alone is the request-size limit of the uwsgi packet header.
 */
export const UWSGI_SCGI_SIGNATURES: readonly Signature[] = [
  {
    id: 'uwsgi.request-too-big',
    cause: 'config_invalid',
    contains: 'uwsgi request is too big',
    status: 500,
    severity: 'medium',
    source: 'src/http/modules/ngx_http_uwsgi_module.c (ngx_http_uwsgi_create_request)',
    examples: [
      '2026/11/03 12:50:00 [alert] 710#710: *180 uwsgi request is too big: 70233, client: 10.0.0.92, server: py.example.com, request: "GET /search?q=aaaaaaaa HTTP/1.1", host: "py.example.com"',
    ],
  },
];
