/** Routing consumer: offers queued chats when a chat is requested, an agent comes online, a chat closes or an offer is turned down. */
import middy from '@middy/core';
import { parseEvent } from '../../contracts/events';
import type { Deps } from '../../use-cases/ports';
import { routeChats } from '../../use-cases/route-chats';
import { appDeps, type Lazy } from '../app-deps';
import { type EventEnvelope, eventErrors } from '../event-errors';

export const createHandler = (deps: Lazy<Deps>) =>
  middy<EventEnvelope>()
    .use(eventErrors('routing'))
    .handler(async (event) => ({ offered: await routeChats(deps(), parseEvent(event)) }));

export const handler = createHandler(appDeps);
