import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { manifest, type SubscriptionSpec } from '../../functions/manifest';
import { buildStack } from './support/build-stack';
import { findOne, referencedIds, resourcesOf } from './support/template-queries';

const built = buildStack();
afterAll(() => built.cleanup());
const { template, stack } = built;
const busId = built.logicalId(stack.platform.bus.bus);

function ruleFor(detailTypes: readonly string[]) {
  return findOne(
    template,
    'AWS::Events::Rule',
    (p) => JSON.stringify((p.EventPattern as Record<string, unknown>)['detail-type']) === JSON.stringify(detailTypes),
  );
}

/** The rule's only target and the dead-letter queue it names. */
function targetOf(spec: SubscriptionSpec): { target: Record<string, unknown> | undefined; queueId: string } {
  const [, rule] = ruleFor(spec.pattern['detail-type']);
  const [target] = rule.Properties?.Targets as Record<string, unknown>[];
  const [queueId] = referencedIds(target?.DeadLetterConfig);
  return { target, queueId: queueId ?? '' };
}

describe('event subscriptions', () => {
  it('puts a named bus per stack', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'parley-parleytest' });
  });

  it('has one rule per manifest subscription and no other', () => {
    expect(Object.keys(resourcesOf(template, 'AWS::Events::Rule'))).toHaveLength(manifest.subscriptions.length);
  });

  it.each(manifest.subscriptions.map((s) => [s.name, s] as const))(
    'delivers exactly the pattern of %s, on our bus, to its Lambda',
    (name, spec) => {
      const fn = stack.platform.functions.get(name);
      const [, rule] = ruleFor(spec.pattern['detail-type']);

      expect(rule.Properties?.EventPattern).toEqual(spec.pattern);
      expect(referencedIds(rule.Properties?.EventBusName)).toEqual([busId]);
      expect(fn && referencedIds((rule.Properties?.Targets as unknown[])[0])).toContain(fn && built.logicalId(fn.fn));
    },
  );

  it.each(manifest.subscriptions.map((s) => [s.name, s] as const))(
    'retries %s and then parks the event in an encrypted dead-letter queue',
    (_name, spec) => {
      const { target, queueId } = targetOf(spec);

      expect(target).toMatchObject({
        RetryPolicy: { MaximumRetryAttempts: expect.any(Number), MaximumEventAgeInSeconds: expect.any(Number) },
      });
      expect(resourcesOf(template, 'AWS::SQS::Queue')[queueId]?.Properties).toMatchObject({ SqsManagedSseEnabled: true });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: Match.objectLike({
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        }),
      });
    },
  );

  it.each(manifest.subscriptions.map((s) => [s.name, s] as const))(
    'raises an alarm as soon as a dead letter of %s is waiting',
    (_name, spec) => {
      const { queueId } = targetOf(spec);

      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      });
    },
  );
});
