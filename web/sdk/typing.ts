/**
 * Typing signals without flooding the socket: `true` once when typing starts and again at
 * most every `repeatMs` while it goes on (so a peer who joined late still sees it), `false`
 * after `idleMs` without a keystroke or when the draft is cleared. Sending the message sends
 * no `false`: the message itself ends the indicator on the other side (docs/protocol.md), and
 * every typing frame is an API Gateway message in, a Lambda call and a push out.
 * With `previewMs` (the widget's live draft preview), each change sends the draft, at most
 * once per `previewMs`; the last draft of a burst always goes, on a trailing timer.
 */
export interface TypingSignalOptions {
  readonly send: (isTyping: boolean, preview?: string) => void;
  readonly now: () => number;
  readonly setTimer: (fn: () => void, ms: number) => unknown;
  readonly clearTimer: (handle: unknown) => void;
  /** @default 3000 */
  readonly idleMs?: number;
  /** @default 4000 */
  readonly repeatMs?: number;
  /** Send the draft with each signal, at most this often; without it no draft is sent. */
  readonly previewMs?: number;
}

export interface TypingSignal {
  /** Call on every keystroke that changes the draft (with the draft when previewing). */
  input(draft?: string): void;
  /** Call when the draft is cleared without sending: the other side hears "stopped". */
  stop(): void;
  /** Call when the draft is sent: resets, and sends nothing (the message stops the indicator). */
  sent(): void;
}

export function createTypingSignal(options: TypingSignalOptions): TypingSignal {
  const idleMs = options.idleMs ?? 3000;
  const repeatMs = options.repeatMs ?? 4000;
  const { previewMs } = options;
  let lastSentAt: number | undefined;
  let idleTimer: unknown;
  let previewTimer: unknown;
  let pending: string | undefined;

  const clear = (handle: unknown) => {
    if (handle !== undefined) options.clearTimer(handle);
  };

  const flush = () => {
    previewTimer = undefined;
    if (pending === undefined) return;
    lastSentAt = options.now();
    options.send(true, pending);
    pending = undefined;
  };

  const reset = (): boolean => {
    clear(idleTimer);
    clear(previewTimer);
    idleTimer = previewTimer = pending = undefined;
    const signalled = lastSentAt !== undefined;
    lastSentAt = undefined;
    return signalled;
  };

  const stop = () => {
    if (reset()) options.send(false);
  };

  const preview = (now: number, draft: string) => {
    pending = draft;
    if (lastSentAt === undefined || now - lastSentAt >= (previewMs ?? 0)) {
      clear(previewTimer);
      flush();
    } else if (previewTimer === undefined) {
      previewTimer = options.setTimer(flush, (previewMs ?? 0) - (now - lastSentAt));
    }
  };

  const input = (draft?: string) => {
    const now = options.now();
    if (previewMs !== undefined && draft !== undefined) preview(now, draft);
    else if (lastSentAt === undefined || now - lastSentAt >= repeatMs) {
      lastSentAt = now;
      options.send(true);
    }
    clear(idleTimer);
    idleTimer = options.setTimer(stop, idleMs);
  };

  return { input, stop, sent: () => void reset() };
}
