import { describe, expect, it } from 'vitest';
import { CAUSES, causeInfo, SIGNATURES } from '#shared/catalogue/index.ts';
import { CAUSE_GROUPS, CAUSE_IDS, LEVELS, PHASES, SEVERITIES, type StatusRule } from '#shared/model/index.ts';

/** Causes with no signature of their own: the classifier's fallbacks. */
const FALLBACK_CAUSES = new Set(['other', 'unparsed']);

function ruleValues(rule: StatusRule): Array<number | null> {
  if (rule === null || typeof rule === 'number') return [rule];
  return [...Object.values(rule.byPhase), rule.otherwise];
}

describe('cause catalogue', () => {
  it.each(CAUSE_IDS.map((id) => [id]))('%s has a complete entry', (id) => {
    const info = CAUSES[id];
    expect(info, `no CAUSES entry for ${id}`).toBeDefined();
    expect(info.id).toBe(id);
    expect(CAUSE_GROUPS).toContain(info.group);
    expect(info.title.trim().length).toBeGreaterThan(5);
    expect(info.explanation.trim().length).toBeGreaterThan(60);
    // other / unparsed have checks and fixes too (read the message, add a signature): none is left empty.
    expect(info.checks.length).toBeGreaterThan(0);
    expect(info.fix.length).toBeGreaterThan(0);
    expect(info.commands.length).toBeGreaterThan(0);
    for (const text of [...info.checks, ...info.fix, ...info.commands]) expect(text.trim()).not.toBe('');
    expect(causeInfo(id)).toBe(info);
  });

  it('has no entry outside the contract', () => {
    expect(Object.keys(CAUSES).sort()).toEqual([...CAUSE_IDS].sort());
  });

  it.each([
    ['upstream_refused', 'restart'],
    ['socket_missing', 'restart'],
    ['no_live_upstreams', 'restart'],
    ['socket_permission', 'config'],
    ['selinux_denied', 'config'],
    ['upstream_timeout', 'capacity'],
    ['fd_exhaustion', 'capacity'],
    ['fastcgi_stderr', 'app'],
    ['client_closed', 'noise'],
    ['upstream_body_error', 'noise'],
    ['nginx_reload', 'lifecycle'],
  ] as const)('puts %s in group %s', (id, group) => {
    expect(CAUSES[id].group).toBe(group);
  });
});

describe('signature catalogue', () => {
  it('has unique ids', () => {
    const ids = SIGNATURES.map((s) => s.id);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dupes).toEqual([]);
  });

  it('has no two signatures with the same match', () => {
    const keyOf = (s: (typeof SIGNATURES)[number]): string =>
      JSON.stringify([s.contains, s.pattern?.source, s.levels, s.errno, s.phases, s.unixSocket]);
    const keys = SIGNATURES.map(keyOf);
    const dupes = SIGNATURES.filter((_, i) => keys.indexOf(keys[i]!) !== i).map((s) => s.id);
    expect(dupes).toEqual([]);
  });

  it('gives every cause but the fallbacks at least one signature', () => {
    const covered = new Set(SIGNATURES.map((s) => s.cause));
    const missing = CAUSE_IDS.filter((id) => !FALLBACK_CAUSES.has(id) && !covered.has(id));
    expect(missing).toEqual([]);
  });

  it.each(SIGNATURES.map((s) => [s.id, s]))('%s is well formed', (_id, sig) => {
    expect(sig.id).toMatch(/^[a-z0-9]+(?:[.-][a-z0-9]+)+$/);
    expect(CAUSE_IDS).toContain(sig.cause);
    expect(FALLBACK_CAUSES.has(sig.cause)).toBe(false);
    expect(sig.contains.length).toBeGreaterThan(0);
    expect(SEVERITIES).toContain(sig.severity);
    expect(sig.source).toMatch(/src\/|ngx_/);
    expect(sig.examples.length).toBeGreaterThan(0);
    for (const level of sig.levels ?? []) expect(LEVELS).toContain(level);
    for (const phase of sig.phases ?? []) expect(PHASES).toContain(phase);
    for (const phase of Object.keys(sig.causeByPhase ?? {})) expect(PHASES).toContain(phase);
    for (const cause of Object.values(sig.causeByPhase ?? {})) expect(CAUSE_IDS).toContain(cause);
    if (sig.status !== null && typeof sig.status === 'object') {
      for (const phase of Object.keys(sig.status.byPhase)) expect(PHASES).toContain(phase);
    }
    for (const status of ruleValues(sig.status)) {
      if (status !== null) expect(status >= 100 && status <= 599).toBe(true);
    }
    // Stateful (g / y) regexes would make matching depend on the previous line.
    expect(sig.pattern?.global ?? false).toBe(false);
    expect(sig.pattern?.sticky ?? false).toBe(false);
  });

  it('keeps the [emerg] catch-alls last', () => {
    expect(SIGNATURES.slice(-2).map((s) => s.id)).toEqual(['config.emerg', 'config.emerg-failed']);
  });

  it('uses literals that narrow the search (no bare whitespace, at least three characters)', () => {
    const weak = SIGNATURES.filter((s) => s.contains.length < 3 || s.contains.trim() === '').map((s) => s.id);
    expect(weak).toEqual([]);
  });
});
