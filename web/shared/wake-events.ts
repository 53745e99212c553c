/**
 * The browser's hints that a socket may have missed something: the network came back
 * (`online`) or the tab became visible again (`visibilitychange`, often after the laptop
 * slept, when timers were frozen and a socket may have died silently). Hidden → visible only:
 * hiding a tab loses nothing.
 */
export interface WakeSources {
  readonly window: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  readonly document: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { readonly visibilityState: string };
}

/** Calls `onWake` on each such hint; returns the unsubscribe function. */
export function onWake(sources: WakeSources, onWake: () => void): () => void {
  const online = (): void => onWake();
  const visibility = (): void => {
    if (sources.document.visibilityState === 'visible') onWake();
  };
  sources.window.addEventListener('online', online);
  sources.document.addEventListener('visibilitychange', visibility);
  return () => {
    sources.window.removeEventListener('online', online);
    sources.document.removeEventListener('visibilitychange', visibility);
  };
}
