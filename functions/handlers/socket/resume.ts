/** `resume`: the messages a reconnecting client missed. */
import { resumeFrame } from '../../contracts/frames';
import type { Deps } from '../../use-cases/ports';
import { resume } from '../../use-cases/resume';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('resume', resumeFrame, (frame, ctx) => resume(deps(), ctx, frame));

export const handler = createHandler(appDeps);
