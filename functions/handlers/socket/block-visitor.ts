/** `blockVisitor`: staff block the chat's visitor across new sessions. */
import { blockVisitorFrame } from '../../contracts/frames';
import { blockVisitor } from '../../use-cases/block-visitor';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('blockVisitor', blockVisitorFrame, (frame, ctx) => blockVisitor(deps(), ctx, frame));

export const handler = createHandler(appDeps);
