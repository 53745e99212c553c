/**
 * Feedback and suggestions from staff to the admins (PRODUCT.md, Team): any agent, supervisor or
 * admin sends one (an idea, a problem, praise); admins read them newest first. Each is published
 * as `team.feedback.sent` without its text (like messages, text stays out of the events: read it
 * through `listTeamFeedback`), so a deployment can route new feedback to e-mail or chat.
 */
import type { AckPayloads, FrameOf, TeamFeedback } from '../contracts/frames';
import { MAX_TEAM_FEEDBACK_LISTED } from '../contracts/frames';
import { ForbiddenError } from '../domain/errors';
import { maskCardNumbers } from '../domain/privacy';
import type { Deps } from './ports';
import { requireStaff, type SocketContext } from './socket-context';

export async function sendTeamFeedback(deps: Pick<Deps, 'store' | 'publisher' | 'clock' | 'ids'>, ctx: SocketContext, frame: FrameOf<'sendTeamFeedback'>): Promise<AckPayloads['sendTeamFeedback']> {
  const caller = ctx.caller;
  requireStaff(caller, 'sendTeamFeedback');
  const draft: TeamFeedback = {
    feedbackId: deps.ids.next('fb'),
    kind: frame.kind,
    // Staff paste from chats: a card number never gets stored here either.
    text: maskCardNumbers(frame.text),
    authorId: caller.userId,
    authorName: caller.name || caller.userId,
    authorRole: caller.role,
    createdAt: deps.clock.now(),
  };
  const feedback = await deps.store.putTeamFeedback(frame.clientFeedbackId, draft);
  // Again on a retry (same eventId): the first try may have died before publishing.
  await deps.publisher.publish([
    {
      detailType: 'team.feedback.sent',
      detail: { eventId: `${feedback.feedbackId}:sent`, version: 1, occurredAt: new Date(feedback.createdAt).toISOString(), feedbackId: feedback.feedbackId, authorId: feedback.authorId, kind: feedback.kind },
    },
  ]);
  return { feedback };
}

export async function listTeamFeedback(deps: Pick<Deps, 'store'>, ctx: SocketContext, frame: FrameOf<'listTeamFeedback'>): Promise<AckPayloads['listTeamFeedback']> {
  if (ctx.caller.role !== 'admin') throw new ForbiddenError('listTeamFeedback is for admins only', 'action');
  return { feedback: await deps.store.listTeamFeedback(frame.limit ?? MAX_TEAM_FEEDBACK_LISTED) };
}
