/** `getContact`: the visitor behind a chat and their other conversations. */
import { getContactFrame } from '../../contracts/frames';
import { getContact } from '../../use-cases/contact';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('getContact', getContactFrame, (frame, ctx) => getContact(deps(), ctx, frame));

export const handler = createHandler(appDeps);
