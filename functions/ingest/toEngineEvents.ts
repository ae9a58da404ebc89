import { classifyLine, classifyText } from '#shared/classify/index.ts';
import type { EngineEvent } from '#shared/engine/index.ts';
import { compareEventIds, instanceFromStream } from '#shared/engine/index.ts';
import type { ClassifiedLine } from '#shared/model/index.ts';
import { EntryAssembler } from '#shared/parse/index.ts';
import type { DataBatch, LogEvent } from './decodeAwslogs.ts';

/**
 * Turns one decoded subscription batch into classified engine events.
 *
 * Events are sorted by CloudWatch timestamp (batches arrive in any order and are not sorted inside),
 * ties by event id (ingestion order), then their lines are assembled into nginx entries: a FastCGI
 * stderr trace that the agent shipped as separate events becomes one entry again. An entry takes the
 * time and id of the event its first line came from; a second entry inside the same event gets
 * `<id>#2`, so ids stay unique and stable across redeliveries. Every entry is classified; junk is an
 * `unparsed` entry, never an error.
 *
 * One pass, no array per event: a batch already in order is not copied, a message is cut into lines
 * only when it holds a newline, and entries are classified from their text (`classifyText`): the
 * full entry is parsed only for the few events something reads it of (records, samples, alerts).
 */
export function toEngineEvents(batch: DataBatch, instancePattern?: RegExp): EngineEvent[] {
  const { logGroup, logStream } = batch;
  const instance = instanceFromStream(logStream, instancePattern);
  const out: EngineEvent[] = [];
  forEachEntry(batch, (timestamp, eventId, classified) => {
    out.push({ logGroup, logStream, instance, timestamp, eventId, classified });
  });
  return out;
}

/** Receives the entries of a batch one by one: what an engine event holds besides its stream. */
export type EntryVisitor = (timestamp: number, eventId: string, classified: ClassifiedLine) => void;

/**
 * The entries {@link toEngineEvents} makes, in the same order, handed to `visit` instead of kept:
 * no object per entry unless the visitor keeps one.
 */
export function forEachEntry(batch: DataBatch, visit: EntryVisitor): void {
  const events = batch.logEvents;
  const sorted = isOrdered(events) ? events : [...events].sort(compareLogEvents);
  /** The event each physical line came from, by line number - 1. */
  const owners: LogEvent[] = [];
  // Entries that start in the same event are emitted one after another: count them per run.
  let lastOwner: LogEvent | undefined;
  let nth = 0;

  const assembler = new EntryAssembler((text, firstLine) => {
    const owner = owners[firstLine - 1]!;
    nth = owner === lastOwner ? nth + 1 : 1;
    lastOwner = owner;
    visit(owner.timestamp, nth === 1 ? owner.id : `${owner.id}#${nth}`, classifyText(text));
  });
  for (const event of sorted) {
    if (event.problem !== undefined) {
      // An impossible time or a runaway blob (see decodeAwslogs): one unparsed entry, with its reason.
      visit(
        event.timestamp,
        event.id,
        classifyLine({ kind: 'unparsed', reason: event.problem.reason, raw: event.message }),
      );
      continue;
    }
    // The agent may keep the line's newline; a multi-line event carries its lines joined by `\n`.
    const message = event.message;
    const end = message.endsWith('\n') ? message.length - 1 : message.length;
    let start = 0;
    for (let nl = message.indexOf('\n'); nl !== -1 && nl < end; nl = message.indexOf('\n', start)) {
      owners.push(event);
      assembler.push(message.slice(start, nl));
      start = nl + 1;
    }
    owners.push(event);
    assembler.push(start === 0 && end === message.length ? message : message.slice(start, end));
  }
  assembler.end();
}

function compareLogEvents(a: LogEvent, b: LogEvent): number {
  return a.timestamp - b.timestamp || compareEventIds(a.id, b.id);
}

/** Whether the events are already in `compareLogEvents` order (a stable sort would not move any). */
function isOrdered(events: readonly LogEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (compareLogEvents(events[i - 1]!, events[i]!) > 0) return false;
  return true;
}
