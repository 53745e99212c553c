import { describe, expect, it } from 'vitest';
import { createTypingSignal } from '../../../web/sdk/typing';

function setup(previewMs?: number) {
  const sent: boolean[] = [];
  const drafts: (string | undefined)[] = [];
  let now = 0;
  const timers = new Map<number, () => void>();
  const delays = new Map<number, number>();
  let nextHandle = 0;
  const signal = createTypingSignal({
    send: (isTyping, preview) => {
      sent.push(isTyping);
      drafts.push(preview);
    },
    now: () => now,
    setTimer: (fn, ms) => {
      nextHandle += 1;
      timers.set(nextHandle, fn);
      delays.set(nextHandle, ms);
      return nextHandle;
    },
    clearTimer: (handle) => {
      timers.delete(handle as number);
      delays.delete(handle as number);
    },
    idleMs: 3000,
    repeatMs: 4000,
    ...(previewMs === undefined ? {} : { previewMs }),
  });
  const fireTimers = () => [...timers.values()].forEach((fn) => fn());
  return { signal, sent, drafts, fireTimers, pendingDelays: () => [...delays.values()], advance: (ms: number) => (now += ms) };
}

describe('typing signal', () => {
  it('sends true once for a burst of keystrokes, and again only after the repeat interval', () => {
    const { signal, sent, advance } = setup();

    signal.input();
    advance(1000);
    signal.input();
    advance(3500);
    signal.input();

    expect(sent).toEqual([true, true]);
  });

  it('sends false after the idle timer fires, once', () => {
    const { signal, sent, fireTimers } = setup();
    signal.input();

    fireTimers();
    fireTimers();

    expect(sent).toEqual([true, false]);
  });

  it('sends false at once on stop, and nothing when it never started', () => {
    const { signal, sent } = setup();
    signal.stop();
    signal.input();

    signal.stop();

    expect(sent).toEqual([true, false]);
  });

  it('sends nothing when the message is sent (it ends the indicator itself), and starts afresh on the next keystroke', () => {
    const { signal, sent, fireTimers } = setup(300);
    signal.input('Do you ship');

    signal.sent();
    fireTimers();
    signal.input('Thanks');

    expect(sent).toEqual([true, true]);
  });

  it('sends the first keystroke at once, then the draft word by word, and a word in progress after a pause', () => {
    const { signal, drafts, fireTimers, advance, pendingDelays } = setup(300);

    signal.input('D');
    advance(300);
    signal.input('Do');
    advance(300);
    signal.input('Do ');
    advance(300);
    signal.input('Do y');
    const beforePause = [...drafts];
    const waits = pendingDelays();
    fireTimers(); // the pause timer (and the idle timer, which then stops)

    expect(beforePause).toEqual(['D', 'Do ']);
    expect(waits).toContain(1000); // the word in progress waits for a 1 s pause, not for the next keystroke
    expect(drafts).toEqual(['D', 'Do ', 'Do y', undefined]);
  });

  it('holds a finished word until the preview interval has passed since the last draft', () => {
    const { signal, drafts, fireTimers, advance, pendingDelays } = setup(300);

    signal.input('H');
    advance(100);
    signal.input('Hi,');
    const held = [...drafts];
    const waits = pendingDelays();
    fireTimers();

    expect(held).toEqual(['H']);
    expect(waits).toContain(200);
    expect(drafts).toEqual(['H', 'Hi,', undefined]);
  });

  it('sends a typed message in a handful of frames, not one per keystroke', () => {
    const { signal, drafts, advance } = setup(300);
    const text = 'Message 00000000 about order #1234';

    for (let i = 1; i <= text.length; i++) {
      advance(300);
      signal.input(text.slice(0, i));
    }
    signal.sent();

    expect(drafts).toEqual(['M', 'Message ', 'Message 00000000 ', 'Message 00000000 about ', 'Message 00000000 about order ']);
  });

  it('sends no draft without a preview interval, and drops a pending draft on stop', () => {
    const plain = setup();
    plain.signal.input('secret');
    const previewing = setup(300);
    previewing.signal.input('a');
    previewing.advance(10);
    previewing.signal.input('ab');

    previewing.signal.stop();
    previewing.fireTimers();

    expect(plain.drafts).toEqual([undefined]);
    expect(previewing.drafts).toEqual(['a', undefined]);
  });
});
