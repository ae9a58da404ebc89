import { StringDecoder } from 'node:string_decoder';
import { EntryAssembler, LineSplitter } from '#shared/parse/index.ts';
import type { EntryHandler } from '../readEntries.ts';
import { type FollowOptions, followFile } from './followFile.ts';

/**
 * `--follow` for one file: its entries as they are written ({@link followFile}), each handed on as
 * soon as it is complete: when the follower catches up, the entry it holds is emitted (nginx writes
 * an entry, continuation lines included, in one write). Resolves when `options.signal` aborts.
 *
 * @param afterChunk called after each chunk's entries were handed on (flush output there).
 */
export async function followEntries(
  path: string,
  options: FollowOptions,
  onEntry: EntryHandler,
  afterChunk: () => Promise<void>,
): Promise<void> {
  const assembler = new EntryAssembler(onEntry);
  const splitter = new LineSplitter((line) => assembler.push(line));
  const decoder = new StringDecoder('utf8');
  for await (const chunk of followFile(path, options)) {
    if (chunk === 'idle') {
      assembler.end();
      await afterChunk();
      continue;
    }
    splitter.push(decoder.write(chunk));
  }
  splitter.push(decoder.end());
  splitter.end();
  assembler.end();
  await afterChunk();
}
