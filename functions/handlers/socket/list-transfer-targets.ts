/** `listTransferTargets`: who a chat can be handed to. */
import { listTransferTargetsFrame } from '../../contracts/frames';
import { listTransferTargets } from '../../use-cases/transfer-targets';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('listTransferTargets', listTransferTargetsFrame, (_frame, ctx) => listTransferTargets(deps(), ctx));

export const handler = createHandler(appDeps);
