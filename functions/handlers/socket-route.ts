/**
 * A two-way socket route as data: the frame schema and the use case. Parses the caller
 * (authorizer context) and the frame, runs the use case, and replies with the ack; errors
 * go through the transport's middleware.
 */
import middy from '@middy/core';
import type { ZodType } from 'zod';
import { callerSchema } from '../contracts/auth';
import { type AckPayloads, type ClientAction, MAX_FRAME_BYTES } from '../contracts/frames';
import { BadRequestError, ParleyError, UnauthorizedError } from '../domain/errors';
import type { SocketContext } from '../use-cases/socket-context';
import { reply, type SocketEvent, type SocketReply, socketErrors } from './socket-errors';

export function socketContext(event: SocketEvent): SocketContext {
  const caller = callerSchema.safeParse(event.requestContext.authorizer);
  if (!caller.success) throw new UnauthorizedError('No authenticated caller on this connection');
  return { caller: caller.data, connectionId: event.requestContext.connectionId };
}

export function parseBody(body: string | null | undefined): unknown {
  if (Buffer.byteLength(body ?? '') > MAX_FRAME_BYTES) throw new ParleyError('frame_too_large', `Frames are limited to ${MAX_FRAME_BYTES} bytes`);
  try {
    return JSON.parse(body ?? '');
  } catch {
    throw new BadRequestError('The frame is not JSON', 'body');
  }
}

export function socketRoute<A extends ClientAction, F extends { action: A; requestId: string }>(
  action: A,
  schema: ZodType<F>,
  run: (frame: F, ctx: SocketContext) => Promise<AckPayloads[A]>,
) {
  return middy<SocketEvent, SocketReply>()
    .use(socketErrors())
    .handler(async (event) => {
      const json = parseBody(event.body);
      const ctx = socketContext(event);
      const frame = schema.parse(json);
      const payload = await run(frame, ctx);
      return reply({ type: 'ack', requestId: frame.requestId, action, ...payload });
    });
}
