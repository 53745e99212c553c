/**
 * The event bus, its schema registry and the manifest's subscriptions on it. A developer's own
 * rule on this bus sees exactly what our consumers see, and the registry holds a schema of every
 * event in the catalog (to browse, and to download code bindings from, in the EventBridge
 * console). Delivery is at least once: each target retries, then parks the event in its own
 * encrypted dead-letter queue, whose depth raises an alarm.
 */
import { Duration, NestedStack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { EventBus, Rule, type EventPattern } from 'aws-cdk-lib/aws-events';
import { CfnRegistry, CfnSchema } from 'aws-cdk-lib/aws-eventschemas';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EVENT_TYPES } from '../functions/contracts/events';
import { eventRegistrySchema, REGISTRY_SCHEMA_TYPE, registrySchemaName } from '../functions/contracts/json-schema';
import type { SubscriptionSpec } from '../functions/manifest';

/** Maps the manifest's EventBridge pattern (JSON field names) to CDK's camel-cased one. */
export function eventPatternFromSpec(pattern: SubscriptionSpec['pattern']): EventPattern {
  const base: EventPattern = { source: [...pattern.source], detailType: [...pattern['detail-type']] };
  // CDK's EventPattern type has no `$or`, but renders unknown keys as given (the rule's JSON).
  return pattern.$or ? ({ ...base, $or: pattern.$or } as EventPattern) : base;
}

export interface SubscriptionBinding {
  readonly spec: SubscriptionSpec;
  readonly fn: IFunction;
}

export interface ParleyBusProps {
  readonly busName: string;
  /** @default 8 */
  readonly retryAttempts?: number;
  /** @default 6 hours */
  readonly maxEventAge?: Duration;
}

/** What one subscription is made of, exposed for alarms and tests. */
export interface Subscription {
  readonly rule: Rule;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
}

export class ParleyBus extends Construct {
  public readonly bus: EventBus;
  /** `<busName>-events`: one schema per detail-type of the catalog (functions/contracts/events.ts). */
  public readonly schemaRegistry: CfnRegistry;
  public readonly subscriptions: Subscription[] = [];
  private readonly retryAttempts: number;
  private readonly maxEventAge: Duration;

  constructor(scope: Construct, id: string, props: ParleyBusProps) {
    super(scope, id);
    this.retryAttempts = props.retryAttempts ?? 8;
    this.maxEventAge = props.maxEventAge ?? Duration.hours(6);
    this.bus = new EventBus(this, 'Bus', { eventBusName: props.busName });
    // In a nested stack of its own: a schema per event would spend ~20 of the parent stack's
    // 500 resources (CloudFormation's limit), and the platform already holds over 400.
    const registryStack = new NestedStack(this, 'SchemaRegistry', { description: 'Parley: the event schema registry' });
    this.schemaRegistry = new CfnRegistry(registryStack, 'Schemas', {
      registryName: `${props.busName}-events`,
      description: `Parley: the events on the ${props.busName} bus (docs/events.md)`,
    });
    for (const type of EVENT_TYPES) {
      new CfnSchema(this.schemaRegistry, `Schema-${type}`, {
        registryName: this.schemaRegistry.attrRegistryName,
        schemaName: registrySchemaName(type),
        type: REGISTRY_SCHEMA_TYPE,
        content: JSON.stringify(eventRegistrySchema(type)),
        description: `Parley: source parley, detail-type ${type}`,
      });
    }
  }

  /** One rule, target, dead-letter queue and depth alarm per subscription. */
  subscribe(bindings: readonly SubscriptionBinding[]): void {
    for (const { spec, fn } of bindings) this.subscriptions.push(this.subscribeOne(spec, fn));
  }

  private subscribeOne(spec: SubscriptionSpec, fn: IFunction): Subscription {
    const scope = new Construct(this, spec.name);
    const deadLetterQueue = new Queue(scope, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of an EventBridge target; a DLQ of a DLQ would only move the problem.',
    });
    const rule = new Rule(scope, 'Rule', {
      eventBus: this.bus,
      description: `Parley: deliver ${spec.pattern['detail-type'].join(', ')} to ${spec.name}`,
      eventPattern: eventPatternFromSpec(spec.pattern),
    });
    rule.addTarget(
      new LambdaFunction(fn, { deadLetterQueue, retryAttempts: this.retryAttempts, maxEventAge: this.maxEventAge }),
    );
    const deadLetterAlarm = new Alarm(scope, 'DeadLettersAlarm', {
      alarmDescription: `Parley: events ${spec.name} could not process are waiting in its dead-letter queue`,
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    return { rule, deadLetterQueue, deadLetterAlarm };
  }
}
