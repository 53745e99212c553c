/** `getAttachment`: a short-lived download URL for a file on a message of a chat the caller may read. */
import { getAttachmentFrame } from '../../contracts/frames';
import { getAttachment } from '../../use-cases/attachments';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('getAttachment', getAttachmentFrame, (frame, ctx) => getAttachment(deps(), ctx, frame));

export const handler = createHandler(appDeps);
