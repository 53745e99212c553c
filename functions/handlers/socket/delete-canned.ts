/** `deleteCanned`: removes a canned response. */
import { deleteCannedFrame } from '../../contracts/frames';
import { deleteCanned } from '../../use-cases/canned';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('deleteCanned', deleteCannedFrame, (frame, ctx) => deleteCanned(deps(), ctx, frame));

export const handler = createHandler(appDeps);
