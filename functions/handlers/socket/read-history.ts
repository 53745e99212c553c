/** `readHistory`: one of the contact's conversations, read-only. */
import { readHistoryFrame } from '../../contracts/frames';
import { readHistory } from '../../use-cases/contact';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('readHistory', readHistoryFrame, (frame, ctx) => readHistory(deps(), ctx, frame));

export const handler = createHandler(appDeps);
