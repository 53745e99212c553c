/**
 * `$default`: whatever no route matched (not JSON, no action, an unknown action). Always an
 * error frame naming the problem, so a client bug shows up as a readable reply.
 */
import middy from '@middy/core';
import { BadRequestError } from '../../domain/errors';
import { parseBody } from '../socket-route';
import { type SocketEvent, type SocketReply, socketErrors } from '../socket-errors';

function unknownAction(json: unknown): never {
  const action = typeof json === 'object' && json !== null ? (json as { action?: unknown }).action : undefined;
  if (typeof action !== 'string') throw new BadRequestError('action: every frame needs an "action"', 'action');
  throw new BadRequestError(`action: unknown action "${action}"`, 'action');
}

export const handler = middy<SocketEvent, SocketReply>()
  .use(socketErrors())
  .handler(async (event) => unknownAction(parseBody(event.body)));
