/** `listChats`: an agent's open chats, or a visitor's recent ones. */
import { listChatsFrame } from '../../contracts/frames';
import { listChats } from '../../use-cases/list-chats';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('listChats', listChatsFrame, (_frame, ctx) => listChats(deps(), ctx));

export const handler = createHandler(appDeps);
