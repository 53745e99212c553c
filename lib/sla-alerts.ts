/**
 * E-mail for SLA breaches (config `alerts.email`): an EventBridge rule on the bus sends each
 * `sla.breached` to an SNS topic with an e-mail subscription, as a short readable line. The
 * topic is encrypted with a customer managed key, because EventBridge cannot publish to a topic
 * under the AWS managed SNS key; the key lets EventBridge (for this rule only) use it.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { type IEventBus, Rule, RuleTargetInput, EventField } from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface SlaAlertsProps {
  readonly bus: IEventBus;
  readonly email: string;
}

export class SlaAlerts extends Construct {
  public readonly topic: Topic;
  public readonly rule: Rule;
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: SlaAlertsProps) {
    super(scope, id);
    const key = new Key(this, 'Key', { enableKeyRotation: true, description: 'Parley: encrypts the SLA alert topic' });
    key.grant(new ServicePrincipal('events.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    this.topic = new Topic(this, 'Topic', { displayName: 'Parley SLA breaches', masterKey: key, enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(props.email));
    this.deadLetterQueue = new Queue(this, 'DeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the SLA alert rule; a DLQ of a DLQ would only move the problem.',
    });
    this.rule = new Rule(this, 'Rule', {
      eventBus: props.bus,
      description: 'Parley: e-mail every sla.breached',
      eventPattern: { source: ['parley'], detailType: ['sla.breached'] },
    });
    this.rule.addTarget(
      new SnsTopic(this.topic, {
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(6),
        message: RuleTargetInput.fromText(
          `SLA breached: chat ${EventField.fromPath('$.detail.chatId')} missed its ${EventField.fromPath('$.detail.target')} target ` +
            `(${EventField.fromPath('$.detail.targetSeconds')} s, due ${EventField.fromPath('$.detail.deadline')}, ` +
            `department ${EventField.fromPath('$.detail.department')}).`,
        ),
      }),
    );
  }
}
