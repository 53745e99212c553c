/**
 * The optional web application firewall (config `waf`, docs/security.md "Cloud"): a WebACL with
 * the AWS managed common rule set, the known-bad-inputs set, and a rate-based rule per source
 * address. WAF attaches to CloudFront (scope CLOUDFRONT, which AWS only accepts in us-east-1)
 * and, in the stack's own region, to the Cognito user pool (sign-in). It cannot attach to API
 * Gateway HTTP or WebSocket APIs (only REST API stages); those have stage throttling and the
 * per-address session limit in code instead.
 */
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface ParleyWafProps {
  /** CLOUDFRONT (the stack must be in us-east-1) or REGIONAL. */
  readonly scope: 'CLOUDFRONT' | 'REGIONAL';
  /** Requests one address may make in any 5 minutes before WAF blocks it. */
  readonly rateLimitPerFiveMinutes: number;
  /** A name CloudWatch metrics are reported under. */
  readonly metricName: string;
}

const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });

const managed = (name: string, priority: number) => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
  visibilityConfig: visibility(name),
});

export class ParleyWaf extends Construct {
  public readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: ParleyWafProps) {
    super(scope, id);
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: props.scope,
      defaultAction: { allow: {} },
      description: 'Parley: AWS managed common and known-bad-inputs rules, and a per-address rate limit',
      visibilityConfig: visibility(props.metricName),
      rules: [
        {
          name: 'RateLimitPerAddress',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.rateLimitPerFiveMinutes, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility(`${props.metricName}-rate`),
        },
        managed('AWSManagedRulesCommonRuleSet', 1),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 2),
      ],
    });
  }

  /** Attaches a regional WebACL to a resource of this region (the user pool). */
  associate(id: string, resourceArn: string): CfnWebACLAssociation {
    return new CfnWebACLAssociation(this, id, { resourceArn, webAclArn: this.webAcl.attrArn });
  }
}
