import type {
  CauseGroup,
  CauseId,
  CauseInfo,
  ClassifiedLine,
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
  levels: ReadonlySet<Level> | undefined;
  errno: ReadonlySet<number> | undefined;
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
  const compiled: Compiled[] = signatures.map((sig) => ({
    sig,
    levels: sig.levels ? new Set(sig.levels) : undefined,
    errno: sig.errno ? new Set(sig.errno) : undefined,
    phases: sig.phases ? new Set(sig.phases) : undefined,
  }));
  const groupOf = (cause: CauseId): CauseGroup => causes[cause].group;

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
    for (const c of compiled) {
      const sig = c.sig;
      if (!message.includes(sig.contains)) continue;
      if (c.levels && !c.levels.has(entry.level)) continue;
      if (c.errno && (entry.errno === undefined || !c.errno.has(entry.errno))) continue;
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
