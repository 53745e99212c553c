/**
 * The offline side of routing: whether each department can take a chat now (someone online,
 * within its business hours), and the tickets visitors leave through the offline form. A ticket
 * names the visitor by their token, never by the body; one from a missed chat must be from that
 * chat's own visitor.
 */
import { type AckPayloads, type FrameOf, MAX_TICKETS_LISTED } from '../contracts/frames';
import type { Caller } from '../contracts/auth';
import type { AvailabilityResponse, Ticket, TicketBody } from '../contracts/http';
import type { EventDetail } from '../contracts/events';
import type { OfflineReason } from '../contracts/frames';
import { isWithinHours } from '../domain/business-hours';
import { maskCardNumbers } from '../domain/privacy';
import type { ChatRecord } from '../domain/chat';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../domain/errors';
import { ticketCreated, ticketStatusChanged } from './events';
import type { Deps } from './ports';
import { requireStaff, type SocketContext } from './socket-context';

export async function availability(deps: Pick<Deps, 'store' | 'config' | 'clock'>): Promise<AvailabilityResponse> {
  const now = deps.clock.now();
  const departments = await Promise.all(
    deps.config.departments.map(async (d) => ({
      id: d.id,
      name: d.name,
      online: await deps.store.anyonePresent(d.id, now, graceMs(deps)),
      withinHours: isWithinHours(d.hours, now),
    })),
  );
  return { departments };
}

/**
 * Why a new chat in `department` cannot be served now (its hours are over, or nobody is present in
 * it: online, or reconnecting within the grace), or undefined when it can. The widget asks GET /availability first; this is the server's word.
 */
export async function offlineReason(deps: Pick<Deps, 'store' | 'config'>, department: string, now: number): Promise<OfflineReason | undefined> {
  const hours = deps.config.departments.find((d) => d.id === department)?.hours;
  if (!isWithinHours(hours, now)) return 'outside-hours';
  // An agent reconnecting within the grace counts: the chat queues for them (presence.ts).
  return (await deps.store.anyonePresent(department, now, graceMs(deps))) ? undefined : 'no-agents';
}

const graceMs = (deps: Pick<Deps, 'config'>): number => deps.config.routing.reconnectGraceSeconds * 1000;

/** A ticket from a chat says why the chat could not be served; one from the form alone is the visitor's choice. */
function ticketReason(chat: ChatRecord | undefined): EventDetail<'ticket.created'>['reason'] {
  if (chat?.status === 'missed') return 'missed';
  if (chat?.status === 'offline') return chat.offlineReason ?? 'no-agents';
  return 'visitor';
}

export async function createTicket(deps: Deps, visitorId: string, body: TicketBody): Promise<{ ticketId: string }> {
  const known = deps.config.departments.map((d) => d.id);
  if (body.department !== undefined && !known.includes(body.department)) throw new BadRequestError(`department: unknown department "${body.department}"`, 'department');
  const chat = body.chatId ? await deps.store.getChat(body.chatId) : undefined;
  if (body.chatId && chat?.visitorId !== visitorId) throw new ForbiddenError('chatId: not your chat', 'chatId');
  const now = deps.clock.now();
  const ticket: Ticket = {
    ...body,
    // Card numbers are masked before anything is stored, as in chat messages (PRODUCT.md, privacy).
    message: maskCardNumbers(body.message),
    ticketId: deps.ids.next('t'),
    visitorId,
    department: body.department ?? chat?.department ?? (known[0] as string),
    createdAt: now,
  };
  await deps.store.putTicket(ticket);
  await deps.publisher.publish([ticketCreated(ticket, ticketReason(chat))]);
  return { ticketId: ticket.ticketId };
}

/** How many of the newest tickets one listing reads before keeping the caller's departments'. */
const TICKETS_READ = 500;

/**
 * `listTickets`: the offline-form tickets newest first, for the console's Tickets view. An admin
 * (or staff serving no department in particular) sees every department's; an agent or
 * supervisor the departments they serve.
 */
export async function listTickets(deps: Pick<Deps, 'store'>, ctx: SocketContext, frame: FrameOf<'listTickets'>): Promise<AckPayloads['listTickets']> {
  requireStaff(ctx.caller, 'listTickets');
  const limit = frame.limit ?? MAX_TICKETS_LISTED;
  const everyone = servesEveryDepartment(ctx.caller);
  const newest = await deps.store.listTickets(everyone ? limit : TICKETS_READ, frame.status);
  return { tickets: newest.filter((t) => everyone || serves(ctx.caller, t.department)).slice(0, limit) };
}

/** An admin, or staff serving no department in particular, sees and handles every department's tickets. */
const servesEveryDepartment = (caller: Caller): boolean => caller.role === 'admin' || departmentsOf(caller).size === 0;
const departmentsOf = (caller: Caller): Set<string> => new Set(caller.departments.split(',').filter(Boolean));
const serves = (caller: Caller, department: string): boolean => servesEveryDepartment(caller) || departmentsOf(caller).has(department);

/**
 * `setTicketStatus`: marks a ticket resolved (answered) or open again. Staff who see the ticket
 * in their Tickets view may; one of another department's is not found for them. The change is a
 * conditional write on the ticket's statusVersion, and its event is named by that version: a
 * retry, or a colleague resolving the same ticket at the same moment, writes nothing and
 * publishes the same event again (consumers de-duplicate), so the backlog counts it once.
 */
export async function setTicketStatus(deps: Pick<Deps, 'store' | 'publisher' | 'clock'>, ctx: SocketContext, frame: FrameOf<'setTicketStatus'>): Promise<AckPayloads['setTicketStatus']> {
  requireStaff(ctx.caller, 'setTicketStatus');
  const read = await deps.store.getTicket(frame.ticketId);
  if (!read || !serves(ctx.caller, read.department)) throw new NotFoundError('No such ticket', 'ticketId');
  let ticket = read;
  if ((ticket.status ?? 'open') !== frame.status) {
    const changed = await deps.store.setTicketStatus(ticket.ticketId, { status: frame.status, fromVersion: ticket.statusVersion ?? 0, by: ctx.caller.userId, at: deps.clock.now() });
    // Lost a race: fine if the winner made the same change, a conflict if it made the other one.
    const now = changed ?? (await deps.store.getTicket(ticket.ticketId));
    if (!now) throw new NotFoundError('No such ticket', 'ticketId');
    if ((now.status ?? 'open') !== frame.status) throw new ConflictError(`The ticket was ${now.status === 'resolved' ? 'resolved' : 'reopened'} meanwhile; reload and try again`, 'ticketId');
    ticket = now;
  }
  // The latest change's event, again on a retry: the first try may have died before publishing it.
  if ((ticket.statusVersion ?? 0) > 0) await deps.publisher.publish([ticketStatusChanged(ticket)]);
  return { ticket };
}
