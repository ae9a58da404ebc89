export { buildInsightsQuery, LISTED_FIELDS } from './buildInsightsQuery.ts';
export { CLASSIFIED_EVENT_TYPE } from './classifiedEventFields.ts';
export {
  classifiedEventsLogGroupName,
  DEFAULT_STACK_NAME,
  OWN_LOG_GROUP_PREFIX,
} from './classifiedEventsLogGroupName.ts';
export { parseDuration } from './parseDuration.ts';
export { DurationError, QueryValueError } from './QueryError.ts';
