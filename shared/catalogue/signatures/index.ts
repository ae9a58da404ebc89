import type { Signature } from '../../model/index.ts';
import { capped } from './cappedPattern.ts';
import { CONFIG_CATCH_ALL_SIGNATURES, CONFIG_SIGNATURES } from './configSignatures.ts';
import { CONNECT_SIGNATURES } from './connectSignatures.ts';
import { FASTCGI_SIGNATURES, FASTCGI_STDERR_SIGNATURES } from './fastcgiSignatures.ts';
import { GRPC_SIGNATURES } from './grpcSignatures.ts';
import { IO_SIGNATURES } from './ioSignatures.ts';
import { LIFECYCLE_SIGNATURES } from './lifecycleSignatures.ts';
import { LOOKALIKE_SIGNATURES } from './lookalikeSignatures.ts';
import { MEMCACHED_SIGNATURES } from './memcachedSignatures.ts';
import { PROXY_SIGNATURES } from './proxySignatures.ts';
import { RESOLVER_SIGNATURES } from './resolverSignatures.ts';
import { SSL_SIGNATURES } from './sslSignatures.ts';
import { UPSTREAM_SIGNATURES } from './upstreamSignatures.ts';
import { UWSGI_SCGI_SIGNATURES } from './uwsgiScgiSignatures.ts';

/**
 * The whole catalogue in priority order: the classifier takes the first signature that matches.
 *
 * - relayed FastCGI stderr first: the application text inside may quote any other message;
 * - lifecycle and resolver lines next (a resolver's `connect() failed` is a DNS problem, not a backend one);
 * - specific configuration messages before the look-alikes (`open() "/run/nginx.pid"` is not a static file);
 * - look-alikes before upstream signatures, so client-side I/O errors are never read as backend resets;
 * - TLS before connect (handshake phase), connect before the upstream core, protocol modules next;
 * - generic socket I/O after every specific message, and the [emerg] catch-all last.
 *
 * Every pattern reads at most the first `MAX_PATTERN_SCAN` characters of a message (see
 * `cappedPattern.ts`), and a test keeps their shapes linear.
 */
export const SIGNATURES: readonly Signature[] = [
  ...FASTCGI_STDERR_SIGNATURES,
  ...LIFECYCLE_SIGNATURES,
  ...RESOLVER_SIGNATURES,
  ...CONFIG_SIGNATURES,
  ...LOOKALIKE_SIGNATURES,
  ...SSL_SIGNATURES,
  ...CONNECT_SIGNATURES,
  ...UPSTREAM_SIGNATURES,
  ...PROXY_SIGNATURES,
  ...FASTCGI_SIGNATURES,
  ...UWSGI_SCGI_SIGNATURES,
  ...GRPC_SIGNATURES,
  ...MEMCACHED_SIGNATURES,
  ...IO_SIGNATURES,
  ...CONFIG_CATCH_ALL_SIGNATURES,
].map((sig) => (sig.pattern ? { ...sig, pattern: capped(sig.pattern) } : sig));
