import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest';
import { buildStack } from './support/build-stack';
import { referencedIds, resourcesOf } from './support/template-queries';

const built = buildStack();
afterAll(() => built.cleanup());
const { template, stack } = built;
const queueId = built.logicalId(stack.platform.timers.queue);
const deadLetterId = built.logicalId(stack.platform.timers.deadLetterQueue);

describe('timer queue', () => {
  it('is encrypted, redrives to its own encrypted dead-letter queue, and outlasts the consumer’s timeout before redelivering', () => {
    const queue = resourcesOf(template, 'AWS::SQS::Queue')[queueId]?.Properties ?? {};

    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(referencedIds((queue.RedrivePolicy as Record<string, unknown>).deadLetterTargetArn)).toEqual([deadLetterId]);
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(30 * 6);
    expect(resourcesOf(template, 'AWS::SQS::Queue')[deadLetterId]?.Properties?.SqsManagedSseEnabled).toBe(true);
  });

  it('feeds the timers function with partial batch failures and no batching window', () => {
    const fnId = built.logicalId(stack.platform.functions.get(manifest.timers.name)!.fn);

    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: fnId },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { MaximumBatchingWindowInSeconds: Match.absent(), FunctionName: { Ref: fnId } });
  });

  it('alarms when timers pile up in the dead-letter queue', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetterId, 'QueueName'] } }],
    });
  });
});
