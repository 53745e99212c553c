import { beforeEach, describe, expect, it } from 'vitest';
import type { Attachment } from '../../../../functions/contracts/frames';
import { sendMessageFrame } from '../../../../functions/contracts/frames';
import { getAttachment, requestUpload } from '../../../../functions/use-cases/attachments';
import { sendMessage } from '../../../../functions/use-cases/send-message';
import { agent, errorOf, onlineAgent, queuedChat, supervisor, T0, testDeps, type TestDeps, visitor } from '../fakes';
import type { Caller } from '../../../../functions/contracts/auth';

let deps: TestDeps;

const ctx = (caller: Caller = visitor()) => ({ caller, connectionId: `conn-${caller.userId}` });
const ask = (o: Partial<{ chatId: string; fileName: string; contentType: string; size: number }> = {}, caller: Caller = visitor()) =>
  requestUpload(deps, ctx(caller), { action: 'requestUpload', requestId: 'r1', chatId: 'c1', fileName: 'receipt.png', contentType: 'image/png', size: 2048, ...o });
const send = (attachments: Attachment[], caller: Caller = visitor(), text = '') =>
  sendMessage(deps, ctx(caller), { action: 'sendMessage', requestId: 'r2', chatId: 'c1', clientMessageId: `m-${attachments.map((a) => a.id).join('-')}`, text, attachments });
const download = (o: Partial<{ chatId: string; seq: number; attachmentId: string; viaChatId: string }> = {}, caller: Caller = visitor()) =>
  getAttachment(deps, ctx(caller), { action: 'getAttachment', requestId: 'r3', chatId: 'c1', seq: 1, attachmentId: 'att_1', ...o });

/** What the browser's PUT does: the file lands under the key the URL names. */
async function uploaded(o: Parameters<typeof ask>[0] = {}, caller: Caller = visitor()): Promise<Attachment> {
  const { attachment } = await ask(o, caller);
  deps.objects.upload(`chats/c1/${attachment.id}`, { size: attachment.size, contentType: attachment.contentType });
  return attachment;
}

beforeEach(() => {
  deps = testDeps();
  deps.store.chats.set('c1', queuedChat({ status: 'assigned', agentId: 'a1', agentName: 'Alice', assignedAt: T0 }));
  deps.store.messages.set('c1', []);
  deps.store.agents.set('a1', onlineAgent({ activeChats: 1 }));
  deps.store.chats.set('c2', queuedChat({ chatId: 'c2', visitorId: 'v2' }));
  deps.store.messages.set('c2', []);
});

describe('requestUpload', () => {
  it('gives a participant an upload URL for a new id under the chat, expiring as configured', async () => {
    const ack = await ask();

    expect(ack.attachment).toEqual({ id: 'att_1', name: 'receipt.png', contentType: 'image/png', size: 2048 });
    expect(ack.upload).toEqual({ url: 'https://objects.test/chats/c1/att_1?signed=put', method: 'PUT', headers: { 'content-type': 'image/png' }, expiresAt: T0 + 300_000 });
    expect(deps.objects.uploads).toEqual([{ key: 'chats/c1/att_1', file: { contentType: 'image/png', size: 2048, id: 'att_1', name: 'receipt.png' }, expiresInSeconds: 300 }]);
  });

  it.each([
    ['a file over the limit', { size: 10 * 1024 * 1024 + 1 }, 'bad_request:size', 'File too large (max 10 MB)'],
    ['a type that is not allowed', { contentType: 'image/svg+xml' }, 'bad_request:contentType', "This file type isn't allowed"],
    ['HTML dressed as a file', { contentType: 'text/html', fileName: 'x.html' }, 'bad_request:contentType', "This file type isn't allowed"],
  ])('refuses %s with a clear error and presigns nothing', async (_name, file, code, text) => {
    await expect(ask(file)).rejects.toThrow(text);
    expect(await errorOf(ask(file))).toBe(code);
    expect(deps.objects.uploads).toEqual([]);
  });

  it.each([
    ['a visitor of another chat', visitor('v2'), 'forbidden:chatId'],
    ['an agent of another chat', agent('a2', 'Bob'), 'forbidden:chatId'],
    ['a supervisor (who reads, but is not a party)', supervisor(), 'forbidden:chatId'],
  ])('refuses %s', async (_name, caller, code) => {
    expect(await errorOf(ask({}, caller))).toBe(code);
    expect(deps.objects.uploads).toEqual([]);
  });

  it('refuses a closed chat and an unknown one', async () => {
    deps.store.chats.get('c1')!.status = 'closed';

    expect(await errorOf(ask())).toBe('conflict:chatId');
    expect(await errorOf(ask({ chatId: 'nope' }))).toBe('not_found:chatId');
  });

  it('follows the configured limits', async () => {
    deps.config.attachments = { ...deps.config.attachments, maxBytes: 1000, allowedTypes: ['application/pdf'] };

    expect(await errorOf(ask({ contentType: 'image/png', size: 10 }))).toBe('bad_request:contentType');
    await expect(ask({ contentType: 'application/pdf', size: 1001 })).rejects.toThrow('File too large (max 1000 B)');
    expect((await ask({ contentType: 'application/pdf', size: 1000, fileName: 'terms.pdf' })).attachment.contentType).toBe('application/pdf');
  });
});

describe('sendMessage with attachments', () => {
  it('writes the message with its files once the store holds them as declared, and counts them in the event', async () => {
    const photo = await uploaded();
    const pdf = await uploaded({ fileName: 'terms.pdf', contentType: 'application/pdf', size: 9000 });

    const { message } = await send([photo, pdf]);

    expect(message).toMatchObject({ seq: 1, text: '', attachments: [photo, pdf] });
    expect(deps.store.messages.get('c1')).toEqual([message]);
    expect(deps.publisher.events.at(-1)?.detail).toMatchObject({ chatId: 'c1', seq: 1, attachments: 2 });
  });

  it('lets the agent attach too', async () => {
    const pdf = await uploaded({ fileName: 'terms.pdf', contentType: 'application/pdf', size: 9000 }, agent());

    const { message } = await send([pdf], agent(), 'Here are the terms');

    expect(message).toMatchObject({ senderRole: 'agent', text: 'Here are the terms', attachments: [pdf] });
  });

  it.each([
    ['a file never uploaded', (a: Attachment) => ({ ...a, id: 'att_404' }), 'not_found:attachments.0.id'],
    ['a size other than the stored one', (a: Attachment) => ({ ...a, size: a.size + 1 }), 'bad_request:attachments.0.size'],
    ['a type other than the stored one', (a: Attachment) => ({ ...a, contentType: 'image/jpeg' }), 'bad_request:attachments.0.contentType'],
    ['a type the config does not allow', (a: Attachment) => ({ ...a, contentType: 'text/html' }), 'bad_request:attachments.0.contentType'],
    ['a size over the limit', (a: Attachment) => ({ ...a, size: 20 * 1024 * 1024 }), 'bad_request:attachments.0.size'],
  ])('refuses %s and writes nothing', async (_name, change, code) => {
    const photo = await uploaded();

    expect(await errorOf(send([change(photo)]))).toBe(code);
    expect(deps.store.messages.get('c1')).toEqual([]);
    expect(deps.store.chats.get('c1')?.lastSeq).toBe(0);
    expect(deps.publisher.events).toEqual([]);
  });

  it('refuses a file uploaded to another chat (its key is under that chat)', async () => {
    deps.objects.upload('chats/c2/att_9', { size: 2048, contentType: 'image/png' });

    expect(await errorOf(send([{ id: 'att_9', name: 'x.png', contentType: 'image/png', size: 2048 }]))).toBe('not_found:attachments.0.id');
    expect(deps.objects.heads).toEqual(['chats/c1/att_9']);
  });

  it('refuses the same file twice on one message', async () => {
    const photo = await uploaded();

    expect(await errorOf(send([photo, photo]))).toBe('bad_request:attachments.1.id');
  });

  it('returns the original to a retry, without a second message', async () => {
    const photo = await uploaded();
    const first = await send([photo]);

    const again = await send([photo]);

    expect(again.message).toEqual(first.message);
    expect(deps.store.messages.get('c1')).toHaveLength(1);
  });
});

describe('the sendMessage frame', () => {
  const base = { action: 'sendMessage', requestId: 'r', chatId: 'c1', clientMessageId: 'm1' };
  const file = { id: 'att_1', name: 'a.png', contentType: 'image/png', size: 1 };

  it.each([
    ['no text and no files', { ...base, text: '' }, 'text'],
    ['six files', { ...base, text: '', attachments: Array.from({ length: 6 }, (_, i) => ({ ...file, id: `att_${i}` })) }, 'attachments'],
    ['an empty file list', { ...base, text: 'x', attachments: [] }, 'attachments'],
    ['a name with a control character', { ...base, text: '', attachments: [{ ...file, name: 'a\u0000.png' }] }, 'attachments.0.name'],
    ['an empty file', { ...base, text: '', attachments: [{ ...file, size: 0 }] }, 'attachments.0.size'],
  ])('refuses %s, naming the field', (_name, frame, field) => {
    const result = sendMessageFrame.safeParse(frame);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(field);
  });

  it('takes files without text', () => {
    expect(sendMessageFrame.safeParse({ ...base, text: '', attachments: [file] }).success).toBe(true);
  });
});

describe('getAttachment', () => {
  let pdf: Attachment;

  beforeEach(async () => {
    pdf = await uploaded({ fileName: 'Terms "2026".pdf', contentType: 'application/pdf', size: 9000 }, agent());
    await send([pdf], agent(), 'terms');
  });

  it.each([
    ['the visitor', visitor()],
    ['the agent', agent()],
    ['a supervisor', supervisor()],
  ])('gives %s a short-lived URL that downloads under the file name', async (_name, caller) => {
    const ack = await download({}, caller);

    expect(ack).toEqual({ url: 'https://objects.test/chats/c1/att_1?signed=get', expiresAt: T0 + 300_000 });
    expect(deps.objects.downloads.at(-1)).toEqual({
      key: 'chats/c1/att_1',
      contentType: 'application/pdf',
      contentDisposition: `attachment; filename="Terms _2026_.pdf"; filename*=UTF-8''Terms%20%222026%22.pdf`,
      expiresInSeconds: 300,
    });
  });

  it('shows an image inline', async () => {
    const photo = await uploaded();
    await send([photo]);

    await download({ seq: 2, attachmentId: photo.id });

    expect(deps.objects.downloads.at(-1)?.contentDisposition).toMatch(/^inline; /);
  });

  it.each([
    ['a visitor of another chat', {}, visitor('v2'), 'forbidden:chatId'],
    ['an agent of another chat', {}, agent('a2', 'Bob'), 'forbidden:chatId'],
    ['a message that does not exist', { seq: 5 }, visitor(), 'not_found:seq'],
    ['a file not on that message', { attachmentId: 'att_9' }, visitor(), 'not_found:attachmentId'],
    ['an unknown chat', { chatId: 'nope' }, visitor(), 'not_found:chatId'],
  ])('refuses %s and presigns nothing', async (_name, frame, caller, code) => {
    const before = deps.objects.downloads.length;

    expect(await errorOf(download(frame, caller))).toBe(code);
    expect(deps.objects.downloads).toHaveLength(before);
  });

  it('still serves a closed chat’s files to its parties', async () => {
    deps.store.chats.get('c1')!.status = 'closed';

    expect((await download()).url).toContain('chats/c1/att_1');
  });
});

describe('getAttachment of an earlier conversation, through the chat in front of the agent (viaChatId)', () => {
  const bob = agent('a2', 'Bob');

  beforeEach(async () => {
    const pdf = await uploaded({ fileName: 'invoice.pdf', contentType: 'application/pdf', size: 9000 }, agent());
    await send([pdf], agent(), 'your invoice');
    deps.store.chats.get('c1')!.status = 'closed';
    // Today v1 is back, talking to Bob (c3); Bob also has a chat with someone else (c4); c5 is a
    // verified contact whose anonymous id before logging in was v1.
    deps.store.chats.set('c3', queuedChat({ chatId: 'c3', status: 'assigned', agentId: 'a2', assignedAt: T0 }));
    deps.store.chats.set('c4', queuedChat({ chatId: 'c4', visitorId: 'v2', status: 'assigned', agentId: 'a2', assignedAt: T0 }));
    deps.store.chats.set('c5', queuedChat({ chatId: 'c5', visitorId: 'v_u_kaisa', status: 'assigned', agentId: 'a2', assignedAt: T0 }));
    await deps.store.linkVisitor('v_u_kaisa', 'v1');
  });

  it.each([
    ['the same visitor id', 'c3'],
    ['a contact the anonymous id was linked to at login', 'c5'],
  ])('gives the agent of a chat with %s a URL for the earlier chat’s file', async (_name, viaChatId) => {
    const ack = await download({ viaChatId }, bob);

    expect(ack.url).toBe('https://objects.test/chats/c1/att_1?signed=get');
    expect(deps.objects.downloads.at(-1)?.key).toBe('chats/c1/att_1');
  });

  it.each([
    ['the same agent without viaChatId (not a reader of the earlier chat)', {}, bob, 'forbidden:chatId'],
    ['through a chat with another contact', { viaChatId: 'c4' }, bob, 'forbidden:chatId'],
    ['through a chat the agent may not read', { viaChatId: 'c2' }, bob, 'forbidden:chatId'],
    ['through an unknown chat', { viaChatId: 'nope' }, bob, 'not_found:chatId'],
    ['a visitor, even through their own chat', { viaChatId: 'c3' }, visitor(), 'forbidden:action'],
  ])('refuses %s and presigns nothing', async (_name, frame, caller, code) => {
    const before = deps.objects.downloads.length;

    expect(await errorOf(download(frame, caller))).toBe(code);
    expect(deps.objects.downloads).toHaveLength(before);
  });
});
