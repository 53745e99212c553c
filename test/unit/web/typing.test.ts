import { describe, expect, it } from 'vitest';
import { createTypingSignal } from '../../../web/sdk/typing';

function setup() {
  const sent: boolean[] = [];
  let now = 0;
  const timers = new Map<number, () => void>();
  let nextHandle = 0;
  const signal = createTypingSignal({
    send: (isTyping) => sent.push(isTyping),
    now: () => now,
    setTimer: (fn) => {
      nextHandle += 1;
      timers.set(nextHandle, fn);
      return nextHandle;
    },
    clearTimer: (handle) => timers.delete(handle as number),
    idleMs: 3000,
    repeatMs: 4000,
  });
  const fireTimers = () => [...timers.values()].forEach((fn) => fn());
  return { signal, sent, fireTimers, advance: (ms: number) => (now += ms) };
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
});
