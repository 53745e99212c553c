/**
 * Typing signals without flooding the socket: `true` once when typing starts and again at
 * most every `repeatMs` while it goes on (so a peer who joined late still sees it), `false`
 * after `idleMs` without a keystroke or when the draft is cleared. Sending the message sends
 * no `false`: the message itself ends the indicator on the other side (docs/protocol.md), and
 * every typing frame is an API Gateway message in, a Lambda call and a push out.
 * With `previewMs` (the widget's live draft preview) the draft goes word by word: the first
 * keystroke of a burst at once, then whenever a word is finished (a space or punctuation; at most
 * once per `previewMs`) or typing pauses for `previewPauseMs` mid-word. A person typing a
 * 34-character message at 40 words a minute sends 5 frames instead of 34 at one per keystroke
 * (`npm run bench` prices each: typing.frames-per-message.visitor), and the agent still reads
 * along as the words come.
 */
/**
 * How often the widget sends the visitor's live draft while they type (the agent's typing
 * preview): often enough to read along. Each one is an API Gateway message in, a Lambda call,
 * a read and a push out; `npm run bench` prices it (figure typing.frames-per-message.visitor).
 */
export const WIDGET_PREVIEW_MS = 300;

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
  /** A word in progress goes after this long without a keystroke. @default 1000 */
  readonly previewPauseMs?: number;
}

/** The end of a word: what a draft ending here has finished. */
const WORD_END = /[\s.,!?;:]$/u;

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
  const pauseMs = options.previewPauseMs ?? 1000;
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
    clear(previewTimer);
    previewTimer = undefined;
    const wait = lastSentAt === undefined ? 0 : WORD_END.test(draft) ? Math.max(0, (previewMs ?? 0) - (now - lastSentAt)) : pauseMs;
    if (wait === 0) flush();
    else previewTimer = options.setTimer(flush, wait);
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
