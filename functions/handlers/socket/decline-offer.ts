/** `declineOffer`: an agent passes on an offered chat; it goes to the next eligible agent. */
import { declineOfferFrame } from '../../contracts/frames';
import { declineOffer } from '../../use-cases/offers';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import { socketRoute } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => socketRoute('declineOffer', declineOfferFrame, (frame, ctx) => declineOffer(deps(), ctx, frame));

export const handler = createHandler(appDeps);
