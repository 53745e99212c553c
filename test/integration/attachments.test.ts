/**
 * Attachments through the real local runtime: real sockets, the functions' real S3 client, the
 * local S3-compatible store verifying every signature, and plain HTTP PUT/GET as a browser does.
 * The visitor uploads and sends, the agent downloads; limits are the server's and the store's,
 * not the client's; another visitor gets nothing; a refused send writes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AckPayloads, Attachment, ChatMessage, ChatSummary } from '../../functions/contracts/frames';
import { type Client, connectVisitor, newId, onlineAgent, resume, useRuntime, type Visitor } from './harness';

const local = useRuntime();
let alice: Client;
let mia: Visitor;
let eve: Visitor;
let chatId: string;
let evesChat: string;

/** A tiny but real PNG (1×1). */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f6e0a00000000049454e44ae426082', 'hex');

type Upload = AckPayloads['requestUpload'];

const requestUpload = (client: Client, file: { fileName: string; contentType: string; size: number }, chat = chatId) =>
  client.request({ action: 'requestUpload', chatId: chat, ...file });

/** Asks for a URL and PUTs `body` to it as a browser would: the signed headers, nothing else. */
async function upload(client: Client, fileName: string, contentType: string, body: Buffer, chat = chatId): Promise<{ ack: Upload; status: number }> {
  const ack = await client.ack<Upload>({ action: 'requestUpload', chatId: chat, fileName, contentType, size: body.length });
  const res = await fetch(ack.upload.url, { method: ack.upload.method, headers: ack.upload.headers, body: new Uint8Array(body), signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer();
  return { ack, status: res.status };
}

const send = (client: Client, attachments: Attachment[], text = '', chat = chatId) =>
  client.request({ action: 'sendMessage', chatId: chat, clientMessageId: newId('m'), text, attachments });

beforeAll(async () => {
  alice = await onlineAgent(local.runtime, 'alice@demo.parley');
  [mia, eve] = await Promise.all([connectVisitor(local.runtime), connectVisitor(local.runtime)]);
  local.keep(alice, mia.client, eve.client);
  const [own, others] = await Promise.all([mia, eve].map((v) => v.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Hi', clientMessageId: newId('m') })));
  [chatId, evesChat] = [own!.chat.chatId, others!.chat.chatId];
  await alice.waitFor('chat', (f) => f.chat.chatId === chatId && f.chat.status === 'assigned');
});

describe('attachments end to end', () => {
  it('the visitor uploads a photo through the presigned URL and sends it; the agent gets it and downloads the same bytes', async () => {
    const { ack, status } = await upload(mia.client, 'receipt <b>1</b>.png', 'image/png', PNG);

    const sent = await send(mia.client, [ack.attachment], 'my receipt');
    const delivered = await alice.waitFor('message', (f) => f.chatId === chatId && f.message.clientMessageId === (sent as { message?: ChatMessage }).message?.clientMessageId);
    const link = await alice.ack<AckPayloads['getAttachment']>({ action: 'getAttachment', chatId, seq: delivered.message.seq, attachmentId: ack.attachment.id });
    const file = await fetch(link.url, { signal: AbortSignal.timeout(5000) });

    expect(status).toBe(200);
    expect(sent.type).toBe('ack');
    expect(delivered.message.attachments).toEqual([{ id: ack.attachment.id, name: 'receipt <b>1</b>.png', contentType: 'image/png', size: PNG.length }]);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PNG);
  });

  it('the agent sends a PDF; the visitor downloads it under its name', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const { ack } = await upload(alice, 'Terms & prices.pdf', 'application/pdf', pdf);

    await alice.ack({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: 'Here you go', attachments: [ack.attachment] });
    const got = await mia.client.waitFor('message', (f) => f.message.attachments?.[0]?.id === ack.attachment.id);
    const link = await mia.client.ack<AckPayloads['getAttachment']>({ action: 'getAttachment', chatId, seq: got.message.seq, attachmentId: ack.attachment.id });
    const file = await fetch(link.url, { signal: AbortSignal.timeout(5000) });

    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="Terms & prices.pdf"; filename*=UTF-8''Terms%20%26%20prices.pdf`);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(pdf);
  });

  it('refuses an oversized file and a disallowed type before any URL exists', async () => {
    const big = await requestUpload(mia.client, { fileName: 'huge.png', contentType: 'image/png', size: 10 * 1024 * 1024 + 1 });
    const svg = await requestUpload(mia.client, { fileName: 'logo.svg', contentType: 'image/svg+xml', size: 100 });

    expect(big).toMatchObject({ type: 'error', code: 'bad_request', field: 'size', message: 'File too large (max 10 MB)' });
    expect(svg).toMatchObject({ type: 'error', code: 'bad_request', field: 'contentType', message: expect.stringContaining("This file type isn't allowed") });
  });

  it('the store refuses a body that is not the size or type the URL was signed for', async () => {
    const ack = await mia.client.ack<Upload>({ action: 'requestUpload', chatId, fileName: 'a.png', contentType: 'image/png', size: 10 });

    const bigger = await fetch(ack.upload.url, { method: 'PUT', headers: ack.upload.headers, body: new Uint8Array(11) });
    const html = await fetch(ack.upload.url, { method: 'PUT', headers: { 'content-type': 'text/html' }, body: new Uint8Array(10) });

    expect(bigger.status).toBe(403);
    expect(html.status).toBe(403);
    expect(await send(mia.client, [ack.attachment])).toMatchObject({ type: 'error', code: 'not_found', field: 'attachments.0.id' });
  });

  it('refuses, writing nothing, a send whose size or type is not what was stored, or whose file is unknown', async () => {
    const { ack } = await upload(mia.client, 'b.png', 'image/png', PNG);
    const before = (await resume(mia.client, chatId)).chat.lastSeq;

    const size = await send(mia.client, [{ ...ack.attachment, size: PNG.length + 5 }]);
    const type = await send(mia.client, [{ ...ack.attachment, contentType: 'image/gif' }]);
    const unknown = await send(mia.client, [{ ...ack.attachment, id: 'att_made_up' }]);

    expect(size).toMatchObject({ type: 'error', code: 'bad_request', field: 'attachments.0.size' });
    expect(type).toMatchObject({ type: 'error', code: 'bad_request', field: 'attachments.0.contentType' });
    expect(unknown).toMatchObject({ type: 'error', code: 'not_found', field: 'attachments.0.id' });
    expect((await resume(mia.client, chatId)).chat.lastSeq).toBe(before);
  });

  it('another visitor can neither upload to, attach from, nor download from this chat', async () => {
    const { ack } = await upload(mia.client, 'private.png', 'image/png', PNG);
    const sent = await mia.client.ack<{ message: ChatMessage }>({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: '', attachments: [ack.attachment] });

    const asks = await requestUpload(eve.client, { fileName: 'x.png', contentType: 'image/png', size: 10 });
    const reads = await eve.client.request({ action: 'getAttachment', chatId, seq: sent.message.seq, attachmentId: ack.attachment.id });
    const steals = await send(eve.client, [ack.attachment], '', evesChat);

    expect(asks).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(reads).toMatchObject({ type: 'error', code: 'forbidden' });
    // Her own chat has no file under that id: the store key is the chat's.
    expect(steals).toMatchObject({ type: 'error', code: 'not_found', field: 'attachments.0.id' });
  });

  it('a download URL only works as signed', async () => {
    const { ack } = await upload(mia.client, 'c.png', 'image/png', PNG);
    const sent = await mia.client.ack<{ message: ChatMessage }>({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: '', attachments: [ack.attachment] });
    const { url } = await mia.client.ack<AckPayloads['getAttachment']>({ action: 'getAttachment', chatId, seq: sent.message.seq, attachmentId: ack.attachment.id });

    const tampered = await fetch(url.replace(ack.attachment.id, 'att_other'));
    const unsigned = await fetch(url.split('?')[0] as string);

    expect(tampered.status).toBe(403);
    expect(unsigned.status).toBe(403);
  });
});
