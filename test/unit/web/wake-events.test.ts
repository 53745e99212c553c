import { describe, expect, it } from 'vitest';
import { onWake } from '../../../web/shared/wake-events';

function sources(visibilityState = 'visible') {
  const document = Object.assign(new EventTarget(), { visibilityState });
  return { window: new EventTarget(), document };
}

describe('wake events', () => {
  it.each([
    ['the network comes back', 'visible', 'online', 1],
    ['the tab becomes visible', 'visible', 'visibilitychange', 1],
    ['the tab is hidden', 'hidden', 'visibilitychange', 0],
  ])('when %s (tab %s, event %s), calls back %i time(s)', (_case, visibility, type, expected) => {
    const target = sources(visibility);
    let calls = 0;
    onWake(target, () => (calls += 1));

    (type === 'online' ? target.window : target.document).dispatchEvent(new Event(type));

    expect(calls).toBe(expected);
  });

  it('stops calling back once unsubscribed', () => {
    const target = sources();
    let calls = 0;
    const off = onWake(target, () => (calls += 1));

    off();
    target.window.dispatchEvent(new Event('online'));
    target.document.dispatchEvent(new Event('visibilitychange'));

    expect(calls).toBe(0);
  });
});
