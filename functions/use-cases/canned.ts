/**
 * Canned responses: staff list them (the team's and their own), manage them (shared ones:
 * supervisors and admins), and fill one into a reply. Filling happens on the server from the
 * chat the reply goes to, so the placeholders can never come from another chat's visitor.
 */
import type { AckPayloads, CannedResponse, FrameOf } from '../contracts/frames';
import { cannedOwner, fillPlaceholders, MAX_CANNED_PER_SCOPE, pickCanned, requireCannedWriter } from '../domain/canned';
import { requireParticipant } from '../domain/chat';
import { ConflictError, DuplicateShortcutError, ForbiddenError, NotFoundError } from '../domain/errors';
import type { Deps } from './ports';
import { requireStaff, type SocketContext } from './socket-context';

type CannedDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'config'>;

export async function listCanned(deps: Pick<Deps, 'store'>, ctx: SocketContext): Promise<AckPayloads['listCanned']> {
  requireStaff(ctx.caller, 'listCanned');
  const [shared, personal] = await Promise.all([
    deps.store.listCanned(cannedOwner('shared', ctx.caller), MAX_CANNED_PER_SCOPE),
    deps.store.listCanned(cannedOwner('personal', ctx.caller), MAX_CANNED_PER_SCOPE),
  ]);
  return { canned: [...personal, ...shared] };
}

async function findById(deps: Pick<Deps, 'store'>, ownerId: string, cannedId: string): Promise<CannedResponse> {
  const found = (await deps.store.listCanned(ownerId, MAX_CANNED_PER_SCOPE)).find((c) => c.cannedId === cannedId);
  if (!found) throw new NotFoundError('No such canned response', 'cannedId');
  return found;
}

export async function saveCanned(deps: CannedDeps, ctx: SocketContext, frame: FrameOf<'saveCanned'>): Promise<AckPayloads['saveCanned']> {
  requireCannedWriter(frame.scope, ctx.caller);
  const ownerId = cannedOwner(frame.scope, ctx.caller);
  const previous = frame.cannedId ? await findById(deps, ownerId, frame.cannedId) : undefined;
  if (!previous && (await deps.store.listCanned(ownerId, MAX_CANNED_PER_SCOPE)).length >= MAX_CANNED_PER_SCOPE) {
    throw new ConflictError(`At most ${MAX_CANNED_PER_SCOPE} canned responses per ${frame.scope === 'shared' ? 'team' : 'agent'}`, 'scope');
  }
  const canned: CannedResponse = {
    cannedId: previous?.cannedId ?? deps.ids.next('cr'),
    scope: frame.scope,
    ...(frame.scope === 'personal' ? { ownerId } : {}),
    shortcut: frame.shortcut,
    title: frame.title ?? `#${frame.shortcut}`,
    text: frame.text,
    updatedAt: deps.clock.now(),
  };
  try {
    await deps.store.putCanned(ownerId, canned, previous);
  } catch (error) {
    if (error instanceof DuplicateShortcutError) throw new ConflictError(`#${frame.shortcut} is already a ${frame.scope} canned response`, 'shortcut', { cause: error });
    throw error;
  }
  return { canned };
}

export async function deleteCanned(deps: Pick<Deps, 'store'>, ctx: SocketContext, frame: FrameOf<'deleteCanned'>): Promise<AckPayloads['deleteCanned']> {
  requireCannedWriter(frame.scope, ctx.caller);
  const ownerId = cannedOwner(frame.scope, ctx.caller);
  const found = (await deps.store.listCanned(ownerId, MAX_CANNED_PER_SCOPE)).find((c) => c.cannedId === frame.cannedId);
  // Deleting what is already gone is a success: a retried delete must not fail.
  if (found) await deps.store.deleteCanned(ownerId, found);
  return { cannedId: frame.cannedId };
}

export async function fillCanned(deps: CannedDeps, ctx: SocketContext, frame: FrameOf<'fillCanned'>): Promise<AckPayloads['fillCanned']> {
  const { chat, side } = requireParticipant(await deps.store.getChat(frame.chatId), ctx.caller);
  if (side !== 'agent') throw new ForbiddenError('Canned responses are for staff only', 'action');
  const [personal, shared] = await Promise.all([
    deps.store.getCannedByShortcut(cannedOwner('personal', ctx.caller), frame.shortcut),
    deps.store.getCannedByShortcut(cannedOwner('shared', ctx.caller), frame.shortcut),
  ]);
  const canned = pickCanned(personal, shared);
  if (!canned) throw new NotFoundError(`No canned response #${frame.shortcut}`, 'shortcut');
  const filled = fillPlaceholders(canned.text, {
    ...(chat.visitorName ? { 'visitor.name': chat.visitorName } : {}),
    ...(chat.visitorEmail ? { 'visitor.email': chat.visitorEmail } : {}),
    'agent.name': ctx.caller.name || chat.agentName || '',
    'chat.department': deps.config.departments.find((d) => d.id === chat.department)?.name ?? chat.department,
  });
  return { cannedId: canned.cannedId, shortcut: canned.shortcut, ...filled };
}
