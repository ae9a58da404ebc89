import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorLogEntry } from '#shared/model/index.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';
import { sharedReference } from '../support/sharedReference.ts';

/**
 * Other projects' nginx error-log test lines, with fields derived independently of this parser
 * (read from ../shared, never copied into the repo). Every entry must parse to the same fields;
 * the entries the corpus marks as not nginx error format must come out `unparsed`.
 */
const REFERENCE = sharedReference('peer-corpus');
const CORPUS = REFERENCE.path;
const FIELDS = ['client', 'server', 'request', 'host', 'referrer'] as const;

interface Normalized {
  timestamp: string;
  level: string;
  pid: number;
  tid: number;
  cid?: number | null;
  message: string;
  action?: string | null;
  errno?: number | null;
  errtext?: string | null;
  upstream?: string | null;
  [key: string]: unknown;
}
interface CorpusEntry {
  i: number;
  raw: string;
  normalized: Normalized | null;
}

function actual(entry: ErrorLogEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {
    timestamp: entry.time,
    level: entry.level,
    pid: entry.pid,
    tid: entry.tid,
    cid: entry.cid ?? null,
    message: entry.action === undefined ? entry.message : `${entry.message} while ${entry.action}`,
    errno: entry.errno ?? null,
    errtext: entry.errnoText ?? null,
    upstream: entry.upstream?.raw ?? null,
  };
  for (const f of FIELDS) out[f] = entry[f] ?? null;
  return out;
}

function expected(n: Normalized): Record<string, unknown> {
  const out: Record<string, unknown> = {
    timestamp: n.timestamp,
    level: n.level,
    pid: n.pid,
    tid: n.tid,
    cid: n.cid ?? null,
    message: n.message,
    errno: n.errno ?? null,
    errtext: n.errtext ?? null,
    upstream: n.upstream ?? null,
  };
  for (const f of FIELDS) out[f] = (n[f] as string | null | undefined) ?? null;
  return out;
}

const folders = existsSync(CORPUS)
  ? readdirSync(CORPUS).filter((f) => existsSync(join(CORPUS, f, 'expected.json')))
  : [];

const describeCorpus = describe.skipIf(!REFERENCE.run);
describeCorpus(REFERENCE.run ? 'peer corpus' : `peer corpus: ${REFERENCE.skipReason}`, () => {
  it('is present (../shared/reference/peer-corpus)', () => {
    expect(folders.length).toBeGreaterThanOrEqual(10);
  });

  it.each(folders)('%s: every entry parses to the fields the corpus expects', (folder) => {
    const data = JSON.parse(readFileSync(join(CORPUS, folder, 'expected.json'), 'utf8')) as {
      entries: CorpusEntry[];
    };
    const mismatches: unknown[] = [];
    for (const e of data.entries) {
      const parsed = parseErrorLine(e.raw);
      if (e.normalized === null) {
        // Where peers give up on nginx's own stderr (`nginx: [emerg] ...`, `nginx -t` verdicts), this
        // parser reads an entry without time, pid and tid, on purpose: a failed start stays visible.
        const stderrForm =
          parsed.kind === 'entry' && parsed.time === undefined && /^nginx: /.test(e.raw.slice(0, 7));
        if (parsed.kind !== 'unparsed' && !stderrForm)
          mismatches.push({ i: e.i, raw: e.raw, want: 'unparsed', got: parsed.kind });
        continue;
      }
      if (parsed.kind === 'unparsed') {
        mismatches.push({ i: e.i, raw: e.raw, want: 'entry', got: parsed.reason });
        continue;
      }
      const got = actual(parsed);
      const want = expected(e.normalized);
      for (const key of Object.keys(want)) {
        if (got[key] !== want[key]) mismatches.push({ i: e.i, key, want: want[key], got: got[key] });
      }
    }
    expect(mismatches).toEqual([]);
  });
});
