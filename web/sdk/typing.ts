/**
 * Typing signals without flooding the socket: `true` once when typing starts and again at
 * most every `repeatMs` while it goes on (so a peer who joined late still sees it), `false`
 * after `idleMs` without a keystroke or at once when the message is sent.
 */
export interface TypingSignalOptions {
  readonly send: (isTyping: boolean) => void;
  readonly now: () => number;
  readonly setTimer: (fn: () => void, ms: number) => unknown;
  readonly clearTimer: (handle: unknown) => void;
  /** @default 3000 */
  readonly idleMs?: number;
  /** @default 4000 */
  readonly repeatMs?: number;
}

export interface TypingSignal {
  /** Call on every keystroke that changes the draft. */
  input(): void;
  /** Call when the draft is sent or cleared. */
  stop(): void;
}

export function createTypingSignal(options: TypingSignalOptions): TypingSignal {
  const idleMs = options.idleMs ?? 3000;
  const repeatMs = options.repeatMs ?? 4000;
  let lastSentAt: number | undefined;
  let idleTimer: unknown;

  const stop = () => {
    if (idleTimer !== undefined) options.clearTimer(idleTimer);
    idleTimer = undefined;
    if (lastSentAt === undefined) return;
    lastSentAt = undefined;
    options.send(false);
  };

  const input = () => {
    const now = options.now();
    if (lastSentAt === undefined || now - lastSentAt >= repeatMs) {
      lastSentAt = now;
      options.send(true);
    }
    if (idleTimer !== undefined) options.clearTimer(idleTimer);
    idleTimer = options.setTimer(stop, idleMs);
  };

  return { input, stop };
}
