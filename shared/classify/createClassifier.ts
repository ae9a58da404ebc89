import {
  type CauseGroup,
  type CauseId,
  type CauseInfo,
  type Classification,
  type ClassifiedEntry,
  type ClassifiedLine,
  type ErrnoName,
  type ErrorLogEntry,
  LEVELS,
  type Level,
  ownString,
  type ParsedLine,
  PHASES,
  type Phase,
  type Severity,
  type Signature,
  type StatusRule,
} from '../model/index.ts';
import {
  errnoNameOf,
  isoTime,
  lastTailValue,
  parseErrorLine,
  parseUpstream,
  phaseOf,
  plainHeadEnd,
  plainLevel,
  splitMessage,
} from '../parse/index.ts';

/** Classifies an entry parsed beforehand. */
export type Classifier = (parsed: ParsedLine) => ClassifiedLine;

/**
 * Classifies the text of one entry (as {@link parseErrorLine} takes it) before parsing it: the
 * verdict comes from the head, the message and the tail's bounds; the full entry is built only when
 * `entry` is read. The verdict and every field are those of `classify(parseErrorLine(text))`.
 */
export type TextClassifier = (text: string) => ClassifiedLine;

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

const PHASE_INDEX = Object.fromEntries(PHASES.map((p, i) => [p, i])) as Readonly<Record<Phase, number>>;
const LEVEL_INDEX = Object.fromEntries(LEVELS.map((l, i) => [l, i])) as Readonly<Record<Level, number>>;

/** Slots of the verdict cache (a power of two) and the longest message it keeps: at most 4096 x 256 characters. */
const CACHE_SLOTS = 4096;
const CACHED_MESSAGE_CHARS = 256;

interface Compiled {
  sig: Signature;
  /** Index of `sig.contains` in the literal table. */
  literal: number;
  levels: ReadonlySet<Level> | undefined;
  errno: ReadonlySet<ErrnoName> | undefined;
  phases: ReadonlySet<Phase> | undefined;
  /** The verdict in each phase (by `PHASES` index): computed once, shared by every match. */
  verdicts: readonly Classification[];
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
  const catalogue = compileCatalogue(signatures, causes);
  return (parsed) => classifyParsed(catalogue, parsed);
}

/** The same catalogue as {@link createClassifier}, read from an entry's text before it is parsed. */
export function createTextClassifier(
  signatures: readonly Signature[],
  causes: Readonly<Record<CauseId, CauseInfo>>,
): TextClassifier {
  const catalogue = compileCatalogue(signatures, causes);
  return (text) => {
    const end = plainHeadEnd(text);
    // Prefixed, `\r`, junk: rare shapes, read by the full parser.
    if (end === -1) return classifyParsed(catalogue, parseErrorLine(text));
    const body = text.slice(end);
    const { message, action, tail } = splitMessage(body);
    const upstreamRaw = tail ? lastTailValue(body, 'upstream') : undefined;
    const host = tail ? lastTailValue(body, 'host') : undefined;
    const verdict = catalogue.decide(plainLevel(text), message, phaseOf(action), undefined, upstreamRaw);
    return new LazyEntryLine(verdict, text, upstreamRaw, host);
  };
}

/**
 * The verdict alone of an entry's text in the common shape (nginx's timestamp at its start, no
 * `\r`): what a tally that only counts needs, with no object built per entry. Undefined for any
 * other shape: then {@link TextClassifier} (or the full parser) knows what it is. The verdict is
 * that of `classify(parseErrorLine(text))`, and the entry's time is `isoTime(text, 0)`.
 */
export type TextVerdict = (text: string) => Classification | undefined;

/** The same catalogue as {@link createClassifier}: verdicts only, for entries of the common shape. */
export function createTextVerdict(
  signatures: readonly Signature[],
  causes: Readonly<Record<CauseId, CauseInfo>>,
): TextVerdict {
  const catalogue = compileCatalogue(signatures, causes);
  return (text) => {
    const end = plainHeadEnd(text);
    if (end === -1) return undefined;
    const body = text.slice(end);
    const { message, action, tail } = splitMessage(body);
    const upstreamRaw = tail ? lastTailValue(body, 'upstream') : undefined;
    return catalogue.decide(plainLevel(text), message, phaseOf(action), undefined, upstreamRaw);
  };
}

/**
 * A classified entry whose full entry is parsed the first time it is read. Own fields are the
 * verdict and what the engine and the tallies read of every line.
 */
class LazyEntryLine implements ClassifiedEntry {
  readonly cause: CauseId;
  readonly signature: string;
  readonly status: number | null;
  readonly severity: Severity;
  readonly group: CauseGroup;
  #time: string | undefined;
  #entry: ErrorLogEntry | undefined;

  constructor(
    verdict: Classification,
    readonly raw: string,
    readonly upstreamRaw: string | undefined,
    readonly host: string | undefined,
  ) {
    this.cause = verdict.cause;
    this.signature = verdict.signature;
    this.status = verdict.status;
    this.severity = verdict.severity;
    this.group = verdict.group;
  }

  /** Built when read: the ingest never reads it (event times come from CloudWatch). */
  get time(): string {
    this.#time ??= isoTime(this.raw, 0);
    return this.#time;
  }

  get entry(): ErrorLogEntry {
    this.#entry ??= parseErrorLine(this.raw) as ErrorLogEntry;
    return this.#entry;
  }
}

function classifyParsed(catalogue: Catalogue, parsed: ParsedLine): ClassifiedLine {
  if (parsed.kind === 'unparsed') {
    const v = catalogue.unparsed;
    return {
      cause: 'unparsed',
      signature: v.signature,
      status: null,
      severity: v.severity,
      group: v.group,
      raw: parsed.raw,
      time: null,
      upstreamRaw: undefined,
      host: undefined,
      entry: parsed,
    };
  }
  const v = catalogue.decide(parsed.level, parsed.message, parsed.phase, parsed, undefined);
  return {
    cause: v.cause,
    signature: v.signature,
    status: v.status,
    severity: v.severity,
    group: v.group,
    raw: parsed.raw,
    time: parsed.time ?? null,
    upstreamRaw: parsed.upstream?.raw,
    host: parsed.host,
    entry: parsed,
  };
}

interface Catalogue {
  causes: Readonly<Record<CauseId, CauseInfo>>;
  unparsed: Classification;
  /**
   * The verdict for an entry's level, message and phase. The errno and the upstream socket are read
   * only when a candidate signature filters on them: from `entry` when the entry is parsed, else
   * from the message and the raw `upstream:` value, as the parser would.
   */
  decide(
    level: Level,
    message: string,
    phase: Phase,
    entry: ErrorLogEntry | undefined,
    upstreamRaw: string | undefined,
  ): Classification;
}

/** Compiled once per signature list: `classifyLine` and `classifyText` share the project's. */
const compiledCatalogues = new WeakMap<readonly Signature[], Catalogue>();

function compileCatalogue(
  signatures: readonly Signature[],
  causes: Readonly<Record<CauseId, CauseInfo>>,
): Catalogue {
  const known = compiledCatalogues.get(signatures);
  if (known?.causes === causes) return known;
  const catalogue = compile(signatures, causes);
  compiledCatalogues.set(signatures, catalogue);
  return catalogue;
}

function compile(signatures: readonly Signature[], causes: Readonly<Record<CauseId, CauseInfo>>): Catalogue {
  const literals = createLiteralScanner(signatures.map((sig) => sig.contains));
  const groupOf = (cause: CauseId): CauseGroup => causes[cause].group;
  const compiled: Compiled[] = signatures.map((sig) => ({
    sig,
    literal: literals.indexOf(sig.contains),
    levels: sig.levels ? new Set(sig.levels) : undefined,
    errno: sig.errno ? new Set(sig.errno) : undefined,
    phases: sig.phases ? new Set(sig.phases) : undefined,
    verdicts: PHASES.map((phase) => {
      const cause = sig.causeByPhase?.[phase] ?? sig.cause;
      const severity = cause === sig.cause ? sig.severity : SEVERITY_BY_GROUP[groupOf(cause)];
      return Object.freeze({
        cause,
        signature: sig.id,
        status: resolveStatus(sig.status, phase),
        severity,
        group: groupOf(cause),
      });
    }),
  }));
  const other = Object.fromEntries(
    LEVELS.map((level) => [
      level,
      Object.freeze({
        cause: 'other',
        signature: 'default.other',
        status: null,
        severity: FALLBACK_SEVERITY[level],
        group: groupOf('other'),
      }),
    ]),
  ) as Record<Level, Classification>;
  /** For each literal, the signatures (by catalogue position) that test it. */
  const byLiteral: number[][] = [];
  compiled.forEach((c, i) => {
    const list = byLiteral[c.literal] ?? [];
    list.push(i);
    byLiteral[c.literal] = list;
  });
  const candidates: number[] = [];
  /**
   * Verdicts of messages seen before: most entries repeat a recent message (only the tail differs)
   * and then skip the literal scan. One message per slot, found by a hash of a few of its characters
   * and checked whole; a slot whose message keeps being found (`heat`) resists being replaced by
   * messages seen once. Only verdicts read from the text are kept (a parsed entry may carry its own
   * errno), and only those that did not depend on the upstream's socket (not part of the key).
   */
  const cachedMessage: string[] = new Array<string>(CACHE_SLOTS).fill('');
  const cachedKey = new Int32Array(CACHE_SLOTS).fill(-1);
  const cachedVerdict: Classification[] = new Array<Classification>(CACHE_SLOTS);
  const heat = new Uint8Array(CACHE_SLOTS);
  /** Set by `match` when it read whether the upstream is a unix socket. */
  let readSocket = false;

  const match = (
    level: Level,
    message: string,
    phase: Phase,
    entry: ErrorLogEntry | undefined,
    upstreamRaw: string | undefined,
  ): Classification => {
    // Only the signatures whose literal occurs, in catalogue order (first match wins).
    // Arrays reused by every call, with their own counts (setting `length` costs a runtime call).
    let count = 0;
    const lits = literals.scan(message);
    for (let l = 0; l < literals.found; l++) {
      const sigs = byLiteral[lits[l]!];
      if (sigs) for (const i of sigs) candidates[count++] = i;
    }
    // A handful at most: insertion sort, without a comparator call per pair.
    for (let i = 1; i < count; i++) {
      const v = candidates[i]!;
      let j = i - 1;
      for (; j >= 0 && candidates[j]! > v; j--) candidates[j + 1] = candidates[j]!;
      candidates[j + 1] = v;
    }
    let errnoRead = false;
    let errno: ErrnoName | undefined;
    let unix: boolean | undefined;
    for (let k = 0; k < count; k++) {
      const c = compiled[candidates[k]!]!;
      const sig = c.sig;
      if (c.levels && !c.levels.has(level)) continue;
      if (c.errno) {
        if (!errnoRead) {
          errno = entry ? entry.errnoName : errnoNameOf(message);
          errnoRead = true;
        }
        if (errno === undefined || !c.errno.has(errno)) continue;
      }
      if (c.phases && !c.phases.has(phase)) continue;
      if (sig.unixSocket !== undefined) {
        readSocket = true;
        unix ??= isUnixSocket(message, entry, upstreamRaw);
        if (unix !== sig.unixSocket) continue;
      }
      if (sig.pattern && !sig.pattern.test(message)) continue;
      return c.verdicts[PHASE_INDEX[phase]]!;
    }
    return other[level];
  };

  return {
    causes,
    unparsed: Object.freeze({
      cause: 'unparsed',
      signature: 'unparsed',
      status: null,
      severity: 'low',
      group: groupOf('unparsed'),
    }),
    decide(level, message, phase, entry, upstreamRaw) {
      const n = message.length;
      if (entry !== undefined || n < 4 || n > CACHED_MESSAGE_CHARS)
        return match(level, message, phase, entry, upstreamRaw);
      const key = LEVEL_INDEX[level] * PHASES.length + PHASE_INDEX[phase];
      // The slot: a hash of the length, the key and nine characters spread over the message.
      let h = Math.imul(n, 31) + key;
      for (let p = 0; p < 8; p++) h = Math.imul(h ^ message.charCodeAt(((n - 1) * p) >> 3), 0x9e3779b1);
      h = Math.imul(h ^ message.charCodeAt(n - 1), 0x9e3779b1);
      const slot = (h >>> 20) & (CACHE_SLOTS - 1);
      if (cachedKey[slot] === key && cachedMessage[slot] === message) {
        if (heat[slot]! < 3) heat[slot]!++;
        return cachedVerdict[slot]!;
      }
      readSocket = false;
      const verdict = match(level, message, phase, undefined, upstreamRaw);
      if (readSocket) return verdict;
      if (heat[slot]! > 0) heat[slot]!--;
      else {
        // Its own copy: the message is a slice of a read chunk it would keep alive.
        cachedMessage[slot] = ownString(message);
        cachedKey[slot] = key;
        cachedVerdict[slot] = verdict;
      }
      return verdict;
    },
  };
}

/** The client status a rule gives in a phase. */
export function resolveStatus(rule: StatusRule, phase: Phase): number | null {
  if (rule === null || typeof rule === 'number') return rule;
  const byPhase = rule.byPhase[phase];
  return byPhase === undefined ? rule.otherwise : byPhase;
}

function isUnixSocket(
  message: string,
  entry: ErrorLogEntry | undefined,
  upstreamRaw: string | undefined,
): boolean {
  const socketPath = entry
    ? entry.upstream?.socketPath
    : upstreamRaw === undefined
      ? undefined
      : parseUpstream(upstreamRaw).socketPath;
  return socketPath !== undefined || message.includes('unix:');
}

interface LiteralScanner {
  indexOf(literal: string): number;
  /**
   * The literals that occur in `text`, each once: the first `found` items of the array returned
   * (the array is reused by the next call).
   */
  scan(text: string): readonly number[];
  /** How many literals the last `scan` found. */
  readonly found: number;
}

/**
 * Finds which of many literals occur in a text in one pass over its characters: an Aho-Corasick
 * automaton compiled to a table (state x character class -> state), so each character costs one
 * table read whatever the number of literals. Every occurrence is found, overlapping ones and
 * literals inside other literals included. (A single alternation regex did the same about three
 * times slower: at each position it tried the literals one by one.)
 */
function createLiteralScanner(all: readonly string[]): LiteralScanner {
  const literals = [...new Set(all)];
  const index = new Map(literals.map((l, i) => [l, i]));
  const always = literals.flatMap((l, i) => (l === '' ? [i] : []));
  // Character classes: one per character the literals use, 0 for every other character.
  const classOf = new Uint8Array(65536);
  let classes = 1;
  for (const l of literals)
    for (let i = 0; i < l.length; i++) {
      const c = l.charCodeAt(i);
      if (classOf[c] === 0) classOf[c] = classes++;
    }
  if (classes > 255) throw new Error('literal scanner: more than 254 distinct characters');
  // The trie: children per state, and the literals that end at each state.
  const children: Map<number, number>[] = [new Map()];
  const ends: number[][] = [[]];
  literals.forEach((l, li) => {
    if (l === '') return;
    let state = 0;
    for (let i = 0; i < l.length; i++) {
      const k = classOf[l.charCodeAt(i)]!;
      let next = children[state]!.get(k);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        ends.push([]);
        children[state]!.set(k, next);
      }
      state = next;
    }
    ends[state]!.push(li);
  });
  const states = children.length;
  if (states > 65535) throw new Error('literal scanner: more than 65535 states');
  const table = new Uint16Array(states * classes);
  const fail = new Int32Array(states);
  /** Every literal that ends at a state: its own and those of its failure chain. */
  const output: (readonly number[] | undefined)[] = new Array(states);
  // Breadth first, so a state's failure state is complete before the state itself.
  const queue: number[] = [0];
  for (let q = 0; q < queue.length; q++) {
    const state = queue[q]!;
    const own = ends[state]!;
    const inherited = state === 0 ? [] : (output[fail[state]!] ?? []);
    output[state] = own.length + inherited.length > 0 ? [...own, ...inherited] : undefined;
    // A row starts as its failure state's row (root: all 0), then the state's own children.
    const row = state * classes;
    if (state !== 0) table.copyWithin(row, fail[state]! * classes, fail[state]! * classes + classes);
    for (const [k, child] of children[state]!) {
      fail[child] = state === 0 ? 0 : table[row + k]!;
      table[row + k] = child;
      queue.push(child);
    }
  }
  /**
   * The table as the scan reads it: the next state's row (its index times `classes`, so no
   * multiplication per character), bitwise negated (`~row`, negative) when literals end there.
   */
  const rows = new Int32Array(states * classes);
  for (let i = 0; i < rows.length; i++) {
    const next = table[i]!;
    rows[i] = output[next] ? ~(next * classes) : next * classes;
  }
  const marks = new Int32Array(literals.length);
  let generation = 0;
  const list: number[] = [];
  const scanner = {
    found: 0,
    indexOf: (literal: string) => index.get(literal) ?? -1,
    scan(text: string): readonly number[] {
      const gen = ++generation;
      let found = 0;
      for (const i of always) {
        marks[i] = gen;
        list[found++] = i;
      }
      let row = 0;
      for (let i = 0; i < text.length; i++) {
        row = rows[row + classOf[text.charCodeAt(i)]!]!;
        if (row >= 0) continue;
        row = ~row;
        for (const j of output[row / classes]!) {
          if (marks[j] === gen) continue;
          marks[j] = gen;
          list[found++] = j;
        }
      }
      scanner.found = found;
      return list;
    },
  };
  return scanner;
}
