/**
 * Types shared by the whole core. `as const` tuples with derived unions stand in for enums so the
 * values exist at run time (CLI flags, validation) and the types follow from them.
 */

export const LEVELS = ['debug', 'info', 'notice', 'warn', 'error', 'crit', 'alert', 'emerg'] as const;
export type Level = (typeof LEVELS)[number];

/**
 * Where in the proxying of a request nginx was when it logged, derived from the ` while <action>` text.
 * It decides the status the client got: a failure before the response header arrived becomes a
 * 502/504; one while reading the body comes after the status line was already sent.
 */
export const PHASES = [
  'connect', // connecting to upstream
  'handshake', // SSL handshaking to upstream
  'send', // sending request to upstream
  'header', // reading response header from upstream
  'body', // reading upstream (the status was already sent to the client)
  'client', // reading the client's request / sending to client
  'resolve', // the resolver's own query (`while resolving, resolver: ...`)
  'other', // any other action text
  'none', // no ` while ...` at all
] as const;
export type Phase = (typeof PHASES)[number];

/** The errnos the catalogue tells apart, by their POSIX names. */
export const ERRNO_NAMES = [
  'ENOENT',
  'ENOTDIR',
  'EACCES',
  'EAGAIN',
  'EMFILE',
  'ENFILE',
  'EPIPE',
  'EINVAL',
  'EADDRINUSE',
  'EADDRNOTAVAIL',
  'ENETDOWN',
  'ENETUNREACH',
  'ECONNABORTED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'EAFNOSUPPORT',
] as const;
export type ErrnoName = (typeof ERRNO_NAMES)[number];

/** The upstream field split into its parts. */
export interface Upstream {
  /** The text nginx wrote, e.g. `http://127.0.0.1:8080/api` or `fastcgi://unix:/run/php/php-fpm.sock:`. */
  raw: string;
  /** `http`, `https`, `fastcgi`, `uwsgi`, `scgi`, `grpc`, `grpcs`, `memcached`, ... or undefined. */
  scheme?: string;
  /** Host name or IP address (IPv6 without brackets); undefined for unix sockets. */
  address?: string;
  port?: number;
  /** Path of a unix-domain socket. */
  socketPath?: string;
  /** Path and query after the authority, when present. */
  path?: string;
}

/** One nginx error-log entry (one line, or one line plus its continuation lines). */
export interface ErrorLogEntry {
  kind: 'entry';
  /**
   * nginx's own timestamp, `YYYY-MM-DDTHH:MM:SS`, in the server's zone (nginx writes none). Absent on
   * nginx's stderr form (`nginx: [emerg] ...`) unless the record's prefix carries an ISO 8601 time.
   */
  time?: string;
  level: Level;
  /** Absent on the stderr form unless a `nginx[pid]:` tag gives it. */
  pid?: number;
  /** Absent on the stderr form. */
  tid?: number;
  /** Connection id (`*123`); absent on process-level lines such as `[notice] ... signal process started`. */
  cid?: number;
  /** The message without the ` while <action>` part and without the `, key: value` tail. */
  message: string;
  /** The text after ` while `, e.g. `connecting to upstream`. */
  action?: string;
  phase: Phase;
  /** The system call named in the message, e.g. `connect()`, `recv()`. */
  syscall?: string;
  errno?: number;
  errnoText?: string;
  /** The errno by name, read from its text (the number differs by platform: 111 Linux, 61 BSD). */
  errnoName?: ErrnoName;
  client?: string;
  server?: string;
  request?: string;
  subrequest?: string;
  upstream?: Upstream;
  host?: string;
  referrer?: string;
  /** Every `key: value` pair of the tail, known keys included, in order of appearance. */
  fields: Record<string, string>;
  /** Text before the nginx timestamp (syslog or journald header), when present. */
  prefix?: string;
  /** The line was cut (nginx's 2048-byte limit) before its tail was complete. */
  truncated: boolean;
  /** Physical lines after the first (FastCGI stderr traces). */
  continuation: string[];
  /** The whole entry as read, physical lines joined with `\n`, line endings stripped. */
  raw: string;
}

/** A line that is not an nginx error-log entry. Never thrown, never dropped: counted. */
export interface UnparsedLine {
  kind: 'unparsed';
  reason: UnparsedReason;
  raw: string;
}

export const UNPARSED_REASONS = [
  'empty',
  'no-timestamp',
  'bad-timestamp',
  'no-level',
  'bad-level',
  'no-pid',
  'too-long',
  'binary',
] as const;
export type UnparsedReason = (typeof UNPARSED_REASONS)[number];

export type ParsedLine = ErrorLogEntry | UnparsedLine;

export const CAUSE_GROUPS = ['restart', 'config', 'capacity', 'app', 'noise', 'lifecycle'] as const;
/**
 * - restart: the backend is not there (refused, socket missing, closed/reset, no live upstreams)
 * - config: wiring or permissions (socket permission, SELinux, TLS, DNS, header size, invalid response)
 * - capacity: timeouts and exhaustion
 * - app: the application itself failed (FastCGI stderr)
 * - noise: look-alikes that are not upstream failures
 * - lifecycle: nginx starting, reloading, stopping
 */
export type CauseGroup = (typeof CAUSE_GROUPS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The contract: cause ids users see in metrics, alerts and filter policies. */
export const CAUSE_IDS = [
  'upstream_refused',
  'socket_missing',
  'socket_permission',
  'selinux_denied',
  'upstream_closed',
  'upstream_reset',
  'no_live_upstreams',
  'upstream_timeout',
  'connect_timeout',
  'upstream_unreachable',
  'dns_failure',
  'upstream_tls',
  'header_too_big',
  'invalid_response',
  'backend_overloaded',
  'port_exhaustion',
  'fd_exhaustion',
  'fastcgi_stderr',
  'bind_failed',
  'pid_permission',
  'config_invalid',
  'nginx_start',
  'nginx_reload',
  'nginx_stop',
  'worker_crash',
  'client_closed',
  'upstream_body_error',
  'static_not_found',
  'rate_limited',
  'client_tls',
  'client_body_too_large',
  'buffered_to_temp',
  'upstream_server_disabled',
  'nginx_config_test',
  'other',
  'unparsed',
] as const;
export type CauseId = (typeof CAUSE_IDS)[number];

/** What a cause means and what to do about it: one entry per cause id. */
export interface CauseInfo {
  id: CauseId;
  group: CauseGroup;
  /** Short human title, e.g. "Backend refused the connection". */
  title: string;
  /** Two or three sentences: what nginx saw and why the client got that status. */
  explanation: string;
  /** What to look at first, most likely first. */
  checks: readonly string[];
  /** The fixes, most likely first. */
  fix: readonly string[];
  /** Shell commands an operator can paste. */
  commands: readonly string[];
  /**
   * Advice for one kind of backend, chosen by what the lines show (see `chooseRemediation`): a
   * backend (`php-fpm`, `gunicorn`, `uwsgi`, `node`) or a transport (`unix`, `tcp`). Each list given
   * replaces the generic one; `{socket}`, `{socketDir}`, `{host}`, `{port}` are filled from the lines.
   */
  variants?: Partial<Record<BackendKind, RemediationText>>;
}

/** What the lines can show about the backend behind nginx. */
export type BackendKind = 'php-fpm' | 'gunicorn' | 'uwsgi' | 'node' | 'unix' | 'tcp';

/** The remediation lists of a cause or of one of its backend variants. */
export interface RemediationText {
  checks?: readonly string[];
  fix?: readonly string[];
  commands?: readonly string[];
}

/**
 * The status the client received. A number, `null` when the line implies no response status of its
 * own (the status was already sent, or there is no request), or a map by phase with a fallback.
 */
export type StatusRule =
  | number
  | null
  | { byPhase: Partial<Record<Phase, number | null>>; otherwise: number | null };

/** One message nginx writes, recognised by a cheap literal test and refined by optional filters. */
export interface Signature {
  /** Unique, stable, kebab or dotted, e.g. `proxy.upstream-prematurely-closed`. */
  id: string;
  cause: CauseId;
  /** A literal substring the message must contain. Tested first, on the message only. */
  contains: string;
  /** Refines the match after `contains` hit; compiled once at module load. */
  pattern?: RegExp;
  /** Only these levels. */
  levels?: readonly Level[];
  /** Only these errnos, by name (`(111: Connection refused)` on Linux and `(61: ...)` on BSD are both ECONNREFUSED). */
  errno?: readonly ErrnoName[];
  /** Only these phases. */
  phases?: readonly Phase[];
  /** Only when the upstream is (true) or is not (false) a unix socket / the message names `unix:`. */
  unixSocket?: boolean;
  status: StatusRule;
  /**
   * A different cause in some phases, e.g. a premature close while reading the body is
   * `upstream_body_error` (the client already had its status), not a 502.
   */
  causeByPhase?: Partial<Record<Phase, CauseId>>;
  severity: Severity;
  /** The nginx source file(s) that write this message. */
  source: string;
  /** Full example log lines that must classify to this signature (a test runs them). */
  examples: readonly string[];
}

/** The result of classifying one entry. */
export interface Classification {
  cause: CauseId;
  /** The id of the signature that matched; `default.*` ids when none did. */
  signature: string;
  status: number | null;
  severity: Severity;
  group: CauseGroup;
}

/**
 * What every classified line carries next to its verdict, readable without the full entry: a lazy
 * classifier (`classifyText`) builds `entry` only when it is read, and most lines are only counted.
 */
interface ClassifiedBase extends Classification {
  /** The entry as read (`entry.raw`). */
  raw: string;
  /** nginx's own time (`entry.time`); null for an unparsed line or an entry without one. */
  time: string | null;
  /** The `upstream:` value as written (`entry.upstream?.raw`). */
  upstreamRaw: string | undefined;
  /** The `host:` value (`entry.host`). */
  host: string | undefined;
}

export interface ClassifiedEntry extends ClassifiedBase {
  entry: ErrorLogEntry;
}

export interface ClassifiedUnparsed extends ClassifiedBase {
  cause: 'unparsed';
  time: null;
  entry: UnparsedLine;
}

export type ClassifiedLine = ClassifiedEntry | ClassifiedUnparsed;
