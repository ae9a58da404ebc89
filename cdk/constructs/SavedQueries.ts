import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CLASSIFIED_EVENT_TYPE } from '#shared/query/index.ts';

/** `filter` that keeps only classified upstream events (the group also holds the function's own logs). */
export const ONLY_UPSTREAM_EVENTS = `type = "${CLASSIFIED_EVENT_TYPE}"`;

/**
 * The saved queries, by short name; also rendered as dashboard widgets. Errors are `sum(count)`: in a
 * storm ingest writes at most N records per (instance, cause, minute) and one aggregate record with
 * the `count` of the rest (see functions/ingest/upstreamEventRecords.ts), so counting lines undercounts.
 */
export const SAVED_QUERIES = {
  'errors-by-cause': {
    title: 'Upstream errors by cause',
    query: new logs.QueryString({
      filterStatements: [ONLY_UPSTREAM_EVENTS],
      statsStatements: ['sum(count) as errors, count_distinct(instance) as instances by cause, status'],
      sort: 'errors desc',
      limit: 50,
    }),
  },
  'errors-by-instance': {
    title: 'Upstream errors per instance',
    query: new logs.QueryString({
      filterStatements: [ONLY_UPSTREAM_EVENTS],
      statsStatements: [
        'sum(count) as errors, min(@timestamp) as first, max(@timestamp) as last by instance, cause',
      ],
      sort: 'errors desc',
      limit: 100,
    }),
  },
  'errors-by-deployment': {
    title: 'Upstream errors per deployment',
    query: new logs.QueryString({
      filterStatements: [ONLY_UPSTREAM_EVENTS, 'ispresent(deployment)'],
      statsStatements: ['sum(count) as errors, count_distinct(instance) as instances by deployment, cause'],
      sort: 'errors desc',
      limit: 100,
    }),
  },
  'top-upstreams': {
    title: 'Failing upstreams',
    query: new logs.QueryString({
      filterStatements: [ONLY_UPSTREAM_EVENTS],
      statsStatements: ['sum(count) as errors, count_distinct(instance) as instances by upstream, cause'],
      sort: 'errors desc',
      limit: 25,
    }),
  },
  // An incident is (log group, instance, cause) between its first and last seen: edit the three
  // values from the alert and set the console's time range to the alert's window.
  'incident-lines': {
    title: "One incident's lines (edit log group, instance and cause from the alert)",
    query: new logs.QueryString({
      fields: ['time', 'status', 'count', 'upstream', 'request', 'client', 'deployment', 'raw'],
      filterStatements: [
        ONLY_UPSTREAM_EVENTS,
        'logGroup = "/REPLACE/with/log-group"',
        'instance = "i-REPLACE-ME"',
        'cause = "upstream_refused"',
      ],
      sort: 'time asc',
      limit: 1000,
    }),
  },
} as const satisfies Record<string, { title: string; query: logs.QueryString }>;

export interface SavedQueriesProps {
  /** The classified-events log group the queries run on. */
  logGroup: logs.ILogGroup;
  /** Folder in the Logs Insights "Saved queries" list. */
  folder: string;
}

/** Logs Insights query definitions on the classified-events log group, in one folder. */
export class SavedQueries extends Construct {
  readonly definitions: readonly logs.QueryDefinition[];

  constructor(scope: Construct, id: string, props: SavedQueriesProps) {
    super(scope, id);
    this.definitions = Object.entries(SAVED_QUERIES).map(
      ([name, { query }]) =>
        new logs.QueryDefinition(this, name, {
          queryDefinitionName: `${props.folder}/${name}`,
          queryString: query,
          logGroups: [props.logGroup],
        }),
    );
  }
}
