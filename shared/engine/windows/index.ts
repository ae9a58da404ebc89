export { activityHorizon } from './activityHorizon.ts';
export { coveringWindow, digestDueAt, digestLookbackMs, windowApplies, windowEnd } from './deployWindows.ts';
export { judgeRestart, type RestartVerdict } from './judgeRestart.ts';
export { flattenBursts, type InstanceBurst, mergeBursts } from './mergeBursts.ts';
export { markWindowsSeen, upsertInferredWindows, upsertLifecycleWindows } from './upsertWindows.ts';
export { writeDeployWindow } from './writeDeployWindow.ts';
