/**
 * `$connect` (after the authorizer): store the connection; an agent gets a profile. A failure
 * throws, so API Gateway refuses the socket rather than opening one nobody can reach; a
 * blocked visitor is refused with 403.
 */
import * as z from 'zod';
import { splitList } from '../../adapters/agent-tokens';
import { callerSchema } from '../../contracts/auth';
import { BlockedError } from '../../domain/errors';
import { connect } from '../../use-cases/connect';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import type { SocketEvent } from '../socket-errors';

/** The authorizer also passes the token's capacity claim (context values are flat). */
const connectContext = callerSchema.extend({
  maxChats: z.coerce.number().int().min(1).optional(),
  /** Comma-separated, as context values are flat. */
  skills: z.string().max(512).optional(),
});

export const createHandler = (deps: Lazy<Deps>) => async (event: SocketEvent) => {
  const { maxChats, skills, ...caller } = connectContext.parse(event.requestContext.authorizer);
  try {
    await connect(deps(), { caller, connectionId: event.requestContext.connectionId }, maxChats, skills ? splitList(skills) : undefined);
  } catch (error) {
    // A blocked visitor is refused with 403 (not a failure: nothing to alarm on).
    if (error instanceof BlockedError) return { statusCode: 403 };
    throw error;
  }
  return { statusCode: 200 };
};

export const handler = createHandler(appDeps);
