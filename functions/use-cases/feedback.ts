/**
 * Post-chat feedback from the visitor: the rating (1–5 and a comment) and the CSAT, NPS and
 * CES surveys switched on in the config. Each is written once per chat and kind; a retry of the
 * same answer gets the stored one back (and its event again, under the same eventId, so a
 * publish lost after the write is made good); a different second answer is refused.
 */
import type { AckPayloads, ChatFeedback, FrameOf } from '../contracts/frames';
import type { ParleyEvent } from '../contracts/events';
import type { ChatRecord } from '../domain/chat';
import { ConflictError } from '../domain/errors';
import { requireChatVisitor, requireEnded, requireRatingOn, requireScore, requireSurveyOn, sameAnswer } from '../domain/feedback';
import type { Deps } from './ports';
import type { SocketContext } from './socket-context';

type FeedbackDeps = Pick<Deps, 'store' | 'publisher' | 'clock' | 'config'>;

async function save(deps: FeedbackDeps, chat: ChatRecord, sent: ChatFeedback, field: string): Promise<ChatFeedback> {
  const { stored, created } = await deps.store.saveFeedback(sent);
  if (!created && !sameAnswer(stored, sent)) {
    const what = stored.kind === 'rating' ? 'This chat was already rated' : `The ${stored.kind} survey of this chat was already answered`;
    throw new ConflictError(`${what} (${stored.score}); an answer cannot be changed`, field);
  }
  return stored;
}

function feedbackOf(chat: ChatRecord, kind: ChatFeedback['kind'], score: number, comment: string | undefined, now: number): ChatFeedback {
  return { chatId: chat.chatId, kind, score, createdAt: now, ...(comment ? { comment } : {}) };
}

/**
 * What the event says about the chat: its agent when it ended (the one who closed it, or took it
 * last by transfer: docs/metrics.md), its department and its final tags.
 */
function about(chat: ChatRecord) {
  return {
    chatId: chat.chatId,
    visitorId: chat.visitorId,
    department: chat.department,
    ...(chat.agentId ? { agentId: chat.agentId } : {}),
    ...(chat.tags && chat.tags.length > 0 ? { tags: chat.tags } : {}),
  };
}

export async function rateChat(deps: FeedbackDeps, ctx: SocketContext, frame: FrameOf<'rateChat'>): Promise<AckPayloads['rateChat']> {
  const chat = requireChatVisitor(await deps.store.getChat(frame.chatId), ctx.caller);
  requireRatingOn(deps.config);
  requireScore('rating', frame.rating, 'rating');
  requireEnded(chat);
  const stored = await save(deps, chat, feedbackOf(chat, 'rating', frame.rating, frame.comment, deps.clock.now()), 'rating');
  const event: ParleyEvent = {
    detailType: 'chat.rated',
    detail: {
      eventId: `${chat.chatId}:rated`,
      version: 1,
      occurredAt: new Date(stored.createdAt).toISOString(),
      ...about(chat),
      rating: stored.score,
      commented: stored.comment !== undefined,
    },
  };
  await deps.publisher.publish([event]);
  return { feedback: stored };
}

export async function answerSurvey(deps: FeedbackDeps, ctx: SocketContext, frame: FrameOf<'answerSurvey'>): Promise<AckPayloads['answerSurvey']> {
  const chat = requireChatVisitor(await deps.store.getChat(frame.chatId), ctx.caller);
  requireSurveyOn(deps.config, frame.survey);
  requireScore(frame.survey, frame.score, 'score');
  requireEnded(chat);
  const stored = await save(deps, chat, feedbackOf(chat, frame.survey, frame.score, frame.comment, deps.clock.now()), 'score');
  const event: ParleyEvent = {
    detailType: 'survey.answered',
    detail: {
      eventId: `${chat.chatId}:survey:${frame.survey}`,
      version: 1,
      occurredAt: new Date(stored.createdAt).toISOString(),
      ...about(chat),
      survey: frame.survey,
      score: stored.score,
    },
  };
  await deps.publisher.publish([event]);
  return { feedback: stored };
}
