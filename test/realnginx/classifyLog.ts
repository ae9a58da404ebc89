import { classifyLine } from '#shared/classify/classifyLine.ts';
import type { ClassifiedLine } from '#shared/model/index.ts';
import { EntryAssembler } from '#shared/parse/EntryAssembler.ts';
import { LineSplitter } from '#shared/parse/LineSplitter.ts';
import { parseErrorLine } from '#shared/parse/parseErrorLine.ts';

/** One classified entry of a log and the 1-based physical line it starts on. */
export interface ClassifiedAt {
  line: number;
  classified: ClassifiedLine;
}

/** Splits a whole log into entries (multi-line FastCGI stderr included) and classifies each. */
export function classifyLog(text: string): ClassifiedAt[] {
  const out: ClassifiedAt[] = [];
  const assembler = new EntryAssembler((entry, line) => {
    out.push({ line, classified: classifyLine(parseErrorLine(entry)) });
  });
  const splitter = new LineSplitter((line) => assembler.push(line));
  splitter.push(text);
  splitter.end();
  assembler.end();
  return out;
}

/** `line N [cause/signature]: raw` for an assertion message that shows the offending line itself. */
export function describeLine({ line, classified }: ClassifiedAt): string {
  return `line ${line} [${classified.cause} via ${classified.signature}, status ${classified.status}]: ${classified.entry.raw}`;
}

/** Every entry that came out `unparsed` or `other`: real nginx wrote it, so the catalogue must know it. */
export function unrecognised(lines: readonly ClassifiedAt[]): string[] {
  return lines
    .filter(({ classified }) => classified.cause === 'unparsed' || classified.cause === 'other')
    .map(describeLine);
}
