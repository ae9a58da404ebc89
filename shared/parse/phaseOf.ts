import type { Phase } from '../model/index.ts';

/** nginx's `log->action` texts (ngx_http_upstream.c, ngx_http_request.c, ...) mapped to phases. */
const PHASE_BY_ACTION: Readonly<Record<string, Phase>> = {
  'connecting to upstream': 'connect',
  'SSL handshaking to upstream': 'handshake',
  'sending request to upstream': 'send',
  'sending request body to upstream': 'send',
  'reading response header from upstream': 'header',
  'reading upstream': 'body',
  'reading response from upstream': 'body',
  'sending to client': 'client',
  'sending response to client': 'client',
  'reading client request line': 'client',
  'reading client request headers': 'client',
  'reading client request body': 'client',
  'reading client pipelined request line': 'client',
  'reading PROXY protocol': 'client',
  'SSL handshaking': 'client',
  'waiting for request': 'client',
  keepalive: 'client',
  'closing request': 'client',
  'discarding request body': 'client',
  resolving: 'resolve',
};

/** The phase of an entry from its ` while <action>` text. */
export function phaseOf(action: string | undefined): Phase {
  if (action === undefined) return 'none';
  return PHASE_BY_ACTION[action] ?? 'other';
}
