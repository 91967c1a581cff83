import type { Refusal } from '../errors';
import { refusals } from '../errors';

/** GraphQL is served at one path, by GET and POST (OPTIONS is CORS's, answered before this). */
export function routeRefusal(
  method: string,
  path: string,
  graphqlPath: string,
): Refusal | undefined {
  if (path !== graphqlPath) return refusals.notFound(graphqlPath);
  if (method !== 'GET' && method !== 'POST')
    return refusals.methodNotAllowed(method, 'GET or POST', 'GET, POST, OPTIONS');
  return undefined;
}
