/** The kinds of the two settings that hold URLs: the cluster's base URL and the CORS origins. */
import { BETA_BASE_PATH, V1_BASE_PATH, V2_BASE_PATH } from '../contract';
import type { Kind } from './kinds';
import { items } from './kinds';

// Paths of ThoughtSpot's APIs, which a base URL must not contain.
const API_PATHS = [BETA_BASE_PATH, V2_BASE_PATH, V1_BASE_PATH];

function problemWithClusterUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `must be an absolute http(s) URL, not "${text}"`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `must use http or https, not ${url.protocol}`;
  // Credentials in the URL would be sent on every caller's behalf and printed at start-up.
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (/[?#]/.test(text)) return 'must not have a query string or fragment';
  // The gateway adds the API's own paths; a URL that already has one would double it.
  const apiPath = API_PATHS.find((path) =>
    `${url.pathname.replace(/\/+$/, '')}/`.includes(`${path}/`),
  );
  if (apiPath !== undefined)
    return `must be the cluster's base URL (e.g. https://acme.thoughtspot.cloud), without an API path like ${apiPath}; choose the API with THOUGHTSPOT_API`;
  return undefined;
}

/** No trailing slash; a path prefix is kept, for clusters behind a proxy. */
export const clusterUrl: Kind<string> = {
  read(text) {
    const problem = problemWithClusterUrl(text);
    return problem !== undefined
      ? { problems: [problem] }
      : { value: new URL(text).href.replace(/\/+$/, '') };
  },
  accepts: 'an http(s) base URL, no API path',
  show: (url) => `\`${url}\``,
};

/**
 * A credentialed CORS answer must name one exact origin; '*', a path or a query is a mistake. Other
 * spellings of an origin (upper-case host, default port) are stored as browsers send them.
 */
function originOf(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const exact =
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.pathname === '/' &&
    !/[?#]/.test(text) &&
    url.username === '' &&
    url.password === '';
  return exact ? url.origin : undefined;
}

export const origins: Kind<readonly string[]> = {
  read(text) {
    const listed = items(text);
    const bad = listed.filter((origin) => originOf(origin) === undefined);
    if (bad.length > 0)
      return {
        problems: bad.map(
          (origin) =>
            `must list exact origins like https://app.example.com (scheme, host, optional port; no path or "*"), not "${origin}"`,
        ),
      };
    return { value: listed.map((origin) => originOf(origin) ?? origin) };
  },
  accepts: 'comma-separated origins, like `https://app.example.com`',
  show: (list) => list.map((origin) => `\`${origin}\``).join(', '),
};
