/**
 * Fan-out to people, not sockets: read every recipient's live connections (one read for all)
 * and push the frame.
 * A connection that is gone (410) has its items deleted (unless it is still connecting) and
 * delivery to the others goes on.
 * The sending connection is skipped: it gets the result in its ack.
 */
import type { ServerFrame } from '../contracts/frames';
import { visitorView } from '../domain/chat';
import { forEachLimited } from './concurrency';
import type { Clock, ConnectionStore, Push } from './ports';

const MAX_IN_FLIGHT = 8;

/**
 * API Gateway answers 410 to a post while the socket is still inside `$connect` (its items are
 * written, the socket not yet open). Such a young connection keeps its items: deleting them
 * would leave a live socket that no push ever reaches again. (Found by the chaos run: after a
 * reconnect storm, agents whose new sockets were "gone" for a moment never heard of new chats.)
 */
export const CONNECT_GRACE_MS = 30_000;

/** A chat's visitor gets its summary without the team's internals (visitorView); everyone else as sent. */
function forRecipient(frame: ServerFrame, userId: string): ServerFrame {
  return frame.type === 'chat' && frame.chat.visitorId === userId ? { ...frame, chat: visitorView(frame.chat) } : frame;
}

export interface DeliverDeps {
  store: Pick<ConnectionStore, 'listConnectionsOf' | 'deleteConnection'>;
  push: Push;
  clock: Clock;
}

/**
 * Pushes `frames` (in order) to every connection of `userIds` except `exceptConnectionId`;
 * returns how many connections got them. A socket found gone gets nothing more.
 */
export async function deliver(deps: DeliverDeps, userIds: readonly string[], frames: ServerFrame | readonly ServerFrame[], exceptConnectionId?: string): Promise<number> {
  const list = Array.isArray(frames) ? frames : [frames];
  // Read after the caller's write (never before): a socket missing from this list connected
  // after it, and its client's resume on (re)connect finds what was written.
  const connections = await deps.store.listConnectionsOf([...new Set(userIds)]);
  const targets = [...connections].flatMap(([userId, ids]) => ids.map((connectionId) => ({ userId, connectionId })));
  let sent = 0;
  await forEachLimited(
    targets.filter((t) => t.connectionId !== exceptConnectionId),
    MAX_IN_FLIGHT,
    async ({ userId, connectionId }) => {
      for (const frame of list) {
        if ((await deps.push.send(connectionId, forRecipient(frame, userId))) === 'gone') return deps.store.deleteConnection(connectionId, userId, deps.clock.now() - CONNECT_GRACE_MS);
      }
      sent += 1;
    },
  );
  return sent;
}
