/** `listTags`: the tags to pick from. */
import { listTagsFrame } from '../../contracts/frames';
import { listTags } from '../../use-cases/tags';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('listTags', listTagsFrame, (_frame, ctx) => listTags(deps(), ctx));

export const handler = createHandler(appDeps);
