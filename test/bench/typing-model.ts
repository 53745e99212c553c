/**
 * How many typing frames a person's message really costs. The live run sends one typing frame per
 * message at ten times a human's pace; the widget and the console send theirs from the real
 * typing signal (web/sdk/typing.ts) on every keystroke: the widget the visitor's draft at most
 * every WIDGET_PREVIEW_MS, the console a bare "typing" once and again every few seconds. This
 * runs that signal, on a clock of its own, over someone typing the bench's message at a human
 * speed, and counts what it sends.
 */
import { createTypingSignal, WIDGET_PREVIEW_MS } from '../../web/sdk/typing';

/** 40 words a minute (≈200 characters): a typical typist's speed, so one key every 300 ms. */
export const HUMAN_MS_PER_KEY = 300;

/** Frames the signal sends while `text` is typed one key every `msPerKey` ms and then sent. */
export function typingFrames(text: string, msPerKey: number, previewMs?: number): number {
  let now = 0;
  let frames = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const runDue = (): void => {
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) return;
      timers.delete(due[0]);
      due[1].run();
    }
  };
  const signal = createTypingSignal({
    send: () => void (frames += 1),
    now: () => now,
    setTimer: (run, ms) => {
      nextId += 1;
      timers.set(nextId, { at: now + ms, run });
      return nextId;
    },
    clearTimer: (id) => void timers.delete(id as number),
    ...(previewMs === undefined ? {} : { previewMs }),
  });
  for (let i = 1; i <= text.length; i++) {
    now = i * msPerKey;
    runDue();
    signal.input(previewMs === undefined ? undefined : text.slice(0, i));
  }
  now += msPerKey;
  runDue();
  signal.sent();
  return frames;
}

export interface HumanTyping {
  /** Frames a visitor's message costs in the widget (with the draft preview). */
  readonly visitorFrames: number;
  /** Frames an agent's message costs in the console (no preview). */
  readonly agentFrames: number;
}

export function humanTyping(text: string): HumanTyping {
  return { visitorFrames: typingFrames(text, HUMAN_MS_PER_KEY, WIDGET_PREVIEW_MS), agentFrames: typingFrames(text, HUMAN_MS_PER_KEY) };
}
