/**
 * Where alarms go: an SNS topic, with an e-mail subscription when an address is configured.
 * Without one, alarms still show in the CloudWatch console; nothing is sent.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlertsProps {
  /** @default - no e-mail; alarms are visible in CloudWatch only */
  readonly email?: string;
}

export class Alerts extends Construct {
  public readonly topic?: Topic;
  public readonly alarms: Alarm[] = [];
  private readonly action?: IAlarmAction;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    if (props.email === undefined) return;
    // Encrypted at rest with our own key: CloudWatch alarms cannot use the AWS managed SNS key, but may use a key that lets them.
    const key = new Key(this, 'Key', { enableKeyRotation: true, description: 'Parley: encrypts the alarm topic' });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    this.topic = new Topic(this, 'Topic', { displayName: 'Parley alarms', masterKey: key, enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(props.email));
    this.action = new SnsAction(this.topic);
  }

  /** Routes an alarm to the topic, if there is one. */
  watch(alarm: Alarm): void {
    this.alarms.push(alarm);
    if (this.action) {
      alarm.addAlarmAction(this.action);
      alarm.addOkAction(this.action);
    }
  }

  /** Alarms on any error of a function within five minutes. */
  watchErrors(name: string, fn: IFunction): Alarm {
    const alarm = new Alarm(this, `${name}-errors`, {
      alarmDescription: `Parley: ${name} reported errors`,
      metric: fn.metricErrors({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.watch(alarm);
    return alarm;
  }
}
