/** `transferChat`: hands a chat to another agent or department. */
import { transferChatFrame } from '../../contracts/frames';
import { transferChat } from '../../use-cases/transfer-chat';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('transferChat', transferChatFrame, (frame, ctx) => transferChat(deps(), ctx, frame));

export const handler = createHandler(appDeps);
