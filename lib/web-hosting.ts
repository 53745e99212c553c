/**
 * The console, widget and demo site: static files in a private bucket, served only through
 * CloudFront (origin access control), HTTPS only. `config.json` is written at deploy time with
 * the real URLs, so the same built files work in every account and on a laptop.
 *
 * The widget is framed by the business's own site, so the headers allow exactly the configured
 * origins as frame ancestors instead of the usual X-Frame-Options: SAMEORIGIN.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { wildcardFindingsOf } from './nag-findings';
import { type PageKind, securityHeaders } from './web-security';
import type { RuntimeConfig } from '../functions/contracts/http';

export interface WebHostingProps {
  /** Folder of built web files (`npm run build:web` → dist/web). */
  readonly assetPath: string;
  /** Served as /config.json (functions/contracts/http.ts RuntimeConfig). */
  readonly runtimeConfig: RuntimeConfig;
  /** Sites allowed to frame the widget; `*` allows any. */
  readonly allowedOrigins: readonly string[];
  /** A CLOUDFRONT-scope WAF WebACL (its ARN). @default - none */
  readonly webAclArn?: string;
  /** Serve on your own domain with its certificate (us-east-1): then TLS 1.2 (TLSv1.2_2021) is the floor. @default - the *.cloudfront.net name */
  readonly domain?: WebDomain;
}

export interface WebDomain {
  readonly domainNames: readonly string[];
  readonly certificate: ICertificate;
}

/**
 * S3 behind origin access control has no index documents below the root, so `/console/`
 * would be a 403. A viewer-request function maps folder URLs to their index.html.
 */
export const indexRewrite = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) request.uri = uri + 'index.html';
  else if (uri.split('/').pop().indexOf('.') === -1) request.uri = uri + '/index.html';
  return request;
}`;

export { frameAncestors } from './web-security';

export class WebHosting extends Construct {
  public readonly bucket: Bucket;
  public readonly logBucket: Bucket;
  public readonly distribution: Distribution;
  public readonly deployment: BucketDeployment;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    this.logBucket = this.createLogBucket();
    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.distribution = this.createDistribution(props);
    this.deployment = new BucketDeployment(this, 'Deploy', {
      sources: [Source.asset(props.assetPath), Source.jsonData('config.json', props.runtimeConfig)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    this.acknowledgeDeploymentFindings();
  }

  /** https://<id>.cloudfront.net, no trailing slash. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  private createLogBucket(): Bucket {
    const logBucket = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are delivered with ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging its own access would log the log writes.',
    });
    return logBucket;
  }

  private createDistribution(props: WebHostingProps): Distribution {
    const headers = (kind: PageKind, comment: string) =>
      new ResponseHeadersPolicy(this, `${kind[0]?.toUpperCase()}${kind.slice(1)}Headers`, { comment, securityHeadersBehavior: securityHeaders(kind, props.allowedOrigins) });
    const sitePolicy = headers('site', 'Parley site: HSTS, nosniff, referrer policy, CSP, same-origin framing');
    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const behavior = (policy: ResponseHeadersPolicy) => ({
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: policy,
      compress: true,
      functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: rewrite }],
    });
    const rewrite = new CloudFrontFunction(this, 'IndexRewrite', {
      code: FunctionCode.fromInline(indexRewrite),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Parley: folder URLs serve their index.html',
    });
    const distribution = new Distribution(this, 'Cdn', {
      comment: `Parley console and widget (${Stack.of(this).stackName})`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: behavior(sitePolicy),
      additionalBehaviors: {
        '/console/*': behavior(headers('console', 'Parley console: HSTS, nosniff, CSP, never framed')),
        '/widget/*': behavior(headers('widget', 'Parley widget: HSTS, nosniff, CSP, framed only by the allowed origins')),
      },
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      ...(props.domain
        ? { domainNames: [...props.domain.domainNames], certificate: props.domain.certificate, minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 }
        : {}),
    });
    Validations.of(distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'Visitors of a business may be anywhere; geo restriction is a per-business choice, not a default.' },
      ...(props.webAclArn
        ? []
        : [{ id: 'AwsSolutions-CFR2', reason: 'WAF is optional per deployment (config `waf`); the distribution serves only static files (no forms, no API).' }]),
      ...(props.domain
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason: 'It uses the default *.cloudfront.net certificate, whose TLS floor cannot be raised; a custom domain (platform prop `webDomain`) sets TLSv1.2_2021.',
            },
          ]),
    );
    return distribution;
  }

  /**
   * BucketDeployment runs a Lambda that CDK owns (one per stack), with a managed basic-execution
   * role, its own Python runtime and wildcard S3 grants on the asset and site buckets. We cannot
   * narrow them, so each of its findings is acknowledged on that Lambda only, by name.
   */
  private acknowledgeDeploymentFindings(): void {
    const stack = Stack.of(this);
    const providers = stack.node.children.filter((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    for (const provider of providers) {
      const policy = provider.node.tryFindChild('ServiceRole')?.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
      const wildcards = policy instanceof CfnPolicy ? wildcardFindingsOf(policy) : [];
      Validations.of(provider).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: "CDK's BucketDeployment Lambda writes its logs with the AWS-managed basic execution role; CDK does not let us replace it.",
        },
        { id: 'AwsSolutions-L1', reason: "CDK's BucketDeployment Lambda pins its own Python runtime; every Parley function runs the newest Node.js runtime." },
        ...wildcards.map((id) => ({
          id,
          reason: "CDK's BucketDeployment copies the web files from the CDK asset bucket into the site bucket and invalidates the distribution; its grants are scoped to those buckets by CDK.",
        })),
      );
    }
  }
}
