export { type CauseCount, CauseTally } from './CauseTally.ts';
export { classifyLine, classifyText } from './classifyLine.ts';
export {
  type Classifier,
  createClassifier,
  createTextClassifier,
  resolveStatus,
  type TextClassifier,
} from './createClassifier.ts';
export { type ClassifiedRecord, toRecord } from './toRecord.ts';
