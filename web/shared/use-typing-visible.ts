import { useEffect, useState } from 'preact/hooks';
import type { ChatThread } from '../sdk/chat-state';

/** Typing frames repeat every few seconds while typing goes on; silence this long means it stopped. */
const STALE_AFTER_MS = 10_000;

/** Whether to show "… is typing": the thread says so and a typing frame arrived recently. */
export function useTypingVisible(thread: ChatThread | undefined): boolean {
  const [stale, setStale] = useState(false);
  const typing = thread?.otherTyping ?? false;
  const pulse = thread?.typingPulse ?? 0;
  useEffect(() => {
    setStale(false);
    if (!typing) return undefined;
    const timer = setTimeout(() => setStale(true), STALE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [typing, pulse]);
  return typing && !stale;
}
