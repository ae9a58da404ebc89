export { EntryAssembler, type EntrySink } from './EntryAssembler.ts';
export { type LineSink, LineSplitter } from './LineSplitter.ts';
export {
  errnoNameOf,
  isoTime,
  parseErrorLine,
  readPlainHead,
  splitBody,
  utf8Length,
} from './parseErrorLine.ts';
export { parseTail, type Tail } from './parseTail.ts';
export { parseUpstream } from './parseUpstream.ts';
export { phaseOf } from './phaseOf.ts';
