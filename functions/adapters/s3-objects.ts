/**
 * The object store over S3: the only S3 code. Uploads are presigned PUTs that sign the
 * Content-Length and Content-Type headers, so S3 itself refuses a body of another size or a
 * different type (a POST policy's content-length-range would allow any size up to the limit;
 * here the size is exact and the server checks it again before a message names the file).
 *
 * The client must be built with `requestChecksumCalculation: 'WHEN_REQUIRED'` (s3Client below):
 * otherwise the SDK signs a CRC32 of an empty body into every upload URL and a browser's PUT
 * of the real file fails.
 *
 * Erasure (GDPR) deletes a chat's files by listing its prefix, so files uploaded but never sent in
 * a message go too; deleting a key that is already gone is not an error (S3 answers 204).
 */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DeclaredFile, StoredObject } from '../domain/attachments';
import type { ObjectStore, PresignedUpload } from '../use-cases/ports';

/** An S3 client for presigning browser uploads (no checksum the browser cannot send). */
export function s3Client(config: S3ClientConfig = {}): S3Client {
  return new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', ...config });
}

const SIGNED_UPLOAD_HEADERS = new Set(['content-length', 'content-type']);

// By name, not instanceof: a bundle may hold two copies of the client package.
const notFound = (error: unknown): boolean => error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchKey');

export class S3Objects implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async presignUpload(key: string, file: DeclaredFile, expiresInSeconds: number): Promise<PresignedUpload> {
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: file.contentType, ContentLength: file.size });
    const url = await getSignedUrl(this.client, command, { expiresIn: expiresInSeconds, signableHeaders: SIGNED_UPLOAD_HEADERS });
    // Content-Length is the browser's to set (a script may not): only the type is the caller's to send.
    return { url, headers: { 'content-type': file.contentType } };
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: out.ContentLength ?? 0, ...(out.ContentType ? { contentType: out.ContentType } : {}) };
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
  }

  presignDownload(key: string, response: { contentType: string; contentDisposition: string }, expiresInSeconds: number): Promise<string> {
    const command = new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentType: response.contentType, ResponseContentDisposition: response.contentDisposition });
    return getSignedUrl(this.client, command, { expiresIn: expiresInSeconds });
  }

  async deletePrefix(prefix: string): Promise<number> {
    let deleted = 0;
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      for (const { Key } of page.Contents ?? []) {
        if (!Key) continue;
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
        deleted++;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return deleted;
  }
}
