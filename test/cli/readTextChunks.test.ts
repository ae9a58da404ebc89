import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { describe, expect, it } from 'vitest';
import { readTextChunks } from '../../cli/readTextChunks.ts';

/** ASCII chunks take a latin1 shortcut; the text must be what UTF-8 decoding of every chunk gives. */
async function read(chunks: Buffer[]): Promise<string> {
  let text = '';
  for await (const t of readTextChunks('-', Readable.from(chunks))) text += t;
  return text;
}

function decoded(chunks: Buffer[]): string {
  const decoder = new StringDecoder('utf8');
  return chunks.map((c) => decoder.write(c)).join('') + decoder.end();
}

const euro = Buffer.from('€', 'utf8'); // e2 82 ac

describe('readTextChunks', () => {
  it.each([
    ['ASCII only', [Buffer.from('a line\n'), Buffer.from('another\n')]],
    [
      'a character split across chunks',
      [Buffer.from('price '), euro.subarray(0, 2), euro.subarray(2), Buffer.from(' ok\n')],
    ],
    [
      'a cut character then ASCII (invalid UTF-8)',
      [Buffer.concat([Buffer.from('x'), euro.subarray(0, 1)]), Buffer.from('abc\n')],
    ],
    ['a cut character at the very end', [Buffer.from('tail '), euro.subarray(0, 2)]],
    [
      'non-ASCII, then ASCII chunks',
      [Buffer.from('café\n'), Buffer.from('plain\n'), Buffer.from([0xff, 0x0a])],
    ],
    ['latin1 bytes that are not UTF-8', [Buffer.from([0x61, 0xe9, 0x0a]), Buffer.from('b\n')]],
  ])('%s: the same text as UTF-8 decoding', async (_name, chunks) => {
    expect(await read(chunks)).toBe(decoded(chunks));
  });
});
