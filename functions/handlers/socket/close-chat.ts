/** `closeChat`: a participant ends a chat. */
import { closeChatFrame } from '../../contracts/frames';
import type { Deps } from '../../use-cases/ports';
import { closeChat } from '../../use-cases/close-chat';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('closeChat', closeChatFrame, (frame, ctx) => closeChat(deps(), ctx, frame));

export const handler = createHandler(appDeps);
