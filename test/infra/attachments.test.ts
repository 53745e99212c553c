import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Bucket, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../lib/attachment-store';
import { buildStack, projectConfig } from './support/build-stack';
import { referencedIds, resourcesOf } from './support/template-queries';

const built = buildStack();
afterAll(() => built.cleanup());
const { template, stack } = built;
const bucketId = built.logicalId(stack.platform.attachments.bucket);
const attachmentsBucket = () => resourcesOf(template, 'AWS::S3::Bucket')[bucketId]?.Properties ?? {};

describe('attachments bucket', () => {
  it('is private, encrypted, logged and kept when the stack goes', () => {
    expect(attachmentsBucket()).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: built.logicalId(stack.platform.web.logBucket) }, LogFilePrefix: 'attachments/' },
    });
    expect(resourcesOf(template, 'AWS::S3::Bucket')[bucketId]?.DeletionPolicy).toBe('Retain');
  });

  it('refuses any request that is not over TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      }),
    });
  });

  it('lets only our own web origin PUT and read files cross-origin, with the content-type header', () => {
    const [rule, ...others] = (attachmentsBucket().CorsConfiguration as { CorsRules: Record<string, unknown>[] }).CorsRules;

    expect(others).toEqual([]);
    expect(rule).toMatchObject({ AllowedMethods: ['PUT', 'GET', 'HEAD'], AllowedHeaders: ['content-type'] });
    expect(referencedIds(rule?.AllowedOrigins)).toEqual([built.logicalId(stack.platform.web.distribution)]);
  });

  it('keeps files until deleted when no retention is set', () => {
    expect(attachmentsBucket().LifecycleConfiguration).toBeUndefined();
  });

  it('expires files with the config’s retention', () => {
    const withRetention = buildStack({ config: { ...projectConfig(), retentionDays: 90 } });
    try {
      const id = withRetention.logicalId(withRetention.stack.platform.attachments.bucket);

      expect(resourcesOf(withRetention.template, 'AWS::S3::Bucket')[id]?.Properties?.LifecycleConfiguration).toEqual({
        Rules: [{ Prefix: 'chats/', ExpirationInDays: 90, Status: 'Enabled' }],
      });
    } finally {
      withRetention.cleanup();
    }
  });

  it('names the bucket in every function’s environment', () => {
    const fn = stack.platform.functions.get('socket-request-upload');
    const resource = fn && resourcesOf(template, 'AWS::Lambda::Function')[built.logicalId(fn.fn)];

    expect((resource?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.ATTACHMENTS_BUCKET).toEqual({ Ref: bucketId });
  });
});

describe('AttachmentStore props', () => {
  const scope = () => {
    const s = new Stack();
    return { s, logs: new Bucket(s, 'Logs') };
  };

  it('expires files after the retention days', () => {
    const { s, logs } = scope();

    const store = new AttachmentStore(s, 'A', { corsOrigins: ['https://d.example'], accessLogs: logs, expireAfterDays: 30 });

    expect(s.resolve((store.bucket.node.defaultChild as CfnBucket).lifecycleConfiguration)).toEqual({
      rules: [{ prefix: 'chats/', expirationInDays: 30, status: 'Enabled' }],
    });
  });

  it.each([
    ['no CORS origin', { corsOrigins: [] }, /corsOrigins/],
    ['a fractional retention', { corsOrigins: ['https://d.example'], expireAfterDays: 1.5 }, /expireAfterDays/],
    ['a zero retention', { corsOrigins: ['https://d.example'], expireAfterDays: 0 }, /expireAfterDays/],
  ])('refuses %s', (_name, props, message) => {
    const { s, logs } = scope();

    expect(() => new AttachmentStore(s, 'A', { accessLogs: logs, ...props })).toThrow(message);
  });
});
