import type { Readable } from 'node:stream';
import { EntryAssembler, LineSplitter } from '#shared/parse/index.ts';
import { readTextChunks } from './readTextChunks.ts';

/** One log entry as read: its text (continuation lines joined by `\n`) and its first physical line. */
export type EntryHandler = (text: string, firstLine: number) => void;

export interface ReadProgress {
  bytes: number;
}

/**
 * Streams a file (or stdin for `-`, gunzipped for `.gz`) into log entries in constant memory:
 * text chunks ({@link readTextChunks}) split into lines and grouped into entries.
 * A line longer than 1 MiB is cut and its head passed on (it then parses as a truncated entry or as
 * unparsed), so junk without newlines cannot exhaust memory.
 */
export async function readEntries(
  path: string,
  stdin: Readable,
  onEntry: EntryHandler,
  options: { progress?: ReadProgress; betweenChunks?: () => Promise<void> } = {},
): Promise<void> {
  const { progress, betweenChunks } = options;
  const assembler = new EntryAssembler(onEntry);
  const splitter = new LineSplitter((line) => assembler.push(line));
  const countBytes = progress
    ? (n: number) => {
        progress.bytes += n;
      }
    : undefined;
  for await (const text of readTextChunks(path, stdin, countBytes)) {
    splitter.push(text);
    if (betweenChunks) await betweenChunks();
  }
  splitter.end();
  assembler.end();
}
