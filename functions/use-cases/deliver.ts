/**
 * Fan-out to people, not sockets: query each user's live connections and push the frame.
 * A connection that is gone (410) has its items deleted and delivery to the others goes on.
 * The sending connection is skipped: it gets the result in its ack.
 */
import type { ServerFrame } from '../contracts/frames';
import { forEachLimited } from './concurrency';
import type { ConnectionStore, Push } from './ports';

const MAX_IN_FLIGHT = 8;

export interface DeliverDeps {
  store: Pick<ConnectionStore, 'listConnections' | 'deleteConnection'>;
  push: Push;
}

/**
 * Pushes `frames` (in order) to every connection of `userIds` except `exceptConnectionId`;
 * returns how many connections got them. A socket found gone gets nothing more.
 */
export async function deliver(deps: DeliverDeps, userIds: readonly string[], frames: ServerFrame | readonly ServerFrame[], exceptConnectionId?: string): Promise<number> {
  const list = Array.isArray(frames) ? frames : [frames];
  const targets = await Promise.all(
    [...new Set(userIds)].map(async (userId) => (await deps.store.listConnections(userId)).map((connectionId) => ({ userId, connectionId }))),
  );
  let sent = 0;
  await forEachLimited(
    targets.flat().filter((t) => t.connectionId !== exceptConnectionId),
    MAX_IN_FLIGHT,
    async ({ userId, connectionId }) => {
      for (const frame of list) {
        if ((await deps.push.send(connectionId, frame)) === 'gone') return deps.store.deleteConnection(connectionId, userId);
      }
      sent += 1;
    },
  );
  return sent;
}
