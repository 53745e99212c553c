/** `sendMessage`: a participant writes to a chat. */
import { sendMessageFrame } from '../../contracts/frames';
import type { Deps } from '../../use-cases/ports';
import { sendMessage } from '../../use-cases/send-message';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('sendMessage', sendMessageFrame, (frame, ctx) => sendMessage(deps(), ctx, frame));

export const handler = createHandler(appDeps);
