/**
 * The in-process workloads, each over the same payloads (or the same plain text), each returning
 * a checksum-like count so the JIT cannot drop the work.
 */
import { gunzipSync } from 'node:zlib';
import { createHandler } from '#functions/ingest/createHandler.ts';
import { decodeAwslogs } from '#functions/ingest/decodeAwslogs.ts';
import { toEngineEvents } from '#functions/ingest/toEngineEvents.ts';
import { classifyLine, classifyText } from '#shared/classify/index.ts';
import { DEFAULT_ENGINE_SETTINGS, MemoryStateStore } from '#shared/engine/index.ts';
import type { ParsedLine } from '#shared/model/index.ts';
import { EntryAssembler, LineSplitter, parseErrorLine } from '#shared/parse/index.ts';
import type { Payload } from './corpus.ts';
import { classifyNaive } from './naiveClassifier.ts';

interface RawBatch {
  logGroup: string;
  logStream: string;
  logEvents: { id: string; timestamp: number; message: string }[];
}

/** The floor: what any consumer of the subscription must do. base64 -> gunzip -> JSON.parse. */
function decodeFloor(payload: Payload): RawBatch {
  return JSON.parse(
    gunzipSync(Buffer.from(payload.event.awslogs.data, 'base64')).toString('utf8'),
  ) as RawBatch;
}

export function runFloor(payloads: readonly Payload[]): number {
  let n = 0;
  for (const p of payloads) n += decodeFloor(p).logEvents.length;
  return n;
}

/** The handler's decoder: the floor plus validation of the envelope and every event (Powertools' zod schema). */
export function runDecodeAwslogs(payloads: readonly Payload[]): number {
  let n = 0;
  for (const p of payloads) {
    const batch = decodeAwslogs(p.event);
    if (batch.kind === 'data') n += batch.logEvents.length;
  }
  return n;
}

/** The hand-written alternative: the floor, then ~35 full-line regexes tried in turn per event, counted by cause. */
export function runNaive(payloads: readonly Payload[]): number {
  const counts = new Map<string, number>();
  let n = 0;
  for (const p of payloads) {
    for (const e of decodeFloor(p).logEvents) {
      const { cause } = classifyNaive(e.message);
      counts.set(cause, (counts.get(cause) ?? 0) + 1);
      n++;
    }
  }
  return n;
}

/** Decode + validate, then toEngineEvents (assemble, classify from the text): the core without the engine. */
export function runClassifyPayloads(payloads: readonly Payload[]): number {
  let n = 0;
  for (const p of payloads) {
    const batch = decodeAwslogs(p.event);
    if (batch.kind !== 'data') continue;
    // Entries can differ from events (a binary junk event may hold a newline): count events, as the others do.
    if (toEngineEvents(batch).length > 0) n += batch.logEvents.length;
  }
  return n;
}

/**
 * The ingest core as the Lambda runs it: the real `createHandler` (decode and validate, sort,
 * assemble, parse, classify, aggregate, merge into incidents, decide, claim and "publish" alerts,
 * build the upstream_event log records and the batch metrics) wired to the in-memory store, a
 * publisher that sends nothing, metrics that go nowhere and a log writer that serializes each record
 * (the JSON.stringify the Lambda pays) and drops it. A fresh store per pass, so no batch is a duplicate.
 */
export async function runIngestCore(payloads: readonly Payload[]): Promise<number> {
  let logged = 0;
  const handler = createHandler({
    store: new MemoryStateStore(),
    publisher: { publish: async () => 'bench-message-id' },
    metrics: {
      recordBatch: () => undefined,
      recordControlMessage: () => undefined,
      recordSweep: () => undefined,
    },
    log: (record) => {
      logged += JSON.stringify(record).length;
    },
    engine: DEFAULT_ENGINE_SETTINGS,
    instancePattern: undefined,
    clock: () => CLAIM_CLOCK,
  });
  let n = 0;
  let alerts = 0;
  for (const p of payloads) {
    const summary = await handler(p.event);
    if (summary.status !== 'processed') throw new Error(`ingest core: payload came back ${summary.status}`);
    alerts += summary.alertsSent;
    n += p.events;
  }
  coreStats.alerts = alerts;
  coreStats.loggedChars = logged;
  return n;
}

/** The claim clock (wall clock in Lambda): a fixed instant after the corpus, so runs are repeatable. */
const CLAIM_CLOCK = Date.UTC(2026, 10, 23);

/** What the last ingest-core pass decided (a sanity figure for the report: the engine did real work). */
export const coreStats = { alerts: 0, loggedChars: 0 };

/** Plain text, in 1 MiB chunks as the CLI reads it: split into lines and assemble entries only. */
export function runSplitAssemble(chunks: readonly string[]): number {
  let n = 0;
  const assembler = new EntryAssembler(() => {
    n++;
  });
  const splitter = new LineSplitter((line) => assembler.push(line));
  for (const c of chunks) splitter.push(c);
  splitter.end();
  assembler.end();
  return n;
}

/** Split + assemble + parseErrorLine. */
export function runSplitParse(chunks: readonly string[]): number {
  let n = 0;
  const assembler = new EntryAssembler((text) => {
    if (parseErrorLine(text).kind === 'entry') n++;
  });
  const splitter = new LineSplitter((line) => assembler.push(line));
  for (const c of chunks) splitter.push(c);
  splitter.end();
  assembler.end();
  return n;
}

/** Split + assemble + parseErrorLine + classifyLine: the CLI's inner loop without I/O and output. */
export function runSplitParseClassify(chunks: readonly string[]): number {
  let n = 0;
  const assembler = new EntryAssembler((text) => {
    if (classifyLine(parseErrorLine(text)).status !== null) n++;
  });
  const splitter = new LineSplitter((line) => assembler.push(line));
  for (const c of chunks) splitter.push(c);
  splitter.end();
  assembler.end();
  return n;
}

/** Split + assemble + classifyText: what `classify --format text` and `analyze` do per entry. */
export function runSplitClassifyText(chunks: readonly string[]): number {
  let n = 0;
  const assembler = new EntryAssembler((text) => {
    if (classifyText(text).status !== null) n++;
  });
  const splitter = new LineSplitter((line) => assembler.push(line));
  for (const c of chunks) splitter.push(c);
  splitter.end();
  assembler.end();
  return n;
}

/** classifyLine alone on entries parsed beforehand. */
export function runClassifyOnly(parsed: readonly ParsedLine[]): number {
  let n = 0;
  for (const p of parsed) if (classifyLine(p).status !== null) n++;
  return n;
}

/** Entries of the text, parsed (untimed preparation for `runClassifyOnly`). */
export function parseAll(chunks: readonly string[]): ParsedLine[] {
  const out: ParsedLine[] = [];
  const assembler = new EntryAssembler((text) => out.push(parseErrorLine(text)));
  const splitter = new LineSplitter((line) => assembler.push(line));
  for (const c of chunks) splitter.push(c);
  splitter.end();
  assembler.end();
  return out;
}
