/** `startChat`: a visitor opens a chat (or gets their open one back). */
import { startChatFrame } from '../../contracts/frames';
import type { Deps } from '../../use-cases/ports';
import { startChat } from '../../use-cases/start-chat';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('startChat', startChatFrame, (frame, ctx) => startChat(deps(), ctx, frame));

export const handler = createHandler(appDeps);
