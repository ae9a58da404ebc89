import type { BackendKind, CauseInfo } from '../../model/index.ts';

/**
 * How a backend shows itself in nginx's lines (upstream addresses, socket paths, messages), most
 * specific first. Data: a new backend is a row here and a variant in the causes that need one.
 */
export const BACKEND_EVIDENCE: readonly { backend: BackendKind; evidence: RegExp }[] = [
  { backend: 'php-fpm', evidence: /php[\d.]*-fpm|\/run\/php\/|fastcgi:\/\/|PHP message|FastCGI sent/i },
  { backend: 'uwsgi', evidence: /uwsgi/i },
  { backend: 'gunicorn', evidence: /gunicorn/i },
  { backend: 'node', evidence: /\bnode(?:js)?\b|\bpm2\b|\/node[^/\s"]*\.sock|:3000\b/i },
];

/** `unix:/run/app.sock` in an upstream or a message (a trailing `:` and URI path are not the socket's). */
const UNIX_SOCKET = /unix:(\/[^\s:"',]+)/;
/** `http://10.0.0.7:8000/...`, `fastcgi://127.0.0.1:9000`. */
const TCP_ADDRESS = /\b[a-z]+:\/\/(\[[0-9a-f:]+\]|[^/\s:"'@]+):(\d{1,5})\b/i;

export interface ChosenRemediation {
  /** The variant used, `undefined` for the generic advice. */
  variant: BackendKind | undefined;
  checks: readonly string[];
  fix: readonly string[];
  commands: readonly string[];
}

/**
 * The advice of a cause for the backend its lines show: `evidence` is what was seen (upstream
 * addresses first, then sample lines). A backend variant wins over a transport one (`unix`, `tcp`),
 * which wins over the generic text. Placeholders are filled from the lines.
 *
 * @example chooseRemediation(CAUSES.socket_missing, ['unix:/run/gunicorn.sock']).commands[0] // 'systemctl status gunicorn'
 */
export function chooseRemediation(
  cause: Pick<CauseInfo, 'checks' | 'fix' | 'commands' | 'variants'>,
  evidence: readonly string[],
): ChosenRemediation {
  const generic = { variant: undefined, checks: cause.checks, fix: cause.fix, commands: cause.commands };
  const variants = cause.variants;
  if (variants === undefined || evidence.length === 0) return generic;
  const text = evidence.join('\n');
  const socket = UNIX_SOCKET.exec(text)?.[1];
  const tcp = socket === undefined ? TCP_ADDRESS.exec(text) : null;
  const backend = BACKEND_EVIDENCE.find((b) => b.evidence.test(text))?.backend;
  const order: BackendKind[] = [];
  if (backend !== undefined) order.push(backend);
  if (socket !== undefined) order.push('unix');
  else if (tcp) order.push('tcp');
  const variant = order.find((k) => variants[k] !== undefined);
  if (variant === undefined) return generic;
  const values: Record<string, string | undefined> = {
    socket,
    socketDir: socket?.slice(0, socket.lastIndexOf('/') + 1) || undefined,
    host: tcp?.[1],
    port: tcp?.[2],
  };
  // A line whose placeholder the lines cannot fill is left out (a unix-socket line when the
  // upstream is TCP); a list left empty falls back to the generic one.
  const fill = (list: readonly string[] | undefined, fallback: readonly string[]) => {
    if (list === undefined) return fallback;
    const filled: string[] = [];
    for (const line of list) {
      let missing = false;
      const out = line.replace(/\{(\w+)\}/g, (_m, name: string) => {
        const value = values[name];
        if (value === undefined) missing = true;
        return value ?? '';
      });
      if (!missing) filled.push(out);
    }
    return filled.length > 0 ? filled : fallback;
  };
  const chosen = variants[variant]!;
  return {
    variant,
    checks: fill(chosen.checks, cause.checks),
    fix: fill(chosen.fix, cause.fix),
    commands: fill(chosen.commands, cause.commands),
  };
}
