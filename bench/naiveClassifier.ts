/**
 * The baseline: what a team writes by hand (fail2ban / grok style) when it has no parser. One
 * full-line regex per message, each with the same head and tail groups, tried in turn until one
 * matches. It is written from the same nginx messages the catalogue knows, in a sensible order
 * (specific before general), and extracts the same head and tail fields, so the comparison with the
 * core is about the approach, not about doing less work.
 */

const HEAD = String.raw`^(?<time>\d{4}/\d\d/\d\d \d\d:\d\d:\d\d) \[(?<level>[a-z]+)\] (?<pid>\d+)#(?<tid>\d+): (?:\*(?<cid>\d+) )?`;
const ACTION = String.raw`(?: while (?<action>[a-zA-Z ]+))?`;
const TAIL = String.raw`(?:, client: (?<client>[^,]+))?(?:, server: (?<server>[^,]*))?(?:, request: "(?<request>(?:[^"\\]|\\.)*)")?(?:, subrequest: "(?<subrequest>[^"]*)")?(?:, upstream: "(?<upstream>[^"]*)")?(?:, host: "(?<host>[^"]*)")?(?:, referrer: "(?<referrer>[^"]*)")?\r?$`;

const RULES: readonly (readonly [cause: string, message: string])[] = [
  ['upstream_refused', String.raw`connect\(\) failed \(111: Connection refused\)`],
  ['socket_missing', String.raw`connect\(\) to unix:(?<socket>\S+) failed \(2: No such file or directory\)`],
  ['socket_permission', String.raw`connect\(\) to unix:(?<socket>\S+) failed \(13: Permission denied\)`],
  ['selinux_denied', String.raw`connect\(\) to (?<peer>[\d.:\[\]a-f]+) failed \(13: Permission denied\)`],
  [
    'backend_overloaded',
    String.raw`connect\(\) to (?<peer>\S+) failed \(11: Resource temporarily unavailable\)`,
  ],
  ['port_exhaustion', String.raw`connect\(\) to (?<peer>\S+) failed \(99: Cannot assign requested address\)`],
  ['upstream_unreachable', String.raw`connect\(\) failed \((?<errno>113|101|110): [^)]*\)`],
  ['connect_timeout', String.raw`upstream timed out \(110: [^)]*\)(?= while connecting to upstream)`],
  [
    'upstream_timeout',
    String.raw`upstream timed out \(110: [^)]*\)(?= while (?:reading response header from|sending request to) upstream)`,
  ],
  ['upstream_body_error', String.raw`upstream timed out \(110: [^)]*\)(?= while reading upstream)`],
  [
    'upstream_closed',
    String.raw`upstream prematurely closed connection(?= while reading response header from upstream)`,
  ],
  ['upstream_body_error', String.raw`upstream prematurely closed connection(?= while reading upstream)`],
  [
    'upstream_reset',
    String.raw`(?:recv|readv|writev|send|sendfile)\(\) failed \((?<errno>104|32): [^)]*\)(?= while (?:reading response header from|sending request to) upstream)`,
  ],
  ['no_live_upstreams', 'no live upstreams'],
  ['no_live_upstreams', 'upstream server temporarily disabled'],
  [
    'upstream_tls',
    String.raw`SSL_do_handshake\(\) failed \(SSL: [^)]*\)(?= while SSL handshaking to upstream)`,
  ],
  [
    'upstream_tls',
    String.raw`upstream SSL certificate (?:verify error: \(\d+:[^)]*\)|does not match "[^"]*")`,
  ],
  ['header_too_big', 'upstream sent too big header'],
  [
    'invalid_response',
    String.raw`upstream sent (?:invalid header|invalid status|no valid HTTP/1\.0 header|invalid chunked response|unexpected FastCGI record)[^,]*?`,
  ],
  ['dns_failure', String.raw`(?<name>\S+) could not be resolved \((?<errno>\d+): [^)]*\)`],
  ['dns_failure', String.raw`(?:no resolver defined to resolve \S+|host not found in upstream "[^"]*")`],
  [
    'fd_exhaustion',
    String.raw`(?:(?:socket|accept4?)\(\) failed \(24: Too many open files\)|\d+ worker_connections are not enough)`,
  ],
  ['fastcgi_stderr', String.raw`FastCGI sent in stderr: "(?<stderr>[\s\S]*?)"`],
  ['static_not_found', String.raw`open\(\) "(?<file>[^"]+)" failed \(2: No such file or directory\)`],
  ['static_not_found', String.raw`"(?<file>[^"]+)" is not found \(2: No such file or directory\)`],
  ['static_not_found', String.raw`(?:access forbidden by rule|directory index of "[^"]+" is forbidden)`],
  [
    'rate_limited',
    String.raw`(?:limiting (?:requests|connections)(?:, excess: (?<excess>[\d.]+))? by zone "(?<zone>[^"]+)"|delaying request, excess: (?<delay>[\d.]+), by zone "(?<dzone>[^"]+)")`,
  ],
  [
    'client_closed',
    String.raw`(?:(?:epoll_wait\(\) reported that )?client prematurely closed connection(?:, so upstream connection is closed too)?|client [\da-f.:]+ closed keepalive connection|client closed connection while waiting for request|client timed out \(110: [^)]*\)|recv\(\) failed \(104: [^)]*\)(?= while reading client request line))`,
  ],
  [
    'client_tls',
    String.raw`(?:SSL_do_handshake\(\) failed \(SSL: [^)]*\)|peer closed connection in SSL handshake(?: \(\d+: [^)]*\))?)(?= while SSL handshaking,)`,
  ],
  [
    'buffered_to_temp',
    String.raw`an? (?:upstream response|client request body) is buffered to a temporary file \S+`,
  ],
  ['client_body_too_large', String.raw`client intended to send too large body: (?<bytes>\d+) bytes`],
  ['worker_crash', String.raw`worker process (?<worker>\d+) exited on signal (?<signal>\d+)`],
  [
    'nginx_reload',
    String.raw`(?:signal \d+ \(SIGHUP\) received from \d+, reconfiguring|reconfiguring|signal process started)`,
  ],
  [
    'nginx_start',
    String.raw`(?:using the "\w+" event method|start worker process(?:es)?(?: \d+)?|nginx/[\d.]+|OS: .*|getrlimit\(RLIMIT_NOFILE\): .*)`,
  ],
  [
    'nginx_stop',
    String.raw`(?:gracefully shutting down|exiting|exit|signal \d+ \((?:SIGCHLD|SIGQUIT|SIGTERM|SIGINT)\) received(?: from \d+)?(?:, [a-z ]+)?|worker process \d+ exited with code \d+)`,
  ],
];

const COMPILED = RULES.map(([cause, message]) => ({ cause, re: new RegExp(HEAD + message + ACTION + TAIL) }));
const ANY_ENTRY = new RegExp(HEAD + String.raw`(?<message>.*?)` + ACTION + TAIL, 's');

export interface NaiveResult {
  cause: string;
  groups: Record<string, string | undefined> | undefined;
}

/** Number of regexes the baseline holds (for the report). */
export const NAIVE_RULE_COUNT = COMPILED.length + 1;

/** Classifies one log line the hand-written way: each regex in turn, first match wins. */
export function classifyNaive(line: string): NaiveResult {
  for (const rule of COMPILED) {
    const m = rule.re.exec(line);
    if (m) return { cause: rule.cause, groups: m.groups };
  }
  const m = ANY_ENTRY.exec(line);
  return m ? { cause: 'other', groups: m.groups } : { cause: 'unparsed', groups: undefined };
}
