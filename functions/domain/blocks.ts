/**
 * Blocking an abusive visitor: one block per way they can come back. The visitor id and a
 * verified user id are stable, so those blocks stay; a network address is shared and
 * reassigned, so its block expires after a day. Pure.
 */

/** A block on one subject: `visitor:<id>`, `user:<verified user id>` or `address:<ip>`. */
export interface BlockRecord {
  subject: string;
  visitorId: string;
  agentId: string;
  chatId?: string;
  createdAt: number;
  /** epoch seconds; address blocks expire (an address is shared and reassigned), the others stay. */
  expiresAt?: number;
}

export const ADDRESS_BLOCK_SECONDS = 24 * 60 * 60;

export interface VisitorIdentity {
  visitorId: string;
  userId?: string;
  address?: string;
}

/** The subjects a request from this identity is checked against. */
export function blockSubjects(identity: VisitorIdentity): string[] {
  return [
    `visitor:${identity.visitorId}`,
    ...(identity.userId ? [`user:${identity.userId}`] : []),
    ...(identity.address ? [`address:${identity.address}`] : []),
  ];
}

/** The blocks that keep this visitor out, written when an agent blocks them. */
export function blocksFor(identity: VisitorIdentity, by: { agentId: string; chatId?: string }, now: number): BlockRecord[] {
  return blockSubjects(identity).map((subject) => ({
    subject,
    visitorId: identity.visitorId,
    agentId: by.agentId,
    ...(by.chatId ? { chatId: by.chatId } : {}),
    createdAt: now,
    ...(subject.startsWith('address:') ? { expiresAt: Math.floor(now / 1000) + ADDRESS_BLOCK_SECONDS } : {}),
  }));
}
