/** Metrics consumer: daily counters, each event counted once. */
import middy from '@middy/core';
import { parseEvent } from '../../contracts/events';
import type { Deps } from '../../use-cases/ports';
import { recordMetrics } from '../../use-cases/record-metrics';
import { appDeps, type Lazy } from '../app-deps';
import { type EventEnvelope, eventErrors } from '../event-errors';

export const createHandler = (deps: Lazy<Deps>) =>
  middy<EventEnvelope>()
    .use(eventErrors('metrics'))
    .handler(async (event) => ({ result: await recordMetrics(deps(), parseEvent(event)) }));

export const handler = createHandler(appDeps);
