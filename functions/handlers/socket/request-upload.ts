/** `requestUpload`: a presigned upload URL for one file in a chat the caller is part of. */
import { requestUploadFrame } from '../../contracts/frames';
import { requestUpload } from '../../use-cases/attachments';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('requestUpload', requestUploadFrame, (frame, ctx) => requestUpload(deps(), ctx, frame));

export const handler = createHandler(appDeps);
