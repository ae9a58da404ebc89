import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EntryAssembler } from '#shared/parse/EntryAssembler.ts';
import { LineSplitter } from '#shared/parse/LineSplitter.ts';

/** The entries of a log's text, split and assembled as the CLI reads them. */
export function entriesOf(text: string): string[] {
  const out: string[] = [];
  const assembler = new EntryAssembler((entry) => out.push(entry));
  const splitter = new LineSplitter((line) => assembler.push(line));
  splitter.push(text);
  splitter.end();
  assembler.end();
  return out;
}

/** Every `.log` file below `dir`. */
export function logFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return logFiles(path);
    return name.endsWith('.log') ? [path] : [];
  });
}
