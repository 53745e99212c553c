/** `listTeamFeedback`: admins read the team's feedback, newest first. */
import { listTeamFeedbackFrame } from '../../contracts/frames';
import { listTeamFeedback } from '../../use-cases/team-feedback';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('listTeamFeedback', listTeamFeedbackFrame, (frame, ctx) => listTeamFeedback(deps(), ctx, frame));

export const handler = createHandler(appDeps);
