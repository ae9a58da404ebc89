export { instanceRows } from './alertFacts.ts';
export { buildDigest, type DigestSource } from './buildDigest.ts';
export { type Decisions, decideAlerts, incidentFacts, pushDecided } from './decideAlerts.ts';
export { type DeliveryResult, deliverAlerts } from './deliverAlerts.ts';
export type { PendingAlert, SuppressedAlert } from './PendingAlert.ts';
