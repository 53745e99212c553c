import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { buildStack, projectConfig } from './support/build-stack';
import { resourcesOf } from './support/template-queries';

const built = buildStack({ config: { ...projectConfig(), alerts: { email: 'ops@example.com' } } });
afterAll(() => built.cleanup());
const { template, stack } = built;

describe('SLA alerts in the cloud', () => {
  it('e-mails sla.breached through a KMS-encrypted topic that a rule on the bus feeds, with a dead-letter queue', () => {
    const alerts = stack.platform.slaAlerts;
    expect(alerts).toBeDefined();
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: { Ref: built.logicalId(alerts?.topic ?? stack.platform.bus.bus) } });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue(), DisplayName: 'Parley SLA breaches' });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['parley'], 'detail-type': ['sla.breached'] },
      Targets: [Match.objectLike({ Arn: { Ref: built.logicalId(alerts?.topic ?? stack.platform.bus.bus) }, DeadLetterConfig: Match.anyValue(), InputTransformer: Match.anyValue() })],
    });
  });
});

describe('cdk-nag with SLA alerts on', () => {
  it('finds nothing unacknowledged in the stack with the alert topic', () => {
    const report = new AwsSolutionsChecks().validateScope(built.app);
    expect(report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`))).toEqual([]);
  });
});

describe('SLA alerts without an address', () => {
  it('builds no SLA topic when the config names no e-mail', () => {
    const plain = buildStack();
    try {
      expect(plain.stack.platform.slaAlerts).toBeUndefined();
      expect(Object.values(resourcesOf(plain.template, 'AWS::SNS::Topic')).filter((t) => t.Properties?.DisplayName === 'Parley SLA breaches')).toEqual([]);
    } finally {
      plain.cleanup();
    }
  });
});
