export { EntryAssembler, type EntrySink } from './EntryAssembler.ts';
export { type LineSink, LineSplitter } from './LineSplitter.ts';
export {
  errnoNameOf,
  isoTime,
  parseErrorLine,
  plainHeadEnd,
  plainLevel,
  splitBody,
  splitMessage,
  utf8Length,
} from './parseErrorLine.ts';
export { lastTailValue, parseTail, type Tail, tailStart } from './parseTail.ts';
export { parseUpstream } from './parseUpstream.ts';
export { phaseOf } from './phaseOf.ts';
