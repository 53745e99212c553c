/**
 * `ping`: the clients' heartbeat. Any frame resets API Gateway's 10-minute idle timer, so the
 * reply only needs to exist; it reads no table and calls no use case, keeping a heartbeat as
 * cheap as one Lambda invocation can be. The authenticated-caller check still runs.
 */
import { pingFrame } from '../../contracts/frames';
import { socketRoute } from '../socket-route';

export const createHandler = (now: () => number = Date.now) => socketRoute('ping', pingFrame, async () => ({ at: now() }));

export const handler = createHandler();
