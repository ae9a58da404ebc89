export { type CauseCount, CauseTally } from './CauseTally.ts';
export { classifyLine, classifyText, verdictOfText } from './classifyLine.ts';
export {
  type Classifier,
  createClassifier,
  createTextClassifier,
  createTextVerdict,
  resolveStatus,
  type TextClassifier,
  type TextVerdict,
} from './createClassifier.ts';
export { type ClassifiedRecord, toRecord } from './toRecord.ts';
