/** `listTickets`: the offline-form tickets the caller's departments got, newest first. */
import { listTicketsFrame } from '../../contracts/frames';
import { listTickets } from '../../use-cases/tickets';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('listTickets', listTicketsFrame, (frame, ctx) => listTickets(deps(), ctx, frame));

export const handler = createHandler(appDeps);
