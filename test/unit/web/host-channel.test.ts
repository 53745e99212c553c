import { describe, expect, it } from 'vitest';
import { createHostChannel, type FrameWindow, type ReceivedMessage } from '../../../web/widget/host-channel';

const HOST = 'https://shop.example';

function fakeFrame(hash = `#host=${encodeURIComponent(HOST)}`) {
  const posted: Array<{ message: unknown; origin: string }> = [];
  const parent = { postMessage: (message: unknown, origin: string) => posted.push({ message, origin }) };
  let listener: ((event: ReceivedMessage) => void) | undefined;
  const win: FrameWindow = {
    location: { hash },
    parent,
    document: { referrer: 'https://shop.example/boots' },
    navigator: { language: 'fi-FI' },
    addEventListener: (_type, fn) => (listener = fn),
  };
  const deliver = (data: unknown, origin: string, source: unknown = parent) =>
    listener?.({ data, origin, source });
  return { win, posted, deliver, parent };
}

describe('widget host channel', () => {
  it('posts only to the host origin named in the frame url', () => {
    const { win, posted } = fakeFrame();
    const channel = createHostChannel(win);

    channel.ready({ name: 'Parley', color: '#123456' }, true);
    channel.unread(2);

    expect(posted).toEqual([
      { origin: HOST, message: { type: 'parley:ready', color: '#123456', name: 'Parley', open: true } },
      { origin: HOST, message: { type: 'parley:unread', count: 2 } },
    ]);
  });

  it.each([
    { case: 'another origin', origin: 'https://evil.example', fromParent: true },
    { case: 'another window on the host origin', origin: HOST, fromParent: false },
  ])('ignores a page context sent from $case', ({ origin, fromParent }) => {
    const { win, deliver } = fakeFrame();
    const channel = createHostChannel(win);

    deliver({ type: 'parley:page', page: { url: 'https://evil.example/phish' } }, origin, fromParent ? undefined : {});

    expect(channel.page().url).toBe('https://shop.example/boots');
  });

  it('takes the page context and shown state from the host page', () => {
    const { win, deliver } = fakeFrame();
    const channel = createHostChannel(win);
    const shown: boolean[] = [];
    channel.onShown((open) => shown.push(open));

    deliver({ type: 'parley:page', page: { url: 'https://shop.example/packs', title: 'Packs' } }, HOST);
    deliver({ type: 'parley:shown', open: true }, HOST);

    expect(channel.page()).toMatchObject({ url: 'https://shop.example/packs', title: 'Packs', locale: 'fi-FI' });
    expect(shown).toEqual([true]);
  });

  it('posts nothing when opened without a host origin', () => {
    const { win, posted } = fakeFrame('');
    const channel = createHostChannel(win);

    channel.minimize();

    expect([channel.embedded, posted]).toEqual([false, []]);
  });
});
