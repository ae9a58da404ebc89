import { type FileHandle, open, stat } from 'node:fs/promises';
import { InputError } from '../io.ts';
import { isGzip } from '../readTextChunks.ts';

export interface FollowOptions {
  /** Stops following; the generator then returns. */
  signal: AbortSignal;
  /** How often to look for new bytes, a new file or a truncation (ms). */
  pollMs: number;
  /** Start at this byte offset of the file as it is now (after a first read of it), default 0. */
  from?: { offset: number; ino: number };
}

/** What a follower yields: bytes, or `idle` when it caught up (a caller flushes what it holds). */
export type FollowChunk = Buffer | 'idle';

const CHUNK = 256 * 1024;

/**
 * Reads a file and keeps reading it as it grows, like `tail -F`: when the path is rotated away (a
 * new file, another inode) the rest of the old file is read and the new one from its start; when
 * the file is truncated (smaller than what was read) it is read again from the start; a path that
 * does not exist yet is waited for. A rotation or truncation that cuts a line mid-way ends that
 * line. Polls the file system every `pollMs`: the wall clock stays in the CLI shell.
 */
export async function* followFile(path: string, options: FollowOptions): AsyncGenerator<FollowChunk> {
  const { signal, pollMs } = options;
  let handle: FileHandle | undefined;
  let ino = -1;
  let offset = 0;
  let endsLine = true;
  const buffer = Buffer.alloc(CHUNK);
  const reopen = async (): Promise<boolean> => {
    try {
      const next = await open(path, 'r');
      const st = await next.stat();
      await handle?.close();
      handle = next;
      if (options.from !== undefined && st.ino === options.from.ino && ino === -1) {
        offset = options.from.offset;
      } else offset = 0;
      ino = st.ino;
      return true;
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw new InputError(`cannot follow ${path}: ${(error as Error).message}`, { cause: error });
    }
  };
  const lineBreak = function* (): Generator<FollowChunk> {
    if (!endsLine) yield Buffer.from('\n');
    endsLine = true;
  };
  try {
    await reopen();
    let first = true;
    while (!signal.aborted) {
      // Everything there is now.
      if (handle !== undefined) {
        for (;;) {
          const { bytesRead } = await handle.read(buffer, 0, CHUNK, offset);
          if (bytesRead === 0) break;
          const chunk = Buffer.from(buffer.subarray(0, bytesRead));
          if (first && offset === 0 && isGzip(chunk))
            throw new InputError(`cannot follow ${path}: it is gzip-compressed (follow the live error.log)`);
          first = false;
          offset += bytesRead;
          endsLine = chunk[chunk.length - 1] === 0x0a;
          yield chunk;
          if (signal.aborted) return;
        }
      }
      yield 'idle';
      // Rotated, truncated, or created since?
      const now = await stat(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw new InputError(`cannot follow ${path}: ${error.message}`, { cause: error });
      });
      if (now !== undefined && handle !== undefined && now.ino !== ino) {
        // The old file was read to its end above (a last write after that is read once more).
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, offset);
        if (bytesRead > 0) {
          offset += bytesRead;
          endsLine = buffer[bytesRead - 1] === 0x0a;
          yield Buffer.from(buffer.subarray(0, bytesRead));
          continue;
        }
        yield* lineBreak();
        await reopen();
        first = true;
        continue;
      }
      if (now !== undefined && handle === undefined) {
        await reopen();
        continue;
      }
      if (now !== undefined && now.size < offset) {
        yield* lineBreak();
        offset = 0;
        first = true;
        continue;
      }
      await sleep(pollMs, signal);
    }
  } finally {
    await handle?.close();
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
