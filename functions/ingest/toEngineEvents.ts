import { classifyLine } from '#shared/classify/classifyLine.ts';
import type { EngineEvent } from '#shared/engine/EngineEvent.ts';
import { instanceFromStream } from '#shared/engine/instanceFromStream.ts';
import { EntryAssembler } from '#shared/parse/EntryAssembler.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';
import type { DataBatch, LogEvent } from './decodeAwslogs.ts';

/** Orders CloudWatch event ids (decimal strings of up to 56 digits) numerically, without BigInt. */
export function compareEventIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Turns one decoded subscription batch into classified engine events.
 *
 * Events are sorted by CloudWatch timestamp (batches arrive in any order and are not sorted inside),
 * ties by event id (ingestion order), then their lines are assembled into nginx entries: a FastCGI
 * stderr trace that the agent shipped as separate events becomes one entry again. An entry takes the
 * time and id of the event its first line came from; a second entry inside the same event gets
 * `<id>#2`, so ids stay unique and stable across redeliveries. Every entry is classified; junk is an
 * `unparsed` entry, never an error.
 */
export function toEngineEvents(batch: DataBatch, instancePattern?: RegExp): EngineEvent[] {
  const sorted = [...batch.logEvents].sort(
    (a, b) => a.timestamp - b.timestamp || compareEventIds(a.id, b.id),
  );
  const instance = instanceFromStream(batch.logStream, instancePattern);
  const owners: LogEvent[] = [];
  const entriesPerEvent = new Map<LogEvent, number>();
  const out: EngineEvent[] = [];

  const assembler = new EntryAssembler((text, firstLine) => {
    const owner = owners[firstLine - 1] as LogEvent;
    const n = (entriesPerEvent.get(owner) ?? 0) + 1;
    entriesPerEvent.set(owner, n);
    out.push({
      logGroup: batch.logGroup,
      logStream: batch.logStream,
      instance,
      timestamp: owner.timestamp,
      eventId: n === 1 ? owner.id : `${owner.id}#${n}`,
      classified: classifyLine(parseErrorLine(text)),
    });
  });
  for (const event of sorted) {
    if (event.problem !== undefined) {
      // An impossible time or a runaway blob (see decodeAwslogs): one unparsed entry, with its reason.
      out.push({
        logGroup: batch.logGroup,
        logStream: batch.logStream,
        instance,
        timestamp: event.timestamp,
        eventId: event.id,
        classified: classifyLine({ kind: 'unparsed', reason: event.problem.reason, raw: event.message }),
      });
      continue;
    }
    // The agent may keep the line's newline; a multi-line event carries its lines joined by `\n`.
    const message = event.message.endsWith('\n') ? event.message.slice(0, -1) : event.message;
    for (const line of message.split('\n')) {
      owners.push(event);
      assembler.push(line);
    }
  }
  assembler.end();
  return out;
}
