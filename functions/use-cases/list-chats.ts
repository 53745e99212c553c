/**
 * An agent's open chats and pending offers (console (re)connect), or a visitor's recent chats.
 *
 * Why offers are here: an `offer` frame pushed while the agent's socket was down is lost, and
 * the offer would lapse unseen (counted as missed by that agent, never offered to them again).
 * Every console lists its chats after each (re)connect, so the offers still standing come back
 * in the ack, and are pushed again to the asking connection as `offer` frames, the way a console
 * hears of a new offer (consoles key offers by chat, so a second copy changes nothing).
 */
import type { AckPayloads, ChatOffer } from '../contracts/frames';
import { type ChatRecord, isStaff, toSummary } from '../domain/chat';
import type { Deps } from './ports';
import type { SocketContext } from './socket-context';

const VISITOR_RECENT = 20;

/** The offers still open at `now` (one past its expiry is the timer's to end, and Accept refuses it). */
function openOffers(chats: readonly ChatRecord[], now: number): ChatOffer[] {
  return chats
    .filter((c) => (c.offerExpiresAt ?? 0) > now)
    .map((c) => ({ chat: toSummary(c), expiresAt: c.offerExpiresAt as number, attempt: c.offerAttempt ?? 1 }))
    .sort((a, b) => a.expiresAt - b.expiresAt);
}

export async function listChats(deps: Pick<Deps, 'store' | 'push' | 'clock'>, ctx: SocketContext): Promise<AckPayloads['listChats']> {
  const { userId } = ctx.caller;
  if (!isStaff(ctx.caller)) return { chats: (await deps.store.listVisitorChats(userId, VISITOR_RECENT)).map(toSummary) };
  const [chats, offered] = await Promise.all([deps.store.listAgentChats(userId), deps.store.listAgentOffers(userId)]);
  const offers = openOffers(offered, deps.clock.now());
  // A socket gone meanwhile gets neither these nor the ack; its next connect lists again.
  for (const offer of offers) if ((await deps.push.send(ctx.connectionId, { type: 'offer', offer })) === 'gone') break;
  return { chats: chats.map(toSummary), offers };
}
