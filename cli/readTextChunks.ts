import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { InputError } from './io.ts';

/**
 * Reads a file (stdin for `-`) as UTF-8 text chunks of 64 KiB, invalid bytes decoded as U+FFFD.
 * Gzip is recognised by its magic bytes (1f 8b) on any input, stdin included, and gunzipped; a
 * name ending in `.gz` without them is an error. A read error becomes an {@link InputError} naming
 * the file; errors of whoever consumes the chunks pass through untouched.
 *
 * @param range read only up to this byte (inclusive), where `--follow` takes over.
 * @param onBytes called with the size of each chunk as read from the file (before gunzip), for progress.
 */
export async function* readTextChunks(
  path: string,
  stdin: Readable,
  onBytes?: (bytes: number) => void,
  range?: { end: number },
): AsyncGenerator<string> {
  // 64 KiB: each chunk's Buffer and text are ordinary young objects that the next scavenge frees.
  // At 1 MiB they were external memory (Node makes a latin1 string over ~1 MB external) freed
  // only by full GCs: 30 to 40 MB more RSS, and more CPU, for the same work.
  const source: Readable =
    path === '-'
      ? stdin
      : createReadStream(path, { highWaterMark: CHUNK_BYTES, ...(range && { end: range.end }) });
  const name = path === '-' ? 'stdin' : path;
  const fail = (error: unknown) =>
    new InputError(`cannot read ${name}: ${describeReadError(error)}`, { cause: error });
  const raw = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  // Enough of the head to see the magic bytes (a pipe may deliver one byte first).
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < 2) {
    let next: IteratorResult<Buffer | string>;
    try {
      next = await raw.next();
    } catch (error: unknown) {
      throw fail(error);
    }
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    onBytes?.(chunk.length);
    head.push(chunk);
    headBytes += chunk.length;
  }
  const first = Buffer.concat(head);
  const gzip = isGzip(first);
  if (!gzip && path.endsWith('.gz') && first.length > 0)
    throw fail(Object.assign(new Error(), { code: 'Z_DATA_ERROR' }));
  async function* rest(): AsyncGenerator<Buffer> {
    if (first.length > 0) yield first;
    if (ended) return;
    for (;;) {
      const next = await raw.next();
      if (next.done) return;
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      onBytes?.(chunk.length);
      yield chunk;
    }
  }
  let bytes: AsyncIterable<Buffer> = rest();
  if (gzip) {
    const compressed = Readable.from(bytes);
    const gunzip = createGunzip();
    compressed.on('error', (error) => gunzip.destroy(error));
    bytes = compressed.pipe(gunzip);
  }
  const decoder = new StringDecoder('utf8');
  let clean = true;
  const iterator = bytes[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Buffer>;
    try {
      next = await iterator.next();
    } catch (error: unknown) {
      throw fail(error);
    }
    if (next.done) break;
    const chunk = next.value;
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
  const tail = decoder.end();
  if (tail) yield tail;
}

const CHUNK_BYTES = 64 * 1024;

/** True when the bytes start like gzip (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
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
