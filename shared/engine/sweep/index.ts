export type { LogStreamLister } from './LogStreamLister.ts';
export { type SweepResult, sweep } from './sweep.ts';
