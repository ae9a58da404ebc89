export { type CauseCount, CauseTally } from './CauseTally.ts';
export { classifyLine } from './classifyLine.ts';
export { type Classifier, createClassifier, resolveStatus } from './createClassifier.ts';
export { type ClassifiedRecord, toRecord } from './toRecord.ts';
