/**
 * A lean socket client for load: replies are matched by requestId in a map (the integration
 * harness's inbox scan is fine for a test, quadratic under 200 chats), pushed frames go to a
 * listener, and every wait is bounded. Sessions, sign-in and the upgrade come from
 * test/support/local-doors.ts, shared with the integration harness.
 */
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import type { ServerFrame } from '../../functions/contracts/frames';
import type { LocalRuntime } from '../../lib/local';
import { openSocket, WAIT_MS } from '../support/local-doors';

type Reply = Extract<ServerFrame, { type: 'ack' | 'error' }>;
type Pending = { resolve: (frame: Reply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export class BenchClient {
  private readonly pending = new Map<string, Pending>();
  /** Called with every pushed (non-reply) frame and the time it arrived. */
  onPush: (frame: ServerFrame, at: number) => void = () => undefined;
  readonly openedAt = performance.now();
  /** Byte size of every frame sent (API Gateway meters inbound messages by size). */
  readonly sentBytes: number[] = [];
  /** Byte size of every frame received: route replies (acks) and pushes are both billed messages. */
  readonly receivedBytes: number[] = [];
  closedAt: number | undefined;

  constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.receive(String(data)));
    ws.once('close', () => (this.closedAt = performance.now()));
  }

  /** Sends a frame and resolves with its ack; rejects on an error reply or after WAIT_MS. */
  request<T = Record<string, unknown>>(frame: Record<string, unknown>): Promise<T> {
    const requestId = `r-${randomUUID()}`;
    const text = JSON.stringify({ ...frame, requestId });
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error(`No reply to ${String(frame.action)} in ${WAIT_MS} ms`));
      }, WAIT_MS);
      this.pending.set(requestId, {
        timer,
        reject,
        resolve: (reply) => (reply.type === 'ack' ? resolve(reply as unknown as T) : reject(new Error(`${String(frame.action)}: ${JSON.stringify(reply)}`))),
      });
      this.send(text);
    });
  }

  /** Sends a frame without waiting for its reply (typing indicators). */
  fire(frame: Record<string, unknown>): void {
    this.send(JSON.stringify({ ...frame, requestId: `r-${randomUUID()}` }));
  }

  private send(text: string): void {
    this.sentBytes.push(Buffer.byteLength(text));
    this.ws.send(text);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }

  private receive(text: string): void {
    const at = performance.now();
    this.receivedBytes.push(Buffer.byteLength(text));
    const frame = JSON.parse(text) as ServerFrame;
    if ((frame.type === 'ack' || frame.type === 'error') && frame.requestId) {
      const waiter = this.pending.get(frame.requestId);
      if (waiter) {
        this.pending.delete(frame.requestId);
        clearTimeout(waiter.timer);
        waiter.resolve(frame);
      }
      return;
    }
    // An agent at the desk accepts every offered chat at once (offers: docs/decisions.md).
    if (frame.type === 'offer') this.fire({ action: 'acceptOffer', chatId: frame.offer.chat.chatId });
    this.onPush(frame, at);
  }
}

export async function openClient(runtime: LocalRuntime, token: string): Promise<BenchClient> {
  return new BenchClient(await openSocket(runtime, token));
}
