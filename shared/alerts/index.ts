export type { Alert, AlertFacts, AlertRule, AlertScope, DeploymentFacts, InstanceFacts } from './Alert.ts';
export { ALERT_RULES } from './Alert.ts';
export { alertIdOf } from './alertId.ts';
export { DEPLOYMENT_COMMANDS, DEPLOYMENT_FIX } from './deploymentFix.ts';
export { formatDuration, formatTime } from './formatTime.ts';
export { clip, neutralise, toWellFormed } from './neutralise.ts';
export { renderAlert, renderJsonText } from './renderAlert.ts';
export { fitBytes, MAX_BODY_BYTES, renderBody } from './renderBody.ts';
export { isValidSubject, MAX_SUBJECT_CHARS, toSubject } from './toSubject.ts';
