import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { constructIdFor } from './constructIdFor.ts';

export interface PipelineAlarmsProps {
  /** The functions by short name (`ingest`, `deploy-events`, `sweeper`). */
  functions: Readonly<Record<string, lambda.IFunction>>;
  onFailureQueue: sqs.IQueue;
  /** Per subscribed log group: the percentage of its lines that did not parse, per period. */
  unparsed: readonly { logGroup: string; percent: cloudwatch.IMetric }[];
  unparsedAlarmPercent: number;
  /** Where alarms and their recoveries go: the operations topic (and the chat topic, if any). */
  topics: readonly sns.ITopic[];
  /** The age of what waits for ingest: `AsyncEventAge` (Lambda destination) or `IteratorAge` (Kinesis). */
  backlog: { metric: cloudwatch.IMetric; thresholdMs: number; description: string };
}

/**
 * Alarms on the pipeline itself, so a broken triage is not mistaken for a quiet fleet: errors and
 * throttles of each function, any event parked in the on-failure queue (it holds payloads that
 * failed three times or aged out: lost work until someone replays them), and a rising share of
 * unparsed lines (a log format change makes the classifier blind). Each notifies the alert topic
 * on ALARM and on OK; missing data is "not breaching" because a quiet fleet sends nothing.
 *
 * The unparsed share is watched per log group, not summed: a format change usually hits one group
 * (one application's nginx), and 40 healthy groups would dilute it below any threshold. Each such
 * alarm reads two metrics (about $0.20 a month).
 *
 * A backlog is seen too: the age of the oldest event waiting for ingest (`AsyncEventAge` when logs
 * invoke it asynchronously, `IteratorAge` when it reads the stream) above the threshold means
 * ingest falls behind (reserved concurrency too low, throttles, slow store).
 */
export class PipelineAlarms extends Construct {
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const alarms: cloudwatch.Alarm[] = [];
    const add = (alarmId: string, description: string, metric: cloudwatch.IMetric, threshold: number) => {
      const alarm = new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      for (const topic of props.topics) {
        const action = new SnsAction(topic);
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
      alarms.push(alarm);
    };

    for (const [name, fn] of Object.entries(props.functions)) {
      const id = name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
      add(
        `${id}Errors`,
        `upstream-triage ${name}: invocations failed (retried, then parked in the on-failure queue)`,
        fn.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
        1,
      );
      add(
        `${id}Throttles`,
        `upstream-triage ${name}: invocations throttled (account concurrency exhausted; events are delayed)`,
        fn.metricThrottles({ period, statistic: cloudwatch.Stats.SUM }),
        1,
      );
    }
    add(
      'OnFailureQueueNotEmpty',
      'upstream-triage: events that failed every retry are parked in the on-failure queue; inspect and replay them',
      props.onFailureQueue.metricApproximateNumberOfMessagesVisible({
        period,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      1,
    );
    add('IngestBacklog', props.backlog.description, props.backlog.metric, props.backlog.thresholdMs);
    for (const { logGroup, percent } of props.unparsed) {
      add(
        constructIdFor('Unparsed', logGroup),
        `upstream-triage: over ${props.unparsedAlarmPercent}% of the lines from ${logGroup} did not parse (log format changed?)`,
        percent,
        props.unparsedAlarmPercent,
      );
    }
    this.alarms = alarms;
  }
}
