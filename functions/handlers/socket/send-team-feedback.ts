/** `sendTeamFeedback`: staff send the admins feedback or a suggestion. */
import { sendTeamFeedbackFrame } from '../../contracts/frames';
import { sendTeamFeedback } from '../../use-cases/team-feedback';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('sendTeamFeedback', sendTeamFeedbackFrame, (frame, ctx) => sendTeamFeedback(deps(), ctx, frame));

export const handler = createHandler(appDeps);
