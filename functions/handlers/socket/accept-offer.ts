/** `acceptOffer`: an agent takes the chat offered to them. */
import { acceptOfferFrame } from '../../contracts/frames';
import { acceptOffer } from '../../use-cases/offers';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('acceptOffer', acceptOfferFrame, (frame, ctx) => acceptOffer(deps(), ctx, frame));

export const handler = createHandler(appDeps);
