import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DLQ_RETENTION_SECONDS, QUEUE_RETENTION_SECONDS, queueNames } from '@hub/core/queue';
import type { QueueSettings } from './deploy-settings.js';

export interface ConnectorQueueProps {
  connector: string;
  settings: QueueSettings;
  alarmTopic: ITopic;
  oldestMessageAlarmSeconds: number;
}

/**
 * A connector's queue and DLQ, named as the hub names them (queueNames) so its processes find
 * them, with the hub's retention periods and the redrive policy of HUB_MAX_RECEIVE_COUNT. Only a
 * crash loop reaches maxReceiveCount: the worker's retries and waits are new messages
 * (docs/reliability.md, "Waits and SQS redrives").
 */
export class ConnectorQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ConnectorQueueProps) {
    super(scope, id);
    const names = queueNames(props.settings.prefix, props.connector);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: names.dlq,
      retentionPeriod: Duration.seconds(DLQ_RETENTION_SECONDS),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'Queue', {
      queueName: names.main,
      visibilityTimeout: Duration.seconds(props.settings.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(QUEUE_RETENTION_SECONDS),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.settings.maxReceiveCount },
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });

    // Each worker drains its DLQ into the event store every 10 s: messages staying there mean
    // the drainer is not running (no worker, or it cannot reach PostgreSQL).
    const dlqDepth = new Alarm(this, 'DeadLetterQueueDepth', {
      alarmDescription: `${names.dlq} has held messages for 15 minutes: ${props.connector}'s workers are not draining redriven events into the store`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const oldestAge = new Alarm(this, 'OldestMessageAge', {
      alarmDescription: `${names.main}'s oldest message is older than ${props.oldestMessageAlarmSeconds} s: ${props.connector}'s workers are behind, stopped or paused by an open circuit`,
      metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: props.oldestMessageAlarmSeconds,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [dlqDepth, oldestAge]) {
      alarm.addAlarmAction(new SnsAction(props.alarmTopic));
      alarm.addOkAction(new SnsAction(props.alarmTopic));
    }
  }
}
