/**
 * The typed socket client both web apps use. It owns the connection's life: connect with
 * `?token=`, correlate each request with its one reply by `requestId`, reconnect with backoff
 * and jitter, resync open chats with `resume` after every (re)connect, and retry sends with the
 * same `clientMessageId` until the server acknowledges them.
 * Everything with a side effect outside the socket (`WebSocket`, `sleep`, `now`, `random`) is
 * injected, so tests drive it with a fake socket and check the delays without fake timers.
 * A `ping` goes out after `heartbeatMs` without sending anything, so API Gateway's 10-minute
 * idle timeout never drops a quiet console or widget (docs/protocol.md, "Heartbeat"). A socket
 * is renewed cleanly before API Gateway's 2-hour limit cuts it, and `resync()` (called on the
 * browser's `online` and `visibilitychange`) catches up after sleep or a network change.
 * Left out on purpose: request queuing across `close()` (a closed client rejects everything).
 */
import { backoffDelay, type BackoffOptions } from './backoff';
import { createId } from './ids';
import { RequestError } from './request-error';
import type { AckOf, ChatMessage, ClientAction, RequestOf, ServerFrame, SocketConstructor, SocketLike } from './types';

export interface ResumePoint {
  readonly chatId: string;
  readonly afterSeq: number;
}

export interface SocketClientOptions {
  readonly url: string;
  /**
   * Called before every connect, so a renewed token is used on reconnect. `failedAttempts`
   * counts connects in a row that never opened: a caller may take it as a hint that the token
   * is refused (browsers hide the 401) and fetch a new one.
   */
  readonly token: (failedAttempts: number) => string | Promise<string>;
  readonly WebSocket: SocketConstructor;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly random: () => number;
  /** The chats to resync after each (re)connect, each with the last seq held without a gap. */
  readonly resumePoints?: () => readonly ResumePoint[];
  /** @default 10000 */
  readonly requestTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
  /** Silence (nothing sent) after which a `ping` goes out. @default 300000 (5 min; AWS drops at 10) */
  readonly heartbeatMs?: number;
  /** Age at which an open socket is closed and replaced. @default 6900000 (1 h 55 min; AWS cuts at 2 h) */
  readonly renewAfterMs?: number;
}

export const DEFAULT_HEARTBEAT_MS = 300_000;
export const DEFAULT_RENEW_AFTER_MS = 6_900_000;

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface OutboxEntry {
  readonly chatId: string;
  readonly clientMessageId: string;
  readonly text: string;
  readonly queuedAt: number;
}

type Ack = Extract<ServerFrame, { type: 'ack' }>;

interface InFlight {
  resolve(frame: Ack): void;
  reject(error: RequestError): void;
}

type Listener<T> = (value: T) => void;

export class SocketClient {
  private socket: SocketLike | undefined;
  private state: ConnectionState = 'idle';
  private readonly inFlight = new Map<string, InFlight>();
  private waitingForOpen: Array<() => void> = [];
  private readonly outbox = new Map<string, OutboxEntry>();
  private readonly frameListeners = new Set<Listener<ServerFrame>>();
  private readonly stateListeners = new Set<Listener<ConnectionState>>();
  private readonly outboxListeners = new Set<Listener<readonly OutboxEntry[]>>();
  /** When this client last sent a frame (epoch ms): the heartbeat measures silence from it. */
  private lastSentAt = 0;
  /** Set while a socket is closed on purpose to renew it: the next connect needs no backoff. */
  private renewing = false;
  /** Cuts the current reconnect backoff short (set while the loop is waiting). */
  private wakeReconnect: (() => void) | undefined;

  constructor(private readonly options: SocketClientOptions) {}

  get connectionState(): ConnectionState {
    return this.state;
  }

  /** Starts the connect/reconnect loop; resolves once the client is closed. */
  connect(): Promise<void> {
    if (this.state !== 'idle') return Promise.resolve();
    return this.run();
  }

  /** Closes for good: pending requests reject with `closed`, no reconnect follows. */
  close(): void {
    this.setState('closed');
    this.failInFlight('closed');
    this.socket?.close(1000, 'client closed');
    for (const wake of this.waitingForOpen.splice(0)) wake();
  }

  /** Every server frame, pushed or reply, in arrival order. Returns an unsubscribe function. */
  onFrame(listener: Listener<ServerFrame>): () => void {
    return subscribe(this.frameListeners, listener);
  }

  onState(listener: Listener<ConnectionState>): () => void {
    return subscribe(this.stateListeners, listener);
  }

  /** Messages sent but not yet acknowledged, oldest first. */
  onOutbox(listener: Listener<readonly OutboxEntry[]>): () => void {
    return subscribe(this.outboxListeners, listener);
  }

  /**
   * Catches up after the page slept or the network changed: with a socket open, resumes every
   * open chat from its last seq; while waiting to reconnect, reconnects now instead.
   */
  resync(): Promise<void> {
    if (this.state === 'reconnecting') this.wakeReconnect?.();
    return this.state === 'open' ? this.resumeAll() : Promise.resolve();
  }

  pending(): readonly OutboxEntry[] {
    return [...this.outbox.values()];
  }

  /** Sends one request and resolves with its ack; an `error` reply rejects with its code. */
  async request<A extends ClientAction>(frame: { action: A } & RequestOf<A>): Promise<AckOf<A>> {
    await this.untilOpen();
    const socket = this.socket;
    if (this.isClosed()) throw new RequestError('closed', 'the client is closed');
    if (!socket) throw new RequestError('disconnected', 'the connection dropped before sending');
    const requestId = createId('r', this.options.random);
    const reply = new Promise<Ack>((resolve, reject) => this.inFlight.set(requestId, { resolve, reject }));
    socket.send(JSON.stringify({ ...frame, requestId }));
    this.lastSentAt = this.options.now();
    void this.expireLater(requestId);
    // The server answers a request of action A with A's ack payload (docs/protocol.md); the
    // clients trust the wire here rather than ship a schema library to check it.
    return (await reply) as unknown as AckOf<A>;
  }

  /**
   * Sends a fire-and-forget frame (`typing`: a one-way route, docs/protocol.md): no reply is
   * awaited on success; an error frame the server pushes back is ignored. Dropped when no
   * socket is open: a stale typing signal is worth nothing after a reconnect.
   */
  signal(frame: { action: 'typing' } & RequestOf<'typing'>): void {
    if (this.state !== 'open' || !this.socket) return;
    this.socket.send(JSON.stringify({ ...frame, requestId: createId('r', this.options.random) }));
    this.lastSentAt = this.options.now();
  }

  /**
   * Sends a request that carries its own idempotency key (`clientMessageId`) until the server
   * answers it: timeouts and lost connections resend it, and so does an `internal` error (the
   * server failed part-way, e.g. its database or event bus was briefly unavailable), after a
   * backoff so a struggling server is not hammered; any other `error` reply is final.
   */
  async requestUntilAnswered<A extends ClientAction>(frame: { action: A } & RequestOf<A>): Promise<AckOf<A>> {
    for (let failures = 0; ; ) {
      try {
        return await this.request<A>(frame);
      } catch (error) {
        if (!(error instanceof RequestError) || !error.retryable) throw error;
        if (error.code === 'internal') await this.options.sleep(backoffDelay(failures++, this.options.random, this.options.backoff));
      }
    }
  }

  /** Queues a chat message in the outbox and sends it until acknowledged. */
  async sendMessage(chatId: string, text: string): Promise<ChatMessage> {
    const entry: OutboxEntry = { chatId, text, clientMessageId: createId('m', this.options.random), queuedAt: this.options.now() };
    this.outbox.set(entry.clientMessageId, entry);
    this.emitOutbox();
    try {
      const ack = await this.requestUntilAnswered({ action: 'sendMessage', chatId, text, clientMessageId: entry.clientMessageId });
      return ack.message;
    } finally {
      this.outbox.delete(entry.clientMessageId);
      this.emitOutbox();
    }
  }

  private async run(): Promise<void> {
    let attempt = 0;
    this.setState('connecting');
    while (!this.isClosed()) {
      // A token that cannot be had (network down) is one more failed attempt, not the end.
      const opened = await this.connectOnce(attempt).catch(() => false);
      if (this.isClosed()) return;
      if (opened) attempt = 0;
      this.setState('reconnecting');
      if (this.renewing) {
        this.renewing = false;
        continue;
      }
      await this.backoff(attempt++);
    }
  }

  private async backoff(attempt: number): Promise<void> {
    const woken = new Promise<void>((wake) => (this.wakeReconnect = wake));
    await Promise.race([this.options.sleep(backoffDelay(attempt, this.options.random, this.options.backoff)), woken]);
    this.wakeReconnect = undefined;
  }

  /** One socket's life; resolves when it closes, with whether it ever opened. */
  private async connectOnce(failedAttempts: number): Promise<boolean> {
    const token = await this.options.token(failedAttempts);
    if (this.isClosed()) return false;
    const separator = this.options.url.includes('?') ? '&' : '?';
    const socket = new this.options.WebSocket(`${this.options.url}${separator}token=${encodeURIComponent(token)}`);
    this.socket = socket;
    let opened = false;
    return new Promise<boolean>((resolve) => {
      socket.onopen = () => {
        opened = true;
        this.setState('open');
        for (const wake of this.waitingForOpen.splice(0)) wake();
        this.lastSentAt = this.options.now();
        void this.keepAlive(socket);
        void this.renewLater(socket);
        void this.resumeAll();
      };
      socket.onmessage = (event) => this.receive(event.data);
      socket.onclose = () => {
        if (this.socket === socket) this.socket = undefined;
        // Before anyone retries: a request made from here on must wait for the next socket.
        this.setState('reconnecting');
        this.failInFlight('disconnected');
        resolve(opened);
      };
      socket.onerror = () => undefined; // a close event always follows; that is where we react
    });
  }

  /** Pings whenever `heartbeatMs` pass without a frame sent, for as long as `socket` is the open one. */
  private async keepAlive(socket: SocketLike): Promise<void> {
    const every = this.options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    for (;;) {
      await this.options.sleep(Math.max(0, this.lastSentAt + every - this.options.now()));
      if (this.socket !== socket || this.state !== 'open') return;
      if (this.options.now() - this.lastSentAt < every) continue; // something was sent meanwhile
      this.lastSentAt = this.options.now();
      // A lost ping needs no handling: a dead socket closes, and the reconnect loop takes over.
      void this.request({ action: 'ping' }).catch(() => undefined);
    }
  }

  /** Closes `socket` cleanly before the 2-hour limit; the loop reconnects at once and resumes. */
  private async renewLater(socket: SocketLike): Promise<void> {
    await this.options.sleep(this.options.renewAfterMs ?? DEFAULT_RENEW_AFTER_MS);
    if (this.socket !== socket || this.state !== 'open') return;
    this.renewing = true;
    socket.close(1000, 'renewing before the connection time limit');
  }

  private async resumeAll(): Promise<void> {
    for (const point of this.options.resumePoints?.() ?? []) {
      let afterSeq = point.afterSeq;
      try {
        for (;;) {
          const ack = await this.request({ action: 'resume', chatId: point.chatId, afterSeq });
          const last = ack.messages.at(-1);
          if (!ack.hasMore || !last) break;
          afterSeq = last.seq;
        }
      } catch {
        // A chat we may no longer see (or a dropped socket, which resyncs again) is not fatal.
      }
    }
  }

  private receive(data: unknown): void {
    if (this.state === 'closed' || typeof data !== 'string') return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    for (const listener of this.frameListeners) listener(frame);
    if (frame.type === 'ack' || frame.type === 'error') this.settle(frame);
  }

  private settle(frame: Extract<ServerFrame, { type: 'ack' | 'error' }>): void {
    if (frame.requestId === null) return;
    const waiting = this.inFlight.get(frame.requestId);
    if (!waiting) return;
    this.inFlight.delete(frame.requestId);
    if (frame.type === 'ack') waiting.resolve(frame);
    else waiting.reject(new RequestError(frame.code, frame.message, frame.field));
  }

  private async expireLater(requestId: string): Promise<void> {
    await this.options.sleep(this.options.requestTimeoutMs ?? 10_000);
    const waiting = this.inFlight.get(requestId);
    if (!waiting) return;
    this.inFlight.delete(requestId);
    waiting.reject(new RequestError('timeout', 'no reply from the server in time'));
  }

  private untilOpen(): Promise<void> {
    if (this.state === 'open' || this.state === 'closed') return Promise.resolve();
    return new Promise((resolve) => this.waitingForOpen.push(resolve));
  }

  private failInFlight(code: 'disconnected' | 'closed'): void {
    const waiting = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const request of waiting) request.reject(new RequestError(code, `connection ${code} before the reply`));
  }

  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private setState(next: ConnectionState): void {
    if (this.state === next || this.state === 'closed') return;
    this.state = next;
    for (const listener of this.stateListeners) listener(next);
  }

  private emitOutbox(): void {
    const entries = this.pending();
    for (const listener of this.outboxListeners) listener(entries);
  }
}

function subscribe<T>(set: Set<Listener<T>>, listener: Listener<T>): () => void {
  set.add(listener);
  return () => set.delete(listener);
}
