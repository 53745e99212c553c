import { useState } from 'preact/hooks';
import type { RuntimeConfig } from '../sdk/types';
import type { T } from './locale';
import type { StringKey } from './strings';
import type { FeedbackKind } from './use-visitor-chat';

export interface FeedbackProps {
  readonly t: T;
  readonly settings: RuntimeConfig['widget'];
  readonly answered: readonly FeedbackKind[];
  readonly onAnswer: (kind: FeedbackKind, score: number, comment?: string) => Promise<void>;
  readonly onSkip: (kind: FeedbackKind) => void;
}

/** What each step asks, its scale, and whether it takes a comment. */
const STEPS: Record<FeedbackKind, { question: StringKey; low?: StringKey; high?: StringKey; from: number; to: number; comment: boolean }> = {
  rating: { question: 'rating.title', from: 1, to: 5, comment: true },
  csat: { question: 'survey.csat', low: 'survey.csat.low', high: 'survey.csat.high', from: 1, to: 5, comment: true },
  nps: { question: 'survey.nps', low: 'survey.nps.low', high: 'survey.nps.high', from: 0, to: 10, comment: false },
  ces: { question: 'survey.ces', low: 'survey.ces.low', high: 'survey.ces.high', from: 1, to: 5, comment: false },
};

/** The steps the config switches on, in order: the rating, then CSAT, NPS, CES. */
export function feedbackSteps(settings: RuntimeConfig['widget']): FeedbackKind[] {
  return [...(settings.rating ? (['rating'] as const) : []), ...(['csat', 'nps', 'ces'] as const).filter((s) => settings.surveys[s])];
}

/** After a chat: one question at a time (each can be skipped), then thanks. */
export function Feedback({ t, settings, answered, onAnswer, onSkip }: FeedbackProps) {
  const steps = feedbackSteps(settings);
  const next = steps.find((s) => !answered.includes(s));
  if (steps.length === 0) return null;
  if (!next) {
    return (
      <p class="thanks" role="status">
        {t('rating.thanks')}
      </p>
    );
  }
  return <Step key={next} kind={next} t={t} onAnswer={onAnswer} onSkip={onSkip} />;
}

function Step({ kind, t, onAnswer, onSkip }: { kind: FeedbackKind; t: T; onAnswer: FeedbackProps['onAnswer']; onSkip: FeedbackProps['onSkip'] }) {
  const step = STEPS[kind];
  const [score, setScore] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const scores = Array.from({ length: step.to - step.from + 1 }, (_, i) => step.from + i);
  const label = (n: number) => (kind === 'rating' ? t('rating.star', { count: n }) : t('survey.score', { count: n }));
  return (
    <form
      class={`feedback ${kind}`}
      data-feedback={kind}
      onSubmit={(event) => {
        event.preventDefault();
        if (score === undefined) return;
        const comment = String(new FormData(event.currentTarget).get('comment') ?? '');
        setBusy(true);
        setFailure(undefined);
        onAnswer(kind, score, comment).catch((e: unknown) => {
          setFailure(e instanceof Error ? e.message : t('error.generic'));
          setBusy(false);
        });
      }}
    >
      <fieldset>
        <legend>{t(step.question)}</legend>
        <div class={`scale${kind === 'rating' ? ' stars' : ''}`}>
          {scores.map((n) => (
            <label key={n} class={score !== undefined && (kind === 'rating' ? n <= score : n === score) ? 'on' : ''}>
              <input type="radio" name="score" value={n} class="visually-hidden" aria-label={label(n)} checked={score === n} onChange={() => setScore(n)} />
              <span aria-hidden="true">{kind === 'rating' ? '★' : n}</span>
            </label>
          ))}
        </div>
        {step.low && step.high ? (
          <p class="anchors" aria-hidden="true">
            <span>{t(step.low)}</span>
            <span>{t(step.high)}</span>
          </p>
        ) : null}
      </fieldset>
      {step.comment ? (
        <label class="comment">
          <span>{t('rating.comment')}</span>
          <textarea name="comment" rows={2} maxLength={1000} />
        </label>
      ) : null}
      {failure ? <p class="field-error" role="alert">{failure}</p> : null}
      <div class="actions">
        <button type="button" class="link" onClick={() => onSkip(kind)}>
          {t('survey.skip')}
        </button>
        <button type="submit" class="primary" disabled={score === undefined || busy}>
          {t(kind === 'rating' ? 'rating.send' : 'survey.send')}
        </button>
      </div>
    </form>
  );
}
