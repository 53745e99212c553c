/**
 * What the widget reports for the business metrics: a page load (unique visitors) and a
 * conversion (`Parley.trackConversion(value)`), each published as an event with an id derived
 * from the caller's own ids, so a retried request is counted once.
 */
import type * as z from 'zod';
import type { Caller } from '../contracts/auth';
import type { conversionBodySchema, visitBodySchema } from '../contracts/reports';
import { ForbiddenError } from '../domain/errors';
import type { Deps } from './ports';

const DAY_MS = 86_400_000;

function requireVisitorCaller(caller: Caller): string {
  if (caller.role !== 'visitor') throw new ForbiddenError('Only a visitor session reports widget loads and conversions', 'authorization');
  return caller.userId;
}

export async function recordVisit(deps: Pick<Deps, 'publisher' | 'clock'>, caller: Caller, body: z.infer<typeof visitBodySchema>): Promise<{ counted: true }> {
  const visitorId = requireVisitorCaller(caller);
  const now = deps.clock.now();
  await deps.publisher.publish([
    { detailType: 'widget.loaded', detail: { eventId: `load:${visitorId}:${body.loadId}`, version: 1, occurredAt: new Date(now).toISOString(), visitorId, firstOfDay: body.firstOfDay } },
  ]);
  return { counted: true };
}

export interface ConversionResult {
  conversionId: string;
  /** The chat it was attributed to, when the visitor had one within the window. */
  chatId?: string;
}

/** Attributes the conversion to the visitor's last chat when that chat started within the window. */
export async function recordConversion(deps: Pick<Deps, 'publisher' | 'clock' | 'store' | 'config'>, caller: Caller, body: z.infer<typeof conversionBodySchema>): Promise<ConversionResult> {
  const visitorId = requireVisitorCaller(caller);
  const now = deps.clock.now();
  const [last] = await deps.store.listVisitorChats(visitorId, 1);
  const chat = last && now - last.createdAt <= deps.config.metrics.conversionWindowDays * DAY_MS ? last : undefined;
  const firstForChat = chat ? await deps.store.markConverted(chat.chatId, body.conversionId) : undefined;
  await deps.publisher.publish([
    {
      detailType: 'conversion.recorded',
      detail: {
        eventId: `conversion:${visitorId}:${body.conversionId}`,
        version: 1,
        occurredAt: new Date(now).toISOString(),
        conversionId: body.conversionId,
        visitorId,
        value: body.value,
        ...(body.currency ? { currency: body.currency } : {}),
        ...(chat ? { chatId: chat.chatId, proactive: chat.proactive === true, firstForChat: firstForChat === true } : {}),
        ...(chat?.agentId ? { agentId: chat.agentId } : {}),
      },
    },
  ]);
  return { conversionId: body.conversionId, ...(chat ? { chatId: chat.chatId } : {}) };
}
