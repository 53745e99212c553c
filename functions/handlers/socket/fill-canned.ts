/** `fillCanned`: the text behind `#shortcut`, placeholders filled from the chat. */
import { fillCannedFrame } from '../../contracts/frames';
import { fillCanned } from '../../use-cases/canned';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('fillCanned', fillCannedFrame, (frame, ctx) => fillCanned(deps(), ctx, frame));

export const handler = createHandler(appDeps);
