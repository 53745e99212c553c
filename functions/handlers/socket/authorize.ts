/**
 * The `$connect` REQUEST authorizer: the token from `?token=` (browsers cannot set headers on
 * a WebSocket) → an IAM policy allowing this connect, with the caller as context. Anything
 * else is Error('Unauthorized'), which API Gateway answers with 401.
 */
import middy from '@middy/core';
import { type AuthorizeDeps, authorize } from '../../use-cases/authorize';
import { appDeps, type Lazy } from '../app-deps';

interface AuthorizerEvent {
  methodArn: string;
  queryStringParameters?: Record<string, string | undefined> | null;
}

export const createHandler = (deps: Lazy<AuthorizeDeps>) =>
  middy<AuthorizerEvent>()
    .use({
      onError: (request) => {
        console.warn(JSON.stringify({ level: 'warn', msg: 'connect refused', reason: String(request.error) }));
        request.error = new Error('Unauthorized');
      },
    })
    .handler(async (event) => {
      const { caller, maxChats, skills } = await authorize(deps(), event.queryStringParameters?.token);
      return {
        principalId: caller.principalId,
        policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
        context: { ...caller, ...(maxChats ? { maxChats } : {}), ...(skills?.length ? { skills: skills.join(',') } : {}) },
      };
    });

export const handler = createHandler(appDeps);
