export { applyMember } from './applyMember.ts';
export { evaluateFleet } from './evaluateFleet.ts';
export { burstsOf, fleetSizeOf } from './mergeMember.ts';
export { refreshCauseFleets } from './refreshCauseFleets.ts';
