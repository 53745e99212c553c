import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConnectionState, OutboxEntry, SocketClient } from '../sdk/socket-client';
import type { ServerFrame } from '../sdk/types';
import { onWake } from './wake-events';

export interface ConnectionHandlers {
  readonly onFrame: (frame: ServerFrame) => void;
  readonly onState?: (state: ConnectionState) => void;
}

/**
 * Runs a socket client for as long as the component lives: subscribes, connects, and closes
 * it on unmount. Handlers are read through a ref, so they always see the latest render.
 * The browser's `online` and `visibilitychange` make the client resync (docs/protocol.md).
 */
export function useConnection(client: SocketClient, handlers: ConnectionHandlers): { connection: ConnectionState; outbox: readonly OutboxEntry[] } {
  const [connection, setConnection] = useState<ConnectionState>('idle');
  const [outbox, setOutbox] = useState<readonly OutboxEntry[]>([]);
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const unsubscribe = [
      client.onFrame((frame) => latest.current.onFrame(frame)),
      client.onState((state) => {
        setConnection(state);
        latest.current.onState?.(state);
      }),
      client.onOutbox(setOutbox),
      onWake({ window, document }, () => void client.resync()),
    ];
    void client.connect();
    return () => {
      for (const off of unsubscribe) off();
      client.close();
    };
  }, [client]);
  return { connection, outbox };
}
