export * from './activity.ts';
export * from './alert.ts';
export * from './counts.ts';
export * from './deployWindow.ts';
export * from './incident.ts';
export * from './line.ts';
export * from './ownString.ts';
export * from './time.ts';
