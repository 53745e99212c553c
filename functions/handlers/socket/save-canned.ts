/** `saveCanned`: creates or edits a canned response (shared ones: supervisors and admins). */
import { saveCannedFrame } from '../../contracts/frames';
import { saveCanned } from '../../use-cases/canned';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('saveCanned', saveCannedFrame, (frame, ctx) => saveCanned(deps(), ctx, frame));

export const handler = createHandler(appDeps);
