import type { Caller } from '../contracts/auth';
import { ForbiddenError } from '../domain/errors';
import { isStaff } from '../domain/chat';

/** Who sent a socket request, and on which connection. */
export interface SocketContext {
  caller: Caller;
  connectionId: string;
}

export function requireVisitor(caller: Caller, action: string): void {
  if (caller.role !== 'visitor') throw new ForbiddenError(`${action} is for visitors only`, 'action');
}

export function requireStaff(caller: Caller, action: string): asserts caller is Caller & { role: Exclude<Caller['role'], 'visitor'> } {
  if (!isStaff(caller)) throw new ForbiddenError(`${action} is for agents only`, 'action');
}
