/** `typing`: a typing indicator for the other side. One-way: no ack; an error is pushed back. */
import { typingFrame } from '../../contracts/frames';
import type { Deps } from '../../use-cases/ports';
import { typing } from '../../use-cases/typing';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('typing', typingFrame, (frame, ctx) => typing(deps(), ctx, frame), { pushErrors: () => deps().push });

export const handler = createHandler(appDeps);
