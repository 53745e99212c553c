/** `listCanned`: the team's canned responses and the caller's own. */
import { listCannedFrame } from '../../contracts/frames';
import { listCanned } from '../../use-cases/canned';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('listCanned', listCannedFrame, (_frame, ctx) => listCanned(deps(), ctx));

export const handler = createHandler(appDeps);
