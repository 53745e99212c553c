/** `setTags`: replaces a chat's tags. */
import { setTagsFrame } from '../../contracts/frames';
import { setTags } from '../../use-cases/tags';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('setTags', setTagsFrame, (frame, ctx) => setTags(deps(), ctx, frame));

export const handler = createHandler(appDeps);
