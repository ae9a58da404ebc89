import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { InputError } from './io.ts';

/**
 * Reads a file (stdin for `-`; gunzipped when the name ends in `.gz`) as UTF-8 text chunks of about
 * 1 MiB, invalid bytes decoded as U+FFFD. A read error becomes an {@link InputError} naming the file;
 * errors of whoever consumes the chunks pass through untouched.
 *
 * @param onBytes called with the size of each chunk as read from the file (before gunzip), for progress.
 */
export async function* readTextChunks(
  path: string,
  stdin: Readable,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<string> {
  const source: Readable = path === '-' ? stdin : createReadStream(path, { highWaterMark: 1024 * 1024 });
  if (onBytes) source.on('data', (chunk: Buffer | string) => onBytes(chunk.length));
  const stream = path.endsWith('.gz') ? source.pipe(createGunzip()) : source;
  if (stream !== source) source.on('error', (error) => stream.destroy(error));
  const decoder = new StringDecoder('utf8');
  let clean = true;
  const iterator = stream[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Buffer | string>;
    try {
      next = await iterator.next();
    } catch (error: unknown) {
      throw new InputError(`cannot read ${path}: ${describeReadError(error)}`, { cause: error });
    }
    if (next.done) break;
    const chunk = next.value;
    if (typeof chunk === 'string') {
      yield chunk;
      continue;
    }
    // Most logs are ASCII: then latin1 is the same text at a tenth of the cost of UTF-8 decoding
    // (which capped the whole CLI near 200 MB/s). Only while the decoder holds no partial
    // character, i.e. the last chunk it decoded ended in an ASCII byte.
    if (clean && isAscii(chunk)) {
      yield chunk.toString('latin1');
      continue;
    }
    if (chunk.length > 0) clean = chunk[chunk.length - 1]! < 0x80;
    yield decoder.write(chunk);
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

function describeReadError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
      return 'permission denied';
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return 'not a valid gzip file';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
