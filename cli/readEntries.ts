import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { EntryAssembler } from '#shared/parse/EntryAssembler.ts';
import { LineSplitter } from '#shared/parse/LineSplitter.ts';
import { InputError } from './io.ts';

/** One log entry as read: its text (continuation lines joined by `\n`) and its first physical line. */
export type EntryHandler = (text: string, firstLine: number) => void;

export interface ReadProgress {
  bytes: number;
}

/**
 * Streams a file (or stdin for `-`) into log entries in constant memory: 1 MiB chunks, decoded as
 * UTF-8 (invalid bytes become U+FFFD), split into lines, grouped into entries.
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
  const decoder = new StringDecoder('utf8');
  const stream = path === '-' ? stdin : createReadStream(path, { highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      if (progress) progress.bytes += buf.length;
      splitter.push(decoder.write(buf));
      if (betweenChunks) await betweenChunks();
    }
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    const what =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String((error as Error).message);
    throw new InputError(`cannot read ${path}: ${what}`, { cause: error });
  }
  splitter.push(decoder.end());
  splitter.end();
  assembler.end();
}
