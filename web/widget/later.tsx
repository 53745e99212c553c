/**
 * A component fetched as a chunk the first time it is shown: what no first paint needs (the
 * post-chat feedback, the offline form) stays out of the widget's first load, which every visitor
 * pays for on every page view (the budget, docs/decisions.md). Nothing shows until it is in.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export function later<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let chunk: Promise<ComponentType<P>> | undefined;
  return function Later(props: P) {
    const [Loaded, setLoaded] = useState<ComponentType<P>>();
    useEffect(() => void (chunk ??= load()).then((component) => setLoaded(() => component)), []);
    return Loaded ? <Loaded {...props} /> : null;
  };
}
