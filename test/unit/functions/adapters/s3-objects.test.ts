import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, NotFound, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3Objects, s3Client } from '../../../../functions/adapters/s3-objects';

const client = s3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
const s3 = mockClient(client);
const objects = new S3Objects(client, 'parley-files');

afterEach(() => s3.reset());

describe('S3Objects.presignUpload', () => {
  it('signs the exact Content-Length and Content-Type into a PUT URL that expires, with no checksum a browser cannot send', async () => {
    const { url, headers } = await objects.presignUpload('chats/c1/att_1', { contentType: 'image/png', size: 2048 }, 300);

    const parsed = new URL(url);
    expect(parsed.host).toBe('parley-files.s3.eu-west-1.amazonaws.com');
    expect(parsed.pathname).toBe('/chats/c1/att_1');
    expect(parsed.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(parsed.searchParams.get('X-Amz-Expires')).toBe('300');
    expect([...parsed.searchParams.keys()].some((k) => k.toLowerCase().includes('checksum'))).toBe(false);
    expect(headers).toEqual({ 'content-type': 'image/png' });
  });
});

describe('S3Objects.head', () => {
  it('reads the stored size and type', async () => {
    s3.on(HeadObjectCommand, { Bucket: 'parley-files', Key: 'chats/c1/att_1' }).resolves({ ContentLength: 2048, ContentType: 'image/png' });

    expect(await objects.head('chats/c1/att_1')).toEqual({ size: 2048, contentType: 'image/png' });
  });

  it('turns NotFound into "nothing stored"', async () => {
    s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }));

    expect(await objects.head('chats/c1/att_2')).toBeUndefined();
  });

  it('lets any other failure through (a 403 is a permissions fault, not a missing file)', async () => {
    s3.on(HeadObjectCommand).rejects(new S3ServiceException({ name: 'Forbidden', $fault: 'client', message: 'Forbidden', $metadata: { httpStatusCode: 403 } }));

    await expect(objects.head('chats/c1/att_3')).rejects.toThrow('Forbidden');
  });
});

describe('S3Objects.presignDownload', () => {
  it('signs a GET that serves the checked type and disposition, and sends nothing to S3', async () => {
    const url = await objects.presignDownload('chats/c1/att_1', { contentType: 'application/pdf', contentDisposition: 'attachment; filename="a.pdf"' }, 60);

    const parsed = new URL(url);
    expect(parsed.pathname).toBe('/chats/c1/att_1');
    expect(parsed.searchParams.get('response-content-type')).toBe('application/pdf');
    expect(parsed.searchParams.get('response-content-disposition')).toBe('attachment; filename="a.pdf"');
    expect(parsed.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });
});

describe('S3Objects.deletePrefix', () => {
  it('lists the prefix page by page and deletes each object it finds', async () => {
    s3.on(ListObjectsV2Command, { Bucket: 'parley-files', Prefix: 'chats/c1/' }).resolves({ Contents: [{ Key: 'chats/c1/a' }, { Key: 'chats/c1/b' }], IsTruncated: true, NextContinuationToken: 't1' });
    s3.on(ListObjectsV2Command, { Bucket: 'parley-files', Prefix: 'chats/c1/', ContinuationToken: 't1' }).resolves({ Contents: [{ Key: 'chats/c1/c' }], IsTruncated: false });
    s3.on(DeleteObjectCommand).resolves({});

    const deleted = await objects.deletePrefix('chats/c1/');

    expect(deleted).toBe(3);
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual(['a', 'b', 'c'].map((k) => ({ Bucket: 'parley-files', Key: `chats/c1/${k}` })));
  });

  it('deletes nothing when nothing is stored under the prefix', async () => {
    s3.on(ListObjectsV2Command).resolves({ KeyCount: 0, IsTruncated: false });

    expect(await objects.deletePrefix('chats/c2/')).toBe(0);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
  });

  it('lets a failed delete through (the erasure stops there and resumes on the next request)', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'chats/c3/a' }], IsTruncated: false });
    s3.on(DeleteObjectCommand).rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'Access Denied', $metadata: { httpStatusCode: 403 } }));

    await expect(objects.deletePrefix('chats/c3/')).rejects.toThrow('Access Denied');
  });
});
