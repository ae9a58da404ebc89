import type { Upstream } from '../model/index.ts';

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//;

/**
 * Splits nginx's `upstream:` value into scheme, address, port, socket path and path.
 *
 * @example parseUpstream('fastcgi://unix:/run/php/php8.2-fpm.sock:')
 *   // { raw, scheme: 'fastcgi', socketPath: '/run/php/php8.2-fpm.sock' }
 * @example parseUpstream('http://[::1]:8080/api?x=1')
 *   // { raw, scheme: 'http', address: '::1', port: 8080, path: '/api?x=1' }
 */
export function parseUpstream(raw: string): Upstream {
  const upstream: Upstream = { raw };
  let rest = raw;
  const scheme = SCHEME.exec(rest);
  if (scheme) {
    upstream.scheme = scheme[1]!;
    rest = rest.slice(scheme[0].length);
  }
  if (rest.startsWith('unix:')) {
    // nginx writes `unix:/path/to.sock:` then the URI, so the socket path ends at the next ':'.
    const end = rest.indexOf(':', 5);
    upstream.socketPath = end === -1 ? rest.slice(5) : rest.slice(5, end);
    const path = end === -1 ? '' : rest.slice(end + 1);
    if (path) upstream.path = path;
    return upstream;
  }
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  if (slash !== -1) upstream.path = rest.slice(slash);
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    upstream.address = authority.slice(1, close === -1 ? undefined : close);
    const port = close === -1 ? '' : authority.slice(close + 1);
    if (port.startsWith(':')) setPort(upstream, port.slice(1));
    return upstream;
  }
  const colon = authority.lastIndexOf(':');
  // More than one ':' without brackets is a bare IPv6 address (stream module writes them so).
  if (colon !== -1 && authority.indexOf(':') === colon) {
    upstream.address = authority.slice(0, colon);
    setPort(upstream, authority.slice(colon + 1));
  } else if (authority) {
    upstream.address = authority;
  }
  return upstream;
}

function setPort(upstream: Upstream, text: string): void {
  const port = Number(text);
  if (text !== '' && Number.isInteger(port) && port >= 0 && port <= 65535) upstream.port = port;
}
