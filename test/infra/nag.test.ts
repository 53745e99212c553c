import { Stack } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { buildStack, testApp } from './support/build-stack';

const built = buildStack();
const bare = testApp();
afterAll(() => {
  built.cleanup();
  bare.cleanup();
});

/** `rule @ construct path` for every finding that is not acknowledged, so a failure names it. */
function unacknowledged(scope: Parameters<AwsSolutionsChecks['validateScope']>[0]): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`));
}

describe('cdk-nag AwsSolutions checks', () => {
  it('finds nothing unacknowledged in the Parley stack', () => {
    expect(unacknowledged(built.app)).toEqual([]);
  });

  it('reports a finding that nobody acknowledged (the check is live)', () => {
    const stack = new Stack(bare.app, 'Unsafe');
    new Queue(stack, 'PlainQueue');

    expect(unacknowledged(stack)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^AwsSolutions-SQS4 @ Unsafe\/PlainQueue/)]),
    );
  });
});
