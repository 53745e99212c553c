/** `setTicketStatus`: marks an offline-form ticket resolved, or open again. */
import { setTicketStatusFrame } from '../../contracts/frames';
import { setTicketStatus } from '../../use-cases/tickets';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('setTicketStatus', setTicketStatusFrame, (frame, ctx) => setTicketStatus(deps(), ctx, frame));

export const handler = createHandler(appDeps);
