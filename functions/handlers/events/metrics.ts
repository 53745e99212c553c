/** Metrics consumer: rollup counters, each event counted once; then the live numbers to supervisors. */
import middy from '@middy/core';
import { parseEvent } from '../../contracts/events';
import type { Deps } from '../../use-cases/ports';
import { liveStatsMoved } from '../../use-cases/live-stats';
import { recordMetrics } from '../../use-cases/record-metrics';
import { appDeps, type Lazy } from '../app-deps';
import { type EventEnvelope, eventErrors } from '../event-errors';

export const createHandler = (deps: Lazy<Deps>) =>
  middy<EventEnvelope>()
    .use(eventErrors('metrics'))
    .handler(async (raw) => {
      const event = parseEvent(raw);
      const result = await recordMetrics(deps(), event);
      const live = result === 'applied' ? await liveStatsMoved(deps(), event) : 'unmoved';
      return { result, live };
    });

export const handler = createHandler(appDeps);
