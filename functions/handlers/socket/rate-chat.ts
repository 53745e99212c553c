/** `rateChat`: the visitor rates their ended chat (1–5, optional comment), once. */
import { rateChatFrame } from '../../contracts/frames';
import { rateChat } from '../../use-cases/feedback';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('rateChat', rateChatFrame, (frame, ctx) => rateChat(deps(), ctx, frame));

export const handler = createHandler(appDeps);
