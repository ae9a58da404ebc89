import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { constructIdFor } from './constructIdFor.ts';

export interface HeartbeatProps {
  /** The source log groups of this account to watch. */
  logGroupNames: readonly string[];
  /** Alarm after this many minutes without one incoming event (a multiple of 5 is exact). */
  minutes: number;
  /** Notified on ALARM and OK: the operations topic (and the chat topic). */
  actions: readonly cloudwatch.IAlarmAction[];
}

/** Period of the heartbeat alarms' metric. */
const PERIOD_MINUTES = 5;

/**
 * Silence is the worst failure: when the CloudWatch agent stops shipping, a dead fleet looks
 * healthy. One alarm per source log group on `AWS/Logs` `IncomingLogEvents` (every event the group
 * received, before any filter): it fires when the sum stays at 0 for `minutes`, and missing data
 * counts as breaching because a group that receives nothing publishes no datapoint at all.
 *
 * The alarms notify the operations topic, not the alert topic: CloudWatch alarm notifications carry
 * no message attributes, so a filter policy such as `{"kind":["page"]}` on the alert topic would
 * silently drop them.
 */
export class Heartbeat extends Construct {
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: HeartbeatProps) {
    super(scope, id);
    const evaluationPeriods = Math.max(1, Math.ceil(props.minutes / PERIOD_MINUTES));
    this.alarms = props.logGroupNames.map((logGroupName) => {
      const alarm = new cloudwatch.Alarm(this, constructIdFor('Silent', logGroupName), {
        alarmDescription: `upstream-triage: ${logGroupName} received no log events for ${evaluationPeriods * PERIOD_MINUTES} minutes (agent stopped, instances gone, or permissions)`,
        metric: new cloudwatch.Metric({
          namespace: 'AWS/Logs',
          metricName: 'IncomingLogEvents',
          dimensionsMap: { LogGroupName: logGroupName },
          statistic: cloudwatch.Stats.SUM,
          period: Duration.minutes(PERIOD_MINUTES),
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods,
        datapointsToAlarm: evaluationPeriods,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
      for (const action of props.actions) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
      return alarm;
    });
  }
}
