import { describe, expect, it } from 'vitest';
import { createStore } from '../../../web/shared/storage';

class MapStorage implements Storage {
  private readonly map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  key(index: number) {
    return [...this.map.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
}

describe('storage with a memory fallback', () => {
  it('round-trips values through the browser storage when it works', () => {
    const backing = new MapStorage();
    const store = createStore(() => backing);

    store.set('parley.chat', { chatId: 'c1' });

    expect([store.get('parley.chat'), backing.getItem('parley.chat')]).toEqual([{ chatId: 'c1' }, '{"chatId":"c1"}']);
  });

  it.each([
    { case: 'access throws (third-party storage blocked)', pick: (): Storage => { throw new DOMException('denied', 'SecurityError'); } },
    { case: 'writes throw (quota, private mode)', pick: (): Storage => Object.assign(new MapStorage(), { setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } }) },
  ])('keeps values in memory when $case', ({ pick }) => {
    const store = createStore(pick);

    store.set('parley.visitor', { visitorId: 'v1' });
    const kept = store.get('parley.visitor');
    store.remove('parley.visitor');

    expect([kept, store.get('parley.visitor')]).toEqual([{ visitorId: 'v1' }, undefined]);
  });

  it('reads a corrupt entry as missing instead of throwing', () => {
    const backing = new MapStorage();
    backing.setItem('parley.chat', '{not json');

    expect(createStore(() => backing).get('parley.chat')).toBeUndefined();
  });
});
