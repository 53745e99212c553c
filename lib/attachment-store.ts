/**
 * The bucket attachments' files live in: private (block all public access, SSL only, S3-managed
 * encryption, access logs), written and read only through URLs the functions presign. CORS lets
 * the console and the widget frame (both served from our own CloudFront origin) PUT a file and
 * read it back; nothing else is allowed cross-origin.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { acknowledgeWildcardResource } from './nag-findings';

/** Every file sits under `chats/<chatId>/` (functions/domain/attachments.ts). */
const PREFIX = 'chats/';

export interface AttachmentStoreProps {
  /** Origins that upload and show files: the console's and the widget frame's. */
  readonly corsOrigins: readonly string[];
  /** Where S3 server access logs go. */
  readonly accessLogs: IBucket;
  /** Delete files this many days after upload (the config's retention). @default - kept until deleted */
  readonly expireAfterDays?: number;
}

export class AttachmentStore extends Construct {
  public readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AttachmentStoreProps) {
    super(scope, id);
    if (props.corsOrigins.length === 0) throw new Error('AttachmentStore: corsOrigins needs at least one origin');
    if (props.expireAfterDays !== undefined && !(Number.isInteger(props.expireAfterDays) && props.expireAfterDays >= 1)) {
      throw new Error(`AttachmentStore: expireAfterDays must be a whole number of days >= 1, not ${props.expireAfterDays}`);
    }
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'attachments/',
      cors: [
        {
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
          allowedOrigins: [...props.corsOrigins],
          allowedHeaders: ['content-type'],
          exposedHeaders: ['etag'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: props.expireAfterDays === undefined ? [] : [{ prefix: PREFIX, expiration: Duration.days(props.expireAfterDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** s3:PutObject under the files' prefix: what a presigned upload URL is signed with. */
  grantUpload(principal: IGrantable, owner: IConstruct): void {
    this.grantObjects(principal, owner, ['s3:PutObject']);
  }

  /**
   * s3:GetObject under the prefix (HEAD and presigned downloads), and s3:ListBucket on the bucket
   * alone: without it S3 answers a HEAD of a missing file 403, not 404, and an unknown file
   * would look like a permissions failure.
   */
  grantRead(principal: IGrantable, owner: IConstruct): void {
    this.grantObjects(principal, owner, ['s3:GetObject']);
    principal.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
  }

  /**
   * s3:DeleteObject under the prefix, and s3:ListBucket on the bucket limited to keys under the
   * prefix (`s3:prefix`): erasure lists a chat's files and deletes each one.
   */
  grantDelete(principal: IGrantable, owner: IConstruct): void {
    this.grantObjects(principal, owner, ['s3:DeleteObject']);
    principal.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${PREFIX}*`] } } }),
    );
  }

  private grantObjects(principal: IGrantable, owner: IConstruct, actions: string[]): void {
    const objects = this.bucket.arnForObjects(`${PREFIX}*`);
    principal.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [objects] }));
    acknowledgeWildcardResource(owner, objects, "Files are keyed by chat and a server-made id at run time; the grant names this bucket's chats/ prefix and nothing else.");
  }
}
