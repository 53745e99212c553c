/**
 * A stand-in for the browser WebSocket that records what the client sends and lets a test
 * play the server: open, reply, push, drop.
 */
import type { SocketLike } from '../../../web/sdk/types';

export class FakeSocket implements SocketLike {
  static instances: FakeSocket[] = [];
  readyState = 0;
  readonly sent: Array<Record<string, unknown>> = [];
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }

  static latest(): FakeSocket {
    const socket = FakeSocket.instances.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(): void {
    this.drop();
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  push(frame: object): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(frame) }));
  }

  /** Answers the last request of `action` with an ack carrying `payload`. */
  ack(action: string, payload: object = {}): void {
    this.push({ type: 'ack', requestId: this.lastRequest(action).requestId, action, ...payload });
  }

  drop(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.(Object.assign(new Event('close'), { code: 1006, reason: '', wasClean: false }));
  }

  lastRequest(action: string): Record<string, unknown> {
    const request = this.sent.filter((f) => f.action === action).at(-1);
    if (!request) throw new Error(`no ${action} request was sent`);
    return request;
  }
}

/** A `sleep` that records each delay and resolves only when the test says so. */
export function controlledSleep() {
  const calls: Array<{ ms: number; wake: () => void }> = [];
  const sleep = (ms: number) => new Promise<void>((wake) => calls.push({ ms, wake }));
  const wakeAll = (ms: number) => {
    for (const call of calls.filter((c) => c.ms === ms)) call.wake();
  };
  return { sleep, calls, wakeAll };
}

/** Lets pending promise callbacks run. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
