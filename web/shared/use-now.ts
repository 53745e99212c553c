import { useEffect, useState } from 'preact/hooks';

/** The current time, re-rendering every `everyMs`: for waiting-time badges. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
