import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RequestError } from '../../../web/sdk/request-error';
import { DEFAULT_HEARTBEAT_MS, DEFAULT_RENEW_AFTER_MS, SocketClient, type ResumePoint } from '../../../web/sdk/socket-client';
import { controlledSleep, FakeSocket, settle } from './fake-socket';

const TIMEOUT_MS = 10_000;

function makeClient(resumePoints: ResumePoint[] = [], token: (failedAttempts: number) => string | Promise<string> = () => 'tok en', now: () => number = () => 42) {
  const clock = controlledSleep();
  let draws = 0;
  const client = new SocketClient({
    url: 'ws://127.0.0.1:4002',
    token,
    WebSocket: FakeSocket,
    sleep: clock.sleep,
    now,
    random: () => ((draws += 1) % 97) / 97,
    resumePoints: () => resumePoints,
    requestTimeoutMs: TIMEOUT_MS,
  });
  void client.connect();
  return { client, clock };
}

async function openSocket(): Promise<FakeSocket> {
  await settle();
  const socket = FakeSocket.latest();
  socket.open();
  await settle();
  return socket;
}

/** Sleeps that are not reconnect backoff: request timeouts and the heartbeat's wait. */
const OTHER_SLEEPS = new Set([TIMEOUT_MS, DEFAULT_HEARTBEAT_MS, DEFAULT_RENEW_AFTER_MS]);
const backoffDelays = (calls: Array<{ ms: number }>) => calls.map((c) => c.ms).filter((ms) => !OTHER_SLEEPS.has(ms));

describe('socket client', () => {
  beforeEach(() => {
    FakeSocket.instances = [];
  });
  afterEach(() => {
    FakeSocket.instances = [];
  });

  it('connects with the token url-encoded in the query string', async () => {
    makeClient();

    await settle();

    expect(FakeSocket.latest().url).toBe('ws://127.0.0.1:4002?token=tok%20en');
  });

  it('resolves each request with the reply carrying its requestId, in whatever order replies come', async () => {
    const { client } = makeClient();
    const socket = await openSocket();
    const list = client.request({ action: 'listChats' });
    const status = client.request({ action: 'setStatus', status: 'online' });
    await settle();

    socket.ack('setStatus', { status: 'online' });
    socket.ack('listChats', { chats: [] });

    await expect(Promise.all([list, status])).resolves.toMatchObject([{ action: 'listChats', chats: [] }, { status: 'online' }]);
  });

  it('rejects a request answered by an error frame with its code and field', async () => {
    const { client } = makeClient();
    const socket = await openSocket();
    const close = client.request({ action: 'closeChat', chatId: 'c1' });
    await settle();

    socket.push({ type: 'error', requestId: socket.lastRequest('closeChat').requestId, code: 'conflict', field: 'chatId', message: 'already closed' });

    await expect(close).rejects.toMatchObject({ code: 'conflict', field: 'chatId', retryable: false });
  });

  it('rejects a request with no reply in time as a retryable timeout', async () => {
    const { client, clock } = makeClient();
    await openSocket();
    const list = client.request({ action: 'listChats' });
    await settle();

    clock.wakeAll(TIMEOUT_MS);

    const error: unknown = await list.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('sends a typing signal without waiting for a reply (one-way), and drops it while no socket is open', async () => {
    const { client, clock } = makeClient();
    client.signal({ action: 'typing', chatId: 'c1', isTyping: true });
    const socket = await openSocket();

    client.signal({ action: 'typing', chatId: 'c1', isTyping: true, preview: 'Do you' });
    socket.push({ type: 'error', requestId: socket.lastRequest('typing').requestId as string, code: 'conflict', message: 'chat is closed' });
    await settle();

    expect(socket.sent).toEqual([expect.objectContaining({ action: 'typing', chatId: 'c1', isTyping: true, preview: 'Do you', requestId: expect.any(String) })]);
    expect(clock.calls.map((c) => c.ms)).not.toContain(TIMEOUT_MS);
  });

  it('reconnects after each failed attempt with growing backoff, and starts over once connected', async () => {
    const { clock } = makeClient();
    await openSocket();

    for (let i = 0; i < 3; i += 1) {
      FakeSocket.latest().drop();
      await settle();
      clock.calls.at(-1)?.wake();
      await settle();
    }
    FakeSocket.latest().open();
    FakeSocket.latest().drop();
    await settle();

    const delays = backoffDelays(clock.calls);
    expect(FakeSocket.instances).toHaveLength(4);
    expect(delays).toHaveLength(4);
    expect(delays[1]).toBeGreaterThan(delays[0] ?? Infinity);
    expect(delays[2]).toBeGreaterThan(delays[1] ?? Infinity);
    expect(delays[3]).toBeLessThanOrEqual(500);
  });

  it('counts a token that cannot be fetched as a failed attempt and keeps trying, telling the token source', async () => {
    const asked: number[] = [];
    const { clock } = makeClient([], async (failedAttempts) => {
      asked.push(failedAttempts);
      if (asked.length < 3) throw new Error('offline');
      return 'tok';
    });

    for (let i = 0; i < 2; i += 1) {
      await settle();
      clock.calls.at(-1)?.wake();
    }
    await settle();

    expect(asked).toEqual([0, 1, 2]);
    expect(FakeSocket.latest().url).toBe('ws://127.0.0.1:4002?token=tok');
  });

  it('resumes every open chat from its last seq on each connect, following hasMore', async () => {
    const frames: unknown[] = [];
    const { client } = makeClient([{ chatId: 'c1', afterSeq: 7 }, { chatId: 'c2', afterSeq: 0 }]);
    client.onFrame((f) => frames.push(f));
    const socket = await openSocket();

    socket.ack('resume', { chat: { chatId: 'c1' }, messages: [{ chatId: 'c1', seq: 8 }], hasMore: true });
    await settle();
    socket.ack('resume', { chat: { chatId: 'c1' }, messages: [], hasMore: false });
    await settle();
    socket.ack('resume', { chat: { chatId: 'c2' }, messages: [], hasMore: false });
    await settle();

    const resumes = socket.sent.filter((f) => f.action === 'resume').map((f) => [f.chatId, f.afterSeq]);
    expect(resumes).toEqual([['c1', 7], ['c1', 8], ['c2', 0]]);
    expect(frames).toHaveLength(3);
  });

  it('resends an unacknowledged message with the same clientMessageId after a reconnect', async () => {
    const { client, clock } = makeClient();
    const first = await openSocket();
    const sent = client.sendMessage('c1', 'hello');
    await settle();
    expect(client.pending()).toMatchObject([{ chatId: 'c1', text: 'hello', queuedAt: 42 }]);

    first.drop();
    await settle();
    clock.calls.at(-1)?.wake();
    const second = await openSocket();
    second.ack('sendMessage', { message: { chatId: 'c1', seq: 3, text: 'hello' } });

    await expect(sent).resolves.toMatchObject({ seq: 3 });
    const original = first.lastRequest('sendMessage');
    const retry = second.lastRequest('sendMessage');
    expect(retry.clientMessageId).toBe(original.clientMessageId);
    expect(retry.requestId).not.toBe(original.requestId);
    expect(client.pending()).toEqual([]);
  });

  it('resends a message whose reply timed out, on the same socket, with the same clientMessageId', async () => {
    const { client, clock } = makeClient();
    const socket = await openSocket();
    const sent = client.sendMessage('c1', 'hi');
    await settle();

    clock.wakeAll(TIMEOUT_MS);
    await settle();
    socket.ack('sendMessage', { message: { chatId: 'c1', seq: 1 } });

    await expect(sent).resolves.toMatchObject({ seq: 1 });
    const attempts = socket.sent.filter((f) => f.action === 'sendMessage');
    expect(new Set(attempts.map((f) => f.clientMessageId)).size).toBe(1);
    expect(attempts).toHaveLength(2);
  });

  it('resends a message the server failed part-way (internal), after a backoff, with the same clientMessageId', async () => {
    // Found by the chaos run: with PutEvents down, sendMessage stored the message, answered
    // `internal`, and the client dropped it from its outbox as if the server had refused it.
    const { client, clock } = makeClient();
    const socket = await openSocket();
    const sent = client.sendMessage('c1', 'hi');
    await settle();

    socket.push({ type: 'error', requestId: socket.lastRequest('sendMessage').requestId, code: 'internal', message: 'Something went wrong; please retry' });
    await settle();
    const waits = backoffDelays(clock.calls);
    for (const ms of waits) clock.wakeAll(ms);
    await settle();
    socket.ack('sendMessage', { message: { chatId: 'c1', seq: 1 } });

    await expect(sent).resolves.toMatchObject({ seq: 1 });
    const attempts = socket.sent.filter((f) => f.action === 'sendMessage');
    expect(attempts).toHaveLength(2);
    expect(new Set(attempts.map((f) => f.clientMessageId)).size).toBe(1);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(250);
  });

  it('stops retrying a message the server refuses, and takes it out of the outbox', async () => {
    const { client } = makeClient();
    const socket = await openSocket();
    const sent = client.sendMessage('c1', 'too late');
    await settle();

    socket.push({ type: 'error', requestId: socket.lastRequest('sendMessage').requestId, code: 'conflict', message: 'chat is closed' });

    await expect(sent).rejects.toMatchObject({ code: 'conflict' });
    expect(client.pending()).toEqual([]);
  });

  it('rejects what is pending and never reconnects once closed', async () => {
    const { client, clock } = makeClient();
    await openSocket();
    const outcome = client.request({ action: 'listChats' }).catch((e: unknown) => e);
    await settle();

    client.close();
    await settle();

    await expect(outcome).resolves.toMatchObject({ code: 'closed' });
    expect(backoffDelays(clock.calls)).toEqual([]);
    expect(client.connectionState).toBe('closed');
  });

  describe('heartbeat', () => {
    it('pings after the default five minutes without sending anything', async () => {
      let time = 1_000;
      const { clock } = makeClient([], undefined, () => time);
      const socket = await openSocket();

      time += DEFAULT_HEARTBEAT_MS;
      clock.wakeAll(DEFAULT_HEARTBEAT_MS);
      await settle();

      expect(socket.sent.map((f) => f.action)).toEqual(['ping']);
    });

    it('waits only for the rest of the quiet period after something else was sent', async () => {
      let time = 1_000;
      const { client, clock } = makeClient([], undefined, () => time);
      const socket = await openSocket();
      time += 60_000;
      void client.request({ action: 'listChats' }).catch(() => undefined);
      await settle();

      time += DEFAULT_HEARTBEAT_MS - 60_000;
      clock.wakeAll(DEFAULT_HEARTBEAT_MS);
      await settle();

      expect(socket.sent.map((f) => f.action)).toEqual(['listChats']);
      expect(clock.calls.at(-1)?.ms).toBe(60_000);
    });

    it('stops pinging a socket that dropped', async () => {
      let time = 1_000;
      const { clock } = makeClient([], undefined, () => time);
      const socket = await openSocket();

      socket.drop();
      await settle();
      time += DEFAULT_HEARTBEAT_MS;
      clock.wakeAll(DEFAULT_HEARTBEAT_MS);
      await settle();

      expect(socket.sent).toEqual([]);
    });
  });

  describe('connection renewal and resync', () => {
    it('replaces the socket at 1 h 55 min without a backoff wait, and resumes from the last seq', async () => {
      const points = [{ chatId: 'c1', afterSeq: 7 }];
      const { clock } = makeClient(points);
      const first = await openSocket();
      first.ack('resume', { chat: { chatId: 'c1' }, messages: [], hasMore: false });
      await settle();
      points[0] = { chatId: 'c1', afterSeq: 12 };

      clock.wakeAll(DEFAULT_RENEW_AFTER_MS);
      await settle();
      const second = await openSocket();

      expect(DEFAULT_RENEW_AFTER_MS).toBe(115 * 60 * 1000);
      expect(first.readyState).toBe(3);
      expect(FakeSocket.instances).toHaveLength(2);
      expect(backoffDelays(clock.calls)).toEqual([]);
      expect(second.lastRequest('resume')).toMatchObject({ chatId: 'c1', afterSeq: 12 });
    });

    it('does not renew a socket that was already replaced', async () => {
      const { clock } = makeClient();
      const first = await openSocket();
      first.drop();
      await settle();
      clock.calls.at(-1)?.wake();
      const second = await openSocket();

      clock.wakeAll(DEFAULT_RENEW_AFTER_MS);
      await settle();

      expect(FakeSocket.instances).toHaveLength(3);
      expect(second.readyState).toBe(3);
    });

    it('resync resumes each open chat from its last seq on the open socket', async () => {
      const points: ResumePoint[] = [];
      const { client } = makeClient(points);
      const socket = await openSocket();
      points.push({ chatId: 'c1', afterSeq: 4 }, { chatId: 'c2', afterSeq: 9 });

      const done = client.resync();
      await settle();
      socket.ack('resume', { chat: { chatId: 'c1' }, messages: [], hasMore: false });
      await settle();
      socket.ack('resume', { chat: { chatId: 'c2' }, messages: [], hasMore: false });
      await done;

      const resumes = socket.sent.filter((f) => f.action === 'resume').map((f) => [f.chatId, f.afterSeq]);
      expect(resumes).toEqual([['c1', 4], ['c2', 9]]);
    });

    it('resync while waiting to reconnect reconnects at once instead of sleeping out the backoff', async () => {
      const { client, clock } = makeClient();
      const first = await openSocket();
      first.drop();
      await settle();
      expect(backoffDelays(clock.calls)).toHaveLength(1);

      await client.resync();
      await settle();

      expect(FakeSocket.instances).toHaveLength(2);
    });
  });
});
