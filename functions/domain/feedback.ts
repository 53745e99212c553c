/**
 * Post-chat feedback rules, pure: who may rate or answer a survey, when, with which scores,
 * and whether a second answer repeats the first (a retry) or tries to change it.
 */
import type { Caller } from '../contracts/auth';
import type { DeploymentConfig } from '../contracts/config';
import type { ChatFeedback, Survey } from '../contracts/frames';
import type { ChatRecord } from './chat';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from './errors';

/** Score ranges: the rating and CSAT 1–5, NPS 0–10, CES 1–5. */
export const SCORE_RANGE: Readonly<Record<ChatFeedback['kind'], readonly [number, number]>> = {
  rating: [1, 5],
  csat: [1, 5],
  nps: [0, 10],
  ces: [1, 5],
};

/** Only the chat's own visitor gives feedback. */
export function requireChatVisitor(chat: ChatRecord | undefined, caller: Pick<Caller, 'role' | 'userId'>): ChatRecord {
  if (!chat) throw new NotFoundError('No such chat', 'chatId');
  if (caller.role !== 'visitor' || chat.visitorId !== caller.userId) throw new ForbiddenError('Only the visitor of this chat can give feedback on it', 'chatId');
  return chat;
}

/** Feedback comes once the chat has ended (closed by either side). */
export function requireEnded(chat: ChatRecord): void {
  if (chat.status !== 'closed') throw new ConflictError(`Feedback is given after the chat ends; this chat is ${chat.status}`, 'chatId');
}

export function requireScore(kind: ChatFeedback['kind'], score: number, field: string): void {
  const [min, max] = SCORE_RANGE[kind];
  if (score < min || score > max) throw new BadRequestError(`${field}: a ${kind === 'rating' ? 'rating' : `${kind} score`} is from ${min} to ${max}`, field);
}

export function requireRatingOn(config: Pick<DeploymentConfig, 'widget'>): void {
  if (!config.widget.rating) throw new BadRequestError('rating: post-chat ratings are switched off in the config', 'rating');
}

export function requireSurveyOn(config: Pick<DeploymentConfig, 'surveys'>, survey: Survey): void {
  if (!config.surveys[survey]) throw new BadRequestError(`survey: the ${survey} survey is switched off in the config`, 'survey');
}

/** A repeated answer (same score and comment) is a retry; anything else is a change, refused. */
export function sameAnswer(stored: ChatFeedback, sent: Pick<ChatFeedback, 'score' | 'comment'>): boolean {
  return stored.score === sent.score && (stored.comment ?? '') === (sent.comment ?? '');
}
