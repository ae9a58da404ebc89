/**
 * The structured log line the ingest function writes for every classified upstream event, as the
 * queries (CLI, saved Logs Insights queries, dashboard widgets) read it. Logs Insights discovers the
 * top-level JSON keys as fields.
 */
export const CLASSIFIED_EVENT_TYPE = 'upstream_event';

/**
 * Fields of a classified event line. `count` is 1, or for an aggregate record (`aggregated: true`)
 * the number of events of its (instance, cause, minute) not written one by one. `time` is the CloudWatch event time (ISO 8601, UTC), the time
 * of record; `nginxTime` is nginx's own zone-less timestamp as written.
 */
export const CLASSIFIED_EVENT_FIELDS = [
  'cause',
  'status',
  'severity',
  'group',
  'instance',
  'logGroup',
  'deployment',
  'upstream',
  'host',
  'server',
  'request',
  'client',
  'time',
  'nginxTime',
  'raw',
  'count',
] as const;
export type ClassifiedEventField = (typeof CLASSIFIED_EVENT_FIELDS)[number];
