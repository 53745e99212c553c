/**
 * The cloud's security settings (docs/security.md, "Cloud"): encryption at rest on every table,
 * queue (dead-letter queues included), topic and bucket the stack makes; CloudFront's security
 * headers per kind of page with the pages' own CSP; TLS 1.2 on a custom domain; the optional WAF
 * with and without us-east-1; and cdk-nag clean in every variant.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { deploymentConfigSchema } from '../../functions/contracts/config';
import { ParleyStack } from '../../lib/parley-stack';
import { contentSecurityPolicy, PAGE_CSP } from '../../lib/web-security';
import { projectConfig, testApp, webAssetFolder } from './support/build-stack';

const root = path.resolve(__dirname, '../..');
const CLOUDFRONT_ACL = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/parley/0a1b2c3d';
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

/** The real stack in `region`, with config overrides and platform props. */
function stackIn(region: string, config: Record<string, unknown> = {}, platform: Record<string, unknown> = {}) {
  const { app, cleanup } = testApp();
  const web = webAssetFolder();
  cleanups.push(cleanup, web.cleanup);
  const stack = new ParleyStack(app, 'ParleySecurity', {
    env: { account: '123456789012', region },
    platform: { config: deploymentConfigSchema.parse({ ...projectConfig(), ...config }), webAssetPath: web.webAssetPath, ...platform },
  });
  return { app, stack, template: Template.fromStack(stack) };
}

function unacknowledged(scope: Parameters<AwsSolutionsChecks['validateScope']>[0]): string[] {
  return new AwsSolutionsChecks().validateScope(scope).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`));
}

// Both alert topics and their queues exist only with e-mail addresses: the widest stack.
const full = stackIn('eu-west-1', { alerts: { email: 'sla@example.com' } }, { alertEmail: 'ops@example.com' });

describe('encryption at rest', () => {
  it.each<[string, string, (props: Record<string, unknown>) => boolean]>([
    ['AWS::DynamoDB::Table', 'SSE enabled', (p) => (p.SSESpecification as { SSEEnabled?: boolean } | undefined)?.SSEEnabled === true],
    ['AWS::SQS::Queue', 'SQS-managed SSE or a KMS key', (p) => p.SqsManagedSseEnabled === true || p.KmsMasterKeyId !== undefined],
    ['AWS::SNS::Topic', 'a KMS key', (p) => p.KmsMasterKeyId !== undefined],
    ['AWS::S3::Bucket', 'default encryption', (p) => Array.isArray((p.BucketEncryption as { ServerSideEncryptionConfiguration?: unknown[] } | undefined)?.ServerSideEncryptionConfiguration)],
  ])('every %s the stack makes has %s', (type, _what, encrypted) => {
    const resources = Object.entries(full.template.findResources(type)).map(([id, r]) => [id, (r as { Properties?: Record<string, unknown> }).Properties ?? {}] as const);

    expect(resources.length).toBeGreaterThan(0);
    expect(resources.filter(([, props]) => !encrypted(props)).map(([id]) => id)).toEqual([]);
  });

  it('rotates the keys of the topics', () => {
    full.template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});

describe('CloudFront security headers', () => {
  it.each([
    ['web/console/index.html'],
    ['web/widget/frame.html'],
  ])('%s carries exactly the CSP the headers send (before frame-ancestors)', (file) => {
    const html = readFileSync(path.join(root, file), 'utf8');

    expect(/http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]).toBe(PAGE_CSP);
  });

  it.each<[string, string, string, string | undefined]>([
    ['/console/*', 'console', "frame-ancestors 'none'", 'DENY'],
    ['/widget/*', 'widget', 'frame-ancestors *', undefined],
  ])('serves %s with the %s policy: full CSP, %s, frame options %s', (pathPattern, kind, ancestors, frameOption) => {
    const policies = full.template.findResources('AWS::CloudFront::ResponseHeadersPolicy');
    const distribution = Object.values(full.template.findResources('AWS::CloudFront::Distribution'))[0] as { Properties: { DistributionConfig: { CacheBehaviors: { PathPattern: string; ResponseHeadersPolicyId: { Ref: string } }[] } } };

    const behavior = distribution.Properties.DistributionConfig.CacheBehaviors.find((b) => b.PathPattern === pathPattern);
    const config = (policies[behavior?.ResponseHeadersPolicyId.Ref ?? ''] as { Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: Record<string, Record<string, unknown>> } } }).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;

    expect(config.ContentSecurityPolicy?.ContentSecurityPolicy).toBe(contentSecurityPolicy(kind as 'console' | 'widget', ['*']));
    expect(config.ContentSecurityPolicy?.ContentSecurityPolicy).toContain(ancestors);
    expect(config.FrameOptions?.FrameOption).toBe(frameOption);
    expect(config.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 730 * 86_400, IncludeSubdomains: true, Preload: true, Override: true });
    expect(config.ContentTypeOptions).toEqual({ Override: true });
  });

  it('lets only the configured sites (and itself) frame the widget', () => {
    expect(contentSecurityPolicy('widget', ['https://shop.example.com'])).toBe(`${PAGE_CSP}; frame-ancestors 'self' https://shop.example.com`);
  });

  it('keeps the *.cloudfront.net name (no TLS floor to set) unless given a domain, then requires TLS 1.2', () => {
    const certificate = Certificate.fromCertificateArn(new Stack(), 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    const withDomain = stackIn('eu-west-1', {}, { webDomain: { domainNames: ['chat.example.com'], certificate } });

    full.template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ ViewerCertificate: Match.absent() }) });
    withDomain.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Aliases: ['chat.example.com'], ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }) }),
    });
    expect(unacknowledged(withDomain.app)).toEqual([]);
  });
});

describe('optional WAF (config waf)', () => {
  it('makes no WebACL when it is off, and cdk-nag is clean', () => {
    full.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(unacknowledged(full.app)).toEqual([]);
  });

  it('in us-east-1: a CLOUDFRONT WebACL on the distribution and a REGIONAL one on the user pool, each with managed rules and the rate limit', () => {
    const { app, stack, template } = stackIn('us-east-1', { waf: { enabled: true, rateLimitPerFiveMinutes: 500 } });

    for (const scope of ['CLOUDFRONT', 'REGIONAL']) {
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: scope,
        DefaultAction: { Allow: {} },
        Rules: Match.arrayWith([
          Match.objectLike({ Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 500, AggregateKeyType: 'IP' } } }),
          Match.objectLike({ Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } } }),
          Match.objectLike({ Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' } } }),
        ]),
      });
    }
    const userPool = stack.getLogicalId(stack.platform.identity.userPool.node.defaultChild as CfnElement);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { 'Fn::GetAtt': [userPool, 'Arn'] } });
    template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::GetAtt': [Match.stringLikeRegexp('CdnWaf'), 'Arn'] } }) });
    expect(unacknowledged(app)).toEqual([]);
  });

  it('elsewhere: the regional WebACL, and CloudFront uses the us-east-1 WebACL the config names', () => {
    const { template } = stackIn('eu-west-1', { waf: { enabled: true, cloudFrontWebAclArn: CLOUDFRONT_ACL } });

    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
    template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ WebACLId: CLOUDFRONT_ACL }) });
  });

  it.each([
    [{ enabled: true, rateLimitPerFiveMinutes: 50 }, 'waf.rateLimitPerFiveMinutes'],
    [{ enabled: true, cloudFrontWebAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/y' }, 'waf.cloudFrontWebAclArn: must be the ARN of a CLOUDFRONT-scope WebACL'],
    [{ enabled: 'yes' }, 'waf.enabled'],
  ])('refuses config waf %j naming the field', (waf, message) => {
    const result = deploymentConfigSchema.safeParse({ waf });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')).toContain(message);
  });
});
