/** `answerSurvey`: the visitor answers a post-chat survey (CSAT, NPS or CES), once per chat and survey. */
import { answerSurveyFrame } from '../../contracts/frames';
import { answerSurvey } from '../../use-cases/feedback';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('answerSurvey', answerSurveyFrame, (frame, ctx) => answerSurvey(deps(), ctx, frame));

export const handler = createHandler(appDeps);
