/** `setStatus`: an agent goes online, away or offline. */
import { setStatusFrame } from '../../contracts/frames';
import type { Deps } from '../../use-cases/ports';
import { setStatus } from '../../use-cases/set-status';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('setStatus', setStatusFrame, (frame, ctx) => setStatus(deps(), ctx, frame));

export const handler = createHandler(appDeps);
