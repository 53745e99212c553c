/** `$disconnect`: drop the connection; an online agent whose last console closed goes away. */
import { disconnect } from '../../use-cases/disconnect';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';
import type { SocketEvent } from '../socket-errors';
import { socketContext } from '../socket-route';

export const createHandler = (deps: Lazy<Deps>) => async (event: SocketEvent) => {
  await disconnect(deps(), socketContext(event));
  return { statusCode: 200 };
};

export const handler = createHandler(appDeps);
