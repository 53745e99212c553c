/**
 * A socket route as data: the frame schema and the use case. Parses the caller (authorizer
 * context) and the frame, runs the use case, and replies with the ack; errors go through the
 * transport's middleware. A one-way route (typing) returns the same frames, which API Gateway
 * drops; its errors are also pushed to the caller.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import type { ZodType } from 'zod';
import { callerSchema } from '../contracts/auth';
import { type AckPayloads, type ClientAction, MAX_FRAME_BYTES, type ServerFrame } from '../contracts/frames';
import { isStaff, visitorAck } from '../domain/chat';
import { BadRequestError, ParleyError, UnauthorizedError } from '../domain/errors';
import type { Push } from '../use-cases/ports';
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

/**
 * A one-way route's caller gets no route response, so an error frame is pushed to its socket
 * (best effort: a socket that is gone, or a failed post, only loses that error).
 */
function pushErrors(push: () => Push): MiddlewareObj<SocketEvent, SocketReply> {
  return {
    onError: async (request) => {
      const body = request.response?.body;
      if (body === undefined) return;
      const frame = JSON.parse(body) as ServerFrame;
      await push()
        .send(request.event.requestContext.connectionId, frame)
        .catch((error: unknown) => console.error(JSON.stringify({ level: 'error', route: request.event.requestContext.routeKey, error: `error frame not pushed: ${String(error)}` })));
    },
  };
}

export interface SocketRouteOptions {
  /** For a manifest `oneWay` route: how error frames reach the caller. */
  readonly pushErrors?: () => Push;
}

export function socketRoute<A extends ClientAction, F extends { action: A; requestId: string }>(
  action: A,
  schema: ZodType<F>,
  run: (frame: F, ctx: SocketContext) => Promise<AckPayloads[A]>,
  options: SocketRouteOptions = {},
) {
  const route = middy<SocketEvent, SocketReply>();
  // middy runs onError middlewares last-registered first: socketErrors builds the frame, then this pushes it.
  if (options.pushErrors) route.use(pushErrors(options.pushErrors));
  return route
    .use(socketErrors())
    .handler(async (event) => {
      const json = parseBody(event.body);
      const ctx = socketContext(event);
      const frame = schema.parse(json);
      const result = await run(frame, ctx);
      const payload: AckPayloads[A] = isStaff(ctx.caller) ? result : visitorAck(result);
      return reply({ type: 'ack', requestId: frame.requestId, action, ...payload });
    });
}
