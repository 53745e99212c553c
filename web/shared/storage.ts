/**
 * Key-value storage that survives browsers blocking Web Storage (third-party iframes in
 * Safari/Firefox strict modes, private windows): reads and writes fall back to memory, so the
 * widget still works for this page view instead of throwing.
 */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

export function createStore(pick: () => Storage): KeyValueStore {
  const memory = new Map<string, string>();
  const storage = tryStorage(pick);
  const read = (key: string) => (storage ? safe(() => storage.getItem(key)) : undefined) ?? memory.get(key);
  return {
    get<T>(key: string): T | undefined {
      const raw = read(key);
      if (raw === undefined || raw === null) return undefined;
      return safe(() => JSON.parse(raw) as T);
    },
    set(key, value) {
      const raw = JSON.stringify(value);
      memory.set(key, raw);
      if (storage) safe(() => storage.setItem(key, raw));
    },
    remove(key) {
      memory.delete(key);
      if (storage) safe(() => storage.removeItem(key));
    },
  };
}

function tryStorage(pick: () => Storage): Storage | undefined {
  try {
    const storage = pick();
    storage.setItem('parley.probe', '1');
    storage.removeItem('parley.probe');
    return storage;
  } catch {
    return undefined;
  }
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
