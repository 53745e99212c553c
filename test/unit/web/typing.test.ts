import { describe, expect, it } from 'vitest';
import { createTypingSignal } from '../../../web/sdk/typing';

function setup(previewMs?: number) {
  const sent: boolean[] = [];
  const drafts: (string | undefined)[] = [];
  let now = 0;
  const timers = new Map<number, () => void>();
  let nextHandle = 0;
  const signal = createTypingSignal({
    send: (isTyping, preview) => {
      sent.push(isTyping);
      drafts.push(preview);
    },
    now: () => now,
    setTimer: (fn) => {
      nextHandle += 1;
      timers.set(nextHandle, fn);
      return nextHandle;
    },
    clearTimer: (handle) => timers.delete(handle as number),
    idleMs: 3000,
    repeatMs: 4000,
    ...(previewMs === undefined ? {} : { previewMs }),
  });
  const fireTimers = () => [...timers.values()].forEach((fn) => fn());
  return { signal, sent, drafts, fireTimers, advance: (ms: number) => (now += ms) };
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

  it('sends the draft at most once per preview interval, and the last draft of a burst on the trailing timer', () => {
    const { signal, drafts, fireTimers, advance } = setup(300);

    signal.input('D');
    advance(100);
    signal.input('Do');
    advance(100);
    signal.input('Do y');
    const duringBurst = [...drafts];
    fireTimers(); // the trailing preview timer (and the idle timer, which then stops)

    expect(duringBurst).toEqual(['D']);
    expect(drafts).toEqual(['D', 'Do y', undefined]);
  });

  it('sends the draft at once when the preview interval has passed', () => {
    const { signal, drafts, advance } = setup(300);

    signal.input('Hi');
    advance(300);
    signal.input('Hi there');

    expect(drafts).toEqual(['Hi', 'Hi there']);
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
