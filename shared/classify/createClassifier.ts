import type {
  CauseGroup,
  CauseId,
  CauseInfo,
  ClassifiedLine,
  ErrnoName,
  ErrorLogEntry,
  Level,
  ParsedLine,
  Phase,
  Severity,
  Signature,
  StatusRule,
} from '../types.ts';

export type Classifier = (parsed: ParsedLine) => ClassifiedLine;

/** Severity of an entry no signature matched, from nginx's own level. */
const FALLBACK_SEVERITY: Readonly<Record<Level, Severity>> = {
  debug: 'info',
  info: 'info',
  notice: 'info',
  warn: 'low',
  error: 'low',
  crit: 'medium',
  alert: 'high',
  emerg: 'high',
};

/** Severity when a phase turns a signature into another cause (e.g. a body error): by that cause's group. */
const SEVERITY_BY_GROUP: Readonly<Record<CauseGroup, Severity>> = {
  restart: 'high',
  config: 'high',
  capacity: 'medium',
  app: 'medium',
  noise: 'low',
  lifecycle: 'info',
};

interface Compiled {
  sig: Signature;
  /** Index of `sig.contains` in the literal table. */
  literal: number;
  levels: ReadonlySet<Level> | undefined;
  errno: ReadonlySet<ErrnoName> | undefined;
  phases: ReadonlySet<Phase> | undefined;
}

/**
 * Builds a classifier over a catalogue. The first signature whose literal, filters and pattern
 * all match wins, so the catalogue orders specific signatures before general ones; the classifier
 * itself knows no signature by name.
 */
export function createClassifier(
  signatures: readonly Signature[],
  causes: Readonly<Record<CauseId, CauseInfo>>,
): Classifier {
  const literals = createLiteralScanner(signatures.map((sig) => sig.contains));
  const compiled: Compiled[] = signatures.map((sig) => ({
    sig,
    literal: literals.indexOf(sig.contains),
    levels: sig.levels ? new Set(sig.levels) : undefined,
    errno: sig.errno ? new Set(sig.errno) : undefined,
    phases: sig.phases ? new Set(sig.phases) : undefined,
  }));
  const groupOf = (cause: CauseId): CauseGroup => causes[cause].group;
  /** For each literal, the signatures (by catalogue position) that test it. */
  const byLiteral: number[][] = [];
  compiled.forEach((c, i) => {
    const list = byLiteral[c.literal] ?? [];
    list.push(i);
    byLiteral[c.literal] = list;
  });
  const candidates: number[] = [];

  return (parsed) => {
    if (parsed.kind === 'unparsed') {
      return {
        cause: 'unparsed',
        signature: 'unparsed',
        status: null,
        severity: 'low',
        group: groupOf('unparsed'),
        entry: parsed,
      };
    }
    const entry = parsed;
    const message = entry.message;
    let unix: boolean | undefined;
    // Only the signatures whose literal occurs, in catalogue order (first match wins).
    candidates.length = 0;
    for (const lit of literals.scan(message)) {
      const sigs = byLiteral[lit];
      if (sigs) for (const i of sigs) candidates.push(i);
    }
    if (candidates.length > 1) candidates.sort(byNumber);
    for (const i of candidates) {
      const c = compiled[i]!;
      const sig = c.sig;
      if (c.levels && !c.levels.has(entry.level)) continue;
      if (c.errno && (entry.errnoName === undefined || !c.errno.has(entry.errnoName))) continue;
      if (c.phases && !c.phases.has(entry.phase)) continue;
      if (sig.unixSocket !== undefined) {
        unix ??= isUnixSocket(entry);
        if (unix !== sig.unixSocket) continue;
      }
      if (sig.pattern && !sig.pattern.test(message)) continue;
      const cause = sig.causeByPhase?.[entry.phase] ?? sig.cause;
      const severity = cause === sig.cause ? sig.severity : SEVERITY_BY_GROUP[groupOf(cause)];
      return {
        cause,
        signature: sig.id,
        status: resolveStatus(sig.status, entry.phase),
        severity,
        group: groupOf(cause),
        entry,
      };
    }
    return {
      cause: 'other',
      signature: 'default.other',
      status: null,
      severity: FALLBACK_SEVERITY[entry.level],
      group: groupOf('other'),
      entry,
    };
  };
}

/** The client status a rule gives in a phase. */
export function resolveStatus(rule: StatusRule, phase: Phase): number | null {
  if (rule === null || typeof rule === 'number') return rule;
  const byPhase = rule.byPhase[phase];
  return byPhase === undefined ? rule.otherwise : byPhase;
}

function isUnixSocket(entry: ErrorLogEntry): boolean {
  return entry.upstream?.socketPath !== undefined || entry.message.includes('unix:');
}

interface LiteralScanner {
  indexOf(literal: string): number;
  /** The literals that occur in `text`, each once (the array is reused by the next call). */
  scan(text: string): readonly number[];
}

/**
 * Finds which of many literals occur in a text with one pass of one regular expression instead of
 * one `includes` per signature (about four times faster on real logs). The alternation is tried
 * longest first and resumed one character after each match, so at every position the longest
 * literal is found; shorter literals that start at the same position, or sit anywhere inside a found
 * one, are implied by it through a precomputed containment table.
 */
function createLiteralScanner(all: readonly string[]): LiteralScanner {
  const literals = [...new Set(all)];
  const index = new Map(literals.map((l, i) => [l, i]));
  const implied = literals.map((l) => literals.flatMap((other, j) => (l.includes(other) ? [j] : [])));
  const always = literals.flatMap((l, i) => (l === '' ? [i] : []));
  const alternatives = literals.filter((l) => l !== '').sort((a, b) => b.length - a.length);
  const any = alternatives.length > 0 ? new RegExp(alternatives.map(escapeRegExp).join('|'), 'g') : undefined;
  const marks = new Int32Array(literals.length);
  let generation = 0;
  const found: number[] = [];
  return {
    indexOf: (literal) => index.get(literal) ?? -1,
    scan(text) {
      const gen = ++generation;
      found.length = 0;
      for (const i of always) {
        marks[i] = gen;
        found.push(i);
      }
      if (!any) return found;
      any.lastIndex = 0;
      for (let m = any.exec(text); m !== null; m = any.exec(text)) {
        for (const j of implied[index.get(m[0])!]!) {
          if (marks[j] === gen) continue;
          marks[j] = gen;
          found.push(j);
        }
        any.lastIndex = m.index + 1;
      }
      return found;
    },
  };
}

const byNumber = (a: number, b: number) => a - b;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
