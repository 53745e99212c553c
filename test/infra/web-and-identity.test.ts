import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { indexRewrite } from '../../lib/web-hosting';
import { buildStack } from './support/build-stack';
import { resourcesOf } from './support/template-queries';

const built = buildStack();
afterAll(() => built.cleanup());
const { template } = built;

describe('web hosting', () => {
  it('keeps every bucket (site, logs, attachments) private, encrypted and TLS-only', () => {
    const buckets = Object.values(resourcesOf(template, 'AWS::S3::Bucket'));

    expect(buckets).toHaveLength(3);
    for (const bucket of buckets) {
      expect(bucket.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: expect.any(Object),
      });
    }
  });

  it('logs site bucket access to the log bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
    });
  });

  it('serves over HTTPS through origin access control, with index.html at the root', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          ResponseHeadersPolicyId: Match.anyValue(),
        }),
        Logging: Match.objectLike({ Bucket: Match.anyValue() }),
      }),
    });
  });

  it('sends HSTS, nosniff and a CSP with frame-ancestors on every headers policy (per page kind: test/infra/security.test.ts)', () => {
    const policies = template.findResources('AWS::CloudFront::ResponseHeadersPolicy');
    expect(Object.keys(policies)).toHaveLength(3);
    template.allResourcesProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ Override: true }),
          ContentTypeOptions: { Override: true },
          ContentSecurityPolicy: { ContentSecurityPolicy: Match.stringLikeRegexp("^default-src 'self'; .*; frame-ancestors "), Override: true },
        }),
      }),
    });
  });

  it('publishes config.json with the deploy-time URLs next to the web files', () => {
    const [deployment] = Object.values(resourcesOf(template, 'Custom::CDKBucketDeployment'));
    const markers = JSON.stringify(deployment?.Properties?.SourceMarkers);

    expect(deployment?.Properties?.SourceObjectKeys).toHaveLength(2);
    expect(markers).toContain(built.logicalId(built.stack.platform.socketApi.api));
    expect(markers).toContain(built.logicalId(built.stack.platform.identity.consoleClient));
  });
});

describe('folder URLs', () => {
  type Rewrite = (event: { request: { uri: string } }) => { uri: string };
  const rewrite = new Function(`${indexRewrite}; return handler;`)() as Rewrite;

  it.each([
    ['/', '/index.html'],
    ['/console/', '/console/index.html'],
    ['/console', '/console/index.html'],
    ['/widget/frame.js', '/widget/frame.js'],
    ['/config.json', '/config.json'],
  ])('serves %s from %s', (uri, expected) => {
    expect(rewrite({ request: { uri } }).uri).toBe(expected);
  });

  it('runs the rewrite on every viewer request', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
      }),
    });
  });
});

describe('agent identity', () => {
  it('lets only admins create agents and requires strong passwords', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: Match.anyValue(),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'departments', AttributeDataType: 'String', Mutable: true }),
        Match.objectLike({ Name: 'maxChats', AttributeDataType: 'Number', Mutable: true }),
      ]),
    });
  });

  it.each(['agent', 'supervisor', 'admin'])('has the %s group', (group) => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
  });

  it('gives the console a public client with password and SRP sign-in', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']),
    });
  });

  it('does not let agents write their own departments or capacity', () => {
    const [client] = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolClient'));

    expect(client?.Properties?.WriteAttributes).not.toEqual(expect.arrayContaining(['custom:departments']));
    expect(client?.Properties?.WriteAttributes).not.toEqual(expect.arrayContaining(['custom:maxChats']));
    expect(client?.Properties?.WriteAttributes).toEqual(expect.any(Array));
  });
});

describe('stack outputs', () => {
  it.each(['ConsoleUrl', 'DemoUrl', 'WebSocketUrl', 'HttpApiUrl', 'UserPoolId', 'UserPoolClientId'])('outputs %s', (name) => {
    template.hasOutput(name, { Value: Match.anyValue() });
  });
});
