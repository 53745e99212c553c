/**
 * GDPR through the real local runtime (real sockets, DynamoDB Local, the admin HTTP API): a
 * contact's chats, messages, notes, rating, ticket and profile are written the way people make
 * them, found by e-mail, exported, and erased; a scan of the whole table then proves nothing of
 * theirs is left while another visitor's conversation is untouched. With `retentionDays` set,
 * every conversation item carries its TTL. An erasure cut off half-way is finished by asking again.
 * A verified contact whose earlier anonymous chat (with uploaded files) was linked at login is
 * found, exported and erased as one person: nothing of either id is left in the table, and none
 * of their files in the object store.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoContacts } from '../../functions/adapters/dynamo-contacts';
import { documentClient } from '../../functions/adapters/dynamo-store';
import { EventPublisher } from '../../functions/adapters/event-publisher';
import { S3Objects, s3Client } from '../../functions/adapters/s3-objects';
import { signSiteUser } from '../../functions/adapters/site-identities';
import type { ContactExport, ContactLookupResponse, ErasureRecord } from '../../functions/contracts/contacts';
import type { AckPayloads, Attachment, ChatSummary } from '../../functions/contracts/frames';
import { ERASURE_BUDGET_MS, eraseContact } from '../../functions/use-cases/privacy';
import { LOCAL_CREDENTIALS } from '../../lib/local/function-env';
import { LOCAL_BUS_NAME } from '../../lib/local/event-bus';
import { LOCAL_ATTACHMENTS_BUCKET } from '../../lib/local/object-store';
import { agentToken, type Client, connectVisitor, newId, onlineAgent, useRuntime, visitorSession, type Visitor, WAIT_MS } from './harness';

const RETENTION_DAYS = 30;
const DAY_S = 86_400;
const local = useRuntime({ config: { retentionDays: RETENTION_DAYS } });

/** Everything the contact said or was said about them: none of it may survive the erasure. */
const ERIN = { name: 'Erin Erasable', email: 'erin.erasable@example.com', words: 'erin-private-question', reply: 'erin-agent-reply', note: 'erin-internal-note', ticket: 'erin-ticket-text', comment: 'erin-rating-comment' };
const BYSTANDER_WORDS = 'bystander-keeps-this';

let alice: Client;
let erin: Visitor;
let bystander: Visitor;
let erinChats: string[] = [];
let bystanderChat: string;
let admin: string;
let dynamo: DynamoDBClient;
let s3: S3Client;
/** The runtime's event bus, for erasure steps run here rather than through POST /contacts/erase. */
let bus: EventPublisher;

async function api(path: string, token: string | undefined, init: RequestInit = {}): Promise<Response> {
  return fetch(`${local.runtime.urls.http}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    signal: AbortSignal.timeout(WAIT_MS),
  });
}

const erase = (visitorId: string) => api('/contacts/erase', admin, { method: 'POST', body: JSON.stringify({ visitorId }) });

/** The live backlog: the metrics consumer's `ticketsOpen` gauge on the LIVE row. */
async function ticketsOpen(): Promise<number> {
  const live = (await scanTable()).find((i) => i.pk === 'METRIC#LIVE#now' && i.sk === 'now#*');
  return Number(live?.ticketsOpen ?? 0);
}

async function scanTable(): Promise<Record<string, unknown>[]> {
  const client = documentClient(dynamo);
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: local.runtime.tableName, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** A closed chat of `visitor` with Alice: a question, a reply, a note, then closed by Alice. */
async function closedChat(visitor: Visitor, words: string, extra: { note?: string; email?: string; reply?: string } = {}): Promise<string> {
  const { chat } = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: words, clientMessageId: newId('m'), ...(extra.email ? { email: extra.email, name: ERIN.name } : {}) });
  await alice.waitFor('chat', (f) => f.chat.chatId === chat.chatId && f.chat.status === 'assigned');
  await alice.ack({ action: 'sendMessage', chatId: chat.chatId, clientMessageId: newId('m'), text: `${extra.reply ?? 'Happy to help'} to ${words}` });
  if (extra.note) await alice.ack({ action: 'addNote', chatId: chat.chatId, clientNoteId: newId('n'), text: extra.note });
  await alice.ack({ action: 'closeChat', chatId: chat.chatId, outcome: 'resolved' });
  return chat.chatId;
}

beforeAll(async () => {
  dynamo = new DynamoDBClient({ endpoint: local.runtime.urls.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  s3 = s3Client({ endpoint: local.runtime.urls.objects, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  bus = new EventPublisher(new EventBridgeClient({ endpoint: local.runtime.urls.aws, region: 'us-east-1', credentials: LOCAL_CREDENTIALS }), LOCAL_BUS_NAME);
  alice = await onlineAgent(local.runtime, 'alice@demo.parley');
  admin = await agentToken(local.runtime, 'ada@demo.parley');
  erin = await connectVisitor(local.runtime, await visitorSession(local.runtime, { name: ERIN.name, email: ERIN.email }));
  bystander = await connectVisitor(local.runtime);
  local.keep(alice, erin.client, bystander.client);
  erinChats.push(await closedChat(erin, `${ERIN.words} one`, { note: ERIN.note, email: ERIN.email, reply: ERIN.reply }));
  await erin.client.ack({ action: 'rateChat', chatId: erinChats[0], rating: 2, comment: ERIN.comment });
  erinChats.push(await closedChat(erin, `${ERIN.words} two`, { reply: ERIN.reply }));
  bystanderChat = await closedChat(bystander, BYSTANDER_WORDS);
  const ticket = await api('/tickets', erin.session.token, { method: 'POST', body: JSON.stringify({ name: ERIN.name, email: ERIN.email, message: ERIN.ticket }) });
  expect(ticket.status).toBe(201);
  await local.runtime.idle();
});

afterAll(() => {
  dynamo?.destroy();
  s3?.destroy();
});

/** The keys the object store holds under a chat's files' prefix. */
async function storedFiles(chatId: string): Promise<string[]> {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: LOCAL_ATTACHMENTS_BUCKET, Prefix: `chats/${encodeURIComponent(chatId)}/` }));
  return (page.Contents ?? []).map((o) => String(o.Key));
}

describe('retention: conversation items expire retentionDays after their own time', () => {
  it('writes ttl = createdAt + retention on the chat, its messages, notes, rating, ticket and the visitor profile', async () => {
    // Arrange
    const items = await scanTable();
    const ofErin = items.filter((i) => String(i.pk) === `CHAT#${erinChats[0]}` || String(i.pk) === `VISITOR#${erin.session.visitorId}` || i.type === 'ticket');
    const expected = (ms: number) => Math.floor(ms / 1000) + RETENTION_DAYS * DAY_S;

    // Act
    const byType = (type: string) => ofErin.filter((i) => i.type === type);

    // Assert
    for (const type of ['chat', 'message', 'note', 'feedback', 'ticket']) {
      expect(byType(type).length, type).toBeGreaterThan(0);
      for (const item of byType(type)) expect(item.ttl, `${type} ${String(item.sk)}`).toBe(expected(Number(item.createdAt)));
    }
    for (const item of byType('visitor')) expect(item.ttl).toBe(expected(Number(item.updatedAt)));
    // Aggregates are kept: metric rollups carry no ttl.
    const rollups = items.filter((i) => String(i.pk).startsWith('METRIC#'));
    expect(rollups.length).toBeGreaterThan(0);
    expect(rollups.filter((i) => i.ttl !== undefined)).toEqual([]);
  });
});

describe('GDPR: find, export and erase one contact through the admin API', () => {
  it('finds the contact by e-mail (any case), by visitor id, and not by an unknown address', async () => {
    // Act
    const byEmail = (await (await api(`/contacts?email=${encodeURIComponent(ERIN.email.toUpperCase())}`, admin)).json()) as ContactLookupResponse;
    const byId = (await (await api(`/contacts?visitorId=${erin.session.visitorId}`, admin)).json()) as ContactLookupResponse;
    const nobody = (await (await api('/contacts?email=nobody%40example.com', admin)).json()) as ContactLookupResponse;

    // Assert
    expect(byEmail.contacts).toEqual([expect.objectContaining({ visitorId: erin.session.visitorId, name: ERIN.name, email: ERIN.email, chats: 2, openChats: 0, tickets: 1 })]);
    expect(byId.contacts).toEqual(byEmail.contacts);
    expect(nobody.contacts).toEqual([]);
  });

  it('refuses a lookup that names no one or two ways at once, naming the problem', async () => {
    const none = await api('/contacts', admin);
    const two = await api(`/contacts?visitorId=${erin.session.visitorId}&email=${encodeURIComponent(ERIN.email)}`, admin);

    expect([none.status, two.status]).toEqual([400, 400]);
    expect(await none.json()).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining('exactly one of visitorId, userId or email') } });
  });

  it('exports every chat with its messages, notes and rating, the ticket and the profile as one JSON download', async () => {
    // Act
    const res = await api(`/contacts/export?visitorId=${erin.session.visitorId}`, admin);
    const doc = (await res.json()) as ContactExport;

    // Assert
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="parley-contact-${erin.session.visitorId}.json"`);
    expect(doc).toMatchObject({ format: 'parley.contact-export', version: 1, visitorId: erin.session.visitorId, profile: { name: ERIN.name, email: ERIN.email }, emails: [ERIN.email] });
    expect(doc.chats.map((c) => c.chat.chatId)).toEqual(erinChats);
    expect(doc.chats[0]?.messages.filter((m) => m.senderRole !== 'system').map((m) => m.text)).toEqual([`${ERIN.words} one`, `${ERIN.reply} to ${ERIN.words} one`]);
    expect(doc.chats[0]?.notes.map((n) => n.text)).toEqual([ERIN.note]);
    expect(doc.chats[0]?.feedback).toEqual([expect.objectContaining({ kind: 'rating', score: 2, comment: ERIN.comment })]);
    expect(doc.tickets).toEqual([expect.objectContaining({ message: ERIN.ticket, email: ERIN.email })]);
    expect(JSON.stringify(doc)).not.toContain(BYSTANDER_WORDS);
  });

  it('refuses to erase a contact with an open chat and deletes nothing', async () => {
    // Arrange
    const { chat } = await erin.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: `${ERIN.words} three`, clientMessageId: newId('m') });
    await alice.waitFor('chat', (f) => f.chat.chatId === chat.chatId && f.chat.status === 'assigned');
    erinChats.push(chat.chatId);

    // Act
    const res = await erase(erin.session.visitorId);

    // Assert
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'conflict', field: 'visitorId', message: expect.stringContaining(chat.chatId) } });
    expect(JSON.stringify(await scanTable())).toContain(ERIN.note);
    await alice.ack({ action: 'closeChat', chatId: chat.chatId, outcome: 'resolved' });
    await local.runtime.idle();
  });

  it('finishes an erasure that was cut off half-way, then leaves nothing of the contact but the audit marker', async () => {
    // Arrange: Erin's open ticket is in the live backlog; an erasure whose time budget ran out after its first step (a request answered 202).
    await local.runtime.idle();
    expect(await ticketsOpen()).toBe(1);
    let reads = 0;
    const clock = { now: () => Date.now() + (reads++ > 0 ? ERASURE_BUDGET_MS : 0) };
    const cut = await eraseContact(
      {
        contacts: new DynamoContacts({ client: documentClient(dynamo), name: local.runtime.tableName }),
        contactIds: { visitorIdOf: async () => 'unused' },
        objects: new S3Objects(s3, LOCAL_ATTACHMENTS_BUCKET),
        clock,
        publisher: bus,
        audit: () => undefined,
      },
      { principalId: 'u-ada', userId: 'u-ada', role: 'admin', name: 'Ada', departments: '' },
      erin.session.visitorId,
    );
    expect(cut.status).toBe('running');

    // Act
    const res = await erase(erin.session.visitorId);
    const record = (await res.json()) as ErasureRecord;
    const items = await scanTable();

    // Assert
    expect(res.status).toBe(200);
    expect(record).toMatchObject({ visitorId: erin.session.visitorId, status: 'done', deleted: expect.objectContaining({ chats: 3, tickets: 1, notes: 1, feedback: 1, connections: 1 }) });
    expect(record.deleted.messages).toBeGreaterThanOrEqual(5);
    const text = JSON.stringify(items);
    for (const secret of [ERIN.name, ERIN.email, ERIN.words, ERIN.reply, ERIN.note, ERIN.ticket, ERIN.comment]) expect(text, secret).not.toContain(secret);
    const mentions = items.filter((i) => [erin.session.visitorId, ...erinChats].some((id) => JSON.stringify(i).includes(id)));
    // Left on purpose: the erasure's own audit marker, processed-event markers (ids only, TTL) and
    // routing's handle times (a chat id and a duration each, TTL).
    const kept = (i: Record<string, unknown>) => String(i.pk).startsWith('ERASURE#') || String(i.pk).startsWith('EVENT#') || i.type === 'handleTime';
    expect(mentions.filter((i) => !kept(i))).toEqual([]);
    expect(mentions.filter((i) => String(i.pk).startsWith('EVENT#')).every((i) => typeof i.ttl === 'number')).toBe(true);
    expect(text).toContain(BYSTANDER_WORDS);
    // Her open ticket left the backlog with her (ticket.deleted), and nothing else moved it.
    await local.runtime.idle();
    expect(await ticketsOpen()).toBe(0);
    expect(items.some((i) => i.pk === `CHAT#${bystanderChat}` && i.sk === 'META')).toBe(true);
  });

  it('answers a repeated erasure with the same record (idempotent) and shows it in the lookup; the export is then 404', async () => {
    // Act
    const again = await erase(erin.session.visitorId);
    const lookup = (await (await api(`/contacts?visitorId=${erin.session.visitorId}`, admin)).json()) as ContactLookupResponse;
    const exported = await api(`/contacts/export?visitorId=${erin.session.visitorId}`, admin);

    // Assert
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'done', deleted: expect.objectContaining({ chats: 3, tickets: 1 }) });
    expect(lookup.contacts).toEqual([expect.objectContaining({ visitorId: erin.session.visitorId, chats: 0, tickets: 0, erasure: expect.objectContaining({ status: 'done', requestedBy: expect.any(String) }) })]);
    expect(exported.status).toBe(404);
  });
});

/** A verified customer who first chatted anonymously (and sent a file), then logged in. */
const VERA = {
  userId: `vera-${newId('u')}`,
  name: 'Vera Verified',
  email: 'vera.verified@example.com',
  anonymousWords: 'vera-anonymous-question',
  fileName: 'vera-passport-scan.png',
  draftName: 'vera-unsent-draft.png',
  loggedInWords: 'vera-logged-in-question',
};
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('vera-file-bytes')]);

/** Asks for an upload URL in `chatId` and PUTs the bytes as a browser does; the attachment to send. */
async function uploadFile(visitor: Visitor, chatId: string, fileName: string): Promise<Attachment> {
  const { attachment, upload } = await visitor.client.ack<AckPayloads['requestUpload']>({ action: 'requestUpload', chatId, fileName, contentType: 'image/png', size: PNG.length });
  const res = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: new Uint8Array(PNG), signal: AbortSignal.timeout(WAIT_MS) });
  expect(res.status).toBe(200);
  return attachment;
}

describe('GDPR: a verified contact and the anonymous id they used before logging in', () => {
  let anonymousId: string;
  let contactId: string;
  let anonymousChat: string;
  let loggedInChat: string;
  let sent: Attachment;

  beforeAll(async () => {
    // Anonymous first: a question, a file sent in a message and one uploaded but never sent.
    const anonymousSession = await visitorSession(local.runtime);
    anonymousId = anonymousSession.visitorId;
    const anonymous = await connectVisitor(local.runtime, anonymousSession);
    local.keep(anonymous.client);
    const { chat } = await anonymous.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: VERA.anonymousWords, clientMessageId: newId('m') });
    anonymousChat = chat.chatId;
    await alice.waitFor('chat', (f) => f.chat.chatId === anonymousChat && f.chat.status === 'assigned');
    sent = await uploadFile(anonymous, anonymousChat, VERA.fileName);
    await anonymous.client.ack({ action: 'sendMessage', chatId: anonymousChat, clientMessageId: newId('m'), text: 'my passport', attachments: [sent] });
    await uploadFile(anonymous, anonymousChat, VERA.draftName);
    await alice.ack({ action: 'closeChat', chatId: anonymousChat, outcome: 'resolved' });
    // Then she logs in on the same browser: the widget sends the anonymous token as proof, and the id is linked.
    const identity = { userId: VERA.userId, name: VERA.name, email: VERA.email, signature: signSiteUser(VERA.userId, local.runtime.identitySecret) };
    const verifiedSession = await visitorSession(local.runtime, { visitorId: anonymousId, previousToken: anonymousSession.token, identity });
    contactId = verifiedSession.visitorId;
    const verified = await connectVisitor(local.runtime, verifiedSession);
    local.keep(verified.client);
    loggedInChat = await closedChat(verified, VERA.loggedInWords);
    await local.runtime.idle();
  });

  it('finds the contact by the site’s user id with the linked anonymous id and both chats counted', async () => {
    const found = (await (await api(`/contacts?userId=${encodeURIComponent(VERA.userId)}`, admin)).json()) as ContactLookupResponse;

    expect(contactId).not.toBe(anonymousId);
    expect(found.contacts).toEqual([expect.objectContaining({ visitorId: contactId, name: VERA.name, userId: VERA.userId, chats: 2, openChats: 0, linkedVisitorIds: [anonymousId] })]);
  });

  it('exports the linked anonymous chat too, with its file listed by name, type and size (not the bytes)', async () => {
    const doc = (await (await api(`/contacts/export?visitorId=${contactId}`, admin)).json()) as ContactExport;

    expect(doc.linkedVisitors.map((l) => l.visitorId)).toEqual([anonymousId]);
    expect(doc.chats.map((c) => [c.chat.chatId, c.chat.visitorId])).toEqual([
      [anonymousChat, anonymousId],
      [loggedInChat, contactId],
    ]);
    expect(doc.chats[0]?.messages.map((m) => m.text)).toContain(VERA.anonymousWords);
    expect(doc.chats[0]?.files).toEqual([{ id: sent.id, name: VERA.fileName, contentType: 'image/png', size: PNG.length, seq: expect.any(Number) }]);
    expect(doc.chats[1]?.files).toEqual([]);
    expect(JSON.stringify(doc)).not.toContain(PNG.toString('base64'));
  });

  it('erases both ids, also when cut off half-way: a whole-table scan finds nothing of either, and the object store holds none of their files', async () => {
    // Arrange: the files are there before.
    expect((await storedFiles(anonymousChat)).length).toBe(2);

    // Act: an erasure cut off after its first step (inside the linked id), then asked again until done.
    let reads = 0;
    const cut = await eraseContact(
      {
        contacts: new DynamoContacts({ client: documentClient(dynamo), name: local.runtime.tableName }),
        contactIds: { visitorIdOf: async () => 'unused' },
        objects: new S3Objects(s3, LOCAL_ATTACHMENTS_BUCKET),
        clock: { now: () => Date.now() + (reads++ > 0 ? ERASURE_BUDGET_MS : 0) },
        publisher: bus,
        audit: () => undefined,
      },
      { principalId: 'u-ada', userId: 'u-ada', role: 'admin', name: 'Ada', departments: '' },
      contactId,
    );
    expect(cut.status).toBe('running');
    let res = await erase(contactId);
    for (let i = 0; res.status === 202 && i < 10; i++) res = await erase(contactId);
    const record = (await res.json()) as ErasureRecord;
    const items = await scanTable();

    // Assert
    expect(res.status).toBe(200);
    expect(record).toMatchObject({ visitorId: contactId, status: 'done', deleted: expect.objectContaining({ chats: 2, files: 2 }) });
    const text = JSON.stringify(items);
    for (const secret of [VERA.name, VERA.email, VERA.userId, VERA.anonymousWords, VERA.loggedInWords, VERA.fileName, VERA.draftName]) expect(text, secret).not.toContain(secret);
    const kept = (i: Record<string, unknown>) => String(i.pk).startsWith('ERASURE#') || String(i.pk).startsWith('EVENT#') || i.type === 'handleTime';
    const mentions = items.filter((i) => [anonymousId, contactId, anonymousChat, loggedInChat].some((id) => JSON.stringify(i).includes(id)));
    expect(mentions.filter((i) => !kept(i))).toEqual([]);
    expect(await storedFiles(anonymousChat)).toEqual([]);
    expect(await storedFiles(loggedInChat)).toEqual([]);
    expect(text).toContain(BYSTANDER_WORDS);
  });
});
