import { describe, expect, it } from 'vitest';
import { classifyLine } from '#shared/classify/classifyLine.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';
import { NGINX_MESSAGES, NGINX_RELEASES, type NginxMessage, releasesOf } from './nginxMessages.ts';

/** What ngx_log_error / ngx_conf_log_error append to a format: `(errno: text)`, `(SSL: ...)`, ` in file:line`. */
const APPENDED = String.raw`(?: \((?:\d+|SSL): [^)]*\))?(?: in \S+:\d+)?`;

/** nginx's printf conversions (%V, %s, %*s, %ui, %uz, %d, %P, %02xd, %03ui, ...) as a lazy wildcard. */
function formatToRegExp(format: string): RegExp {
  const parts = format.split(/%(?:\*s|\d*[a-zA-Z]{1,2})/);
  const body = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*?');
  return new RegExp(`^${body}${APPENDED}$`, 's');
}

function renderLine(m: NginxMessage, n: number): string {
  const head = `2026/11/03 12:00:${String(n % 60).padStart(2, '0')} [${m.level}] 4100#4100: `;
  if (m.bare) return `${head}${m.sample}${m.tail ?? ''}`;
  const action = m.action ? ` while ${m.action}` : '';
  return (
    `${head}*${1000 + n} ${m.sample}${action}, client: 10.0.0.5, server: api.example.com, ` +
    `request: "GET /v1/x HTTP/1.1", upstream: "http://127.0.0.1:8000/v1/x", host: "api.example.com"`
  );
}

const ROWS = NGINX_MESSAGES.map(
  (m, i) => [`${m.kind}: ${m.sample.slice(0, 80)} (${m.action ?? 'no action'})`, m, i] as const,
);

describe('messages from the nginx source', () => {
  it.each(ROWS)('sample follows its format: %s', (_name, m) => {
    expect(m.sample).toMatch(formatToRegExp(m.format));
  });

  it.each(ROWS)('is recognised with its cause and status: %s', (_name, m, i) => {
    const line = renderLine(m, i);
    const parsed = parseErrorLine(line);
    expect(parsed.kind, line).toBe('entry');
    const result = classifyLine(parsed);
    expect(result.signature, line).not.toBe('default.other');
    expect({ cause: result.cause, status: result.status }, line).toEqual({
      cause: m.cause,
      status: m.status,
    });
  });

  it.each(NGINX_RELEASES.map((v) => [v]))(
    'nginx %s: every message of the release is recognised',
    (version) => {
      const rows = NGINX_MESSAGES.filter((m) => releasesOf(m).includes(version));
      const missed = rows.flatMap((m, i) => {
        const c = classifyLine(parseErrorLine(renderLine(m, i)));
        return c.signature === 'default.other' || c.cause !== m.cause || c.status !== m.status
          ? [m.sample]
          : [];
      });
      expect(rows.length).toBeGreaterThan(150);
      expect(missed).toEqual([]);
    },
  );

  it('knows which release added or dropped a message', () => {
    const of = (format: string) => NGINX_MESSAGES.find((m) => m.format === format)!;
    expect(releasesOf(of('upstream sent zero window update'))).toEqual(['1.31.4']);
    expect(releasesOf(of('upstream prematurely sent response'))).toContain('1.28.2');
    expect(releasesOf(of('upstream prematurely sent response'))).not.toContain('1.29.0');
    expect(releasesOf(of('upstream buffer is too small to read response'))).toEqual([]);
    expect(releasesOf(of('no live upstreams'))).toEqual(NGINX_RELEASES);
  });

  it('lists the upstream-failure family in full', () => {
    const upstream = new Set(NGINX_MESSAGES.filter((m) => m.kind === 'upstream').map((m) => m.format));
    // Distinct format strings nginx writes when a proxied request fails because of the backend.
    expect(upstream.size).toBeGreaterThanOrEqual(80);
  });
});
