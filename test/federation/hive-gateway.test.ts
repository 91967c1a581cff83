import { GraphQLClient } from 'graphql-request';
import { LoginDocument, SessionDocument } from '../generated/operations';
import { TSADMIN, UUID, cookieFrom, send } from '../e2e/support';
import type { TestEmulator } from '../support/emulator';
import { startTestEmulator } from '../support/emulator';
import type { EntryProcess } from '../support/entry-process';
import { startEntry } from '../support/entry-process';
import { supergraphFlows } from './flows';
import type { AppProcess, HiveProcess } from './processes';
import { startAppProcess, startHiveGateway } from './processes';
import { onlyErrorOf } from './support';

/**
 * The supergraph as a platform team runs it with Hive Gateway: three processes, each started as in
 * production and spoken to over HTTP on 127.0.0.1. The gateway (`node dist/index.js`, in front of the
 * emulator), the example app subgraph, and Hive Gateway 2.15.1 from deploy/hive-gateway/, its
 * configuration file used as shipped, on a supergraph composed by The Guild's composer. Clients
 * speak only to Hive. Each setting of that file is what one of these tests needs.
 */

/** The one browser origin the router is configured to allow with credentials. */
const APP_ORIGIN = 'https://app.example.test';
const OTHER_ORIGIN = 'https://elsewhere.example.test';
/** Three processes and a composition: a generous bound on a loaded 2-core machine. */
const START_MS = 60_000;

let ts: TestEmulator;
let gateway: EntryProcess;
let app: AppProcess;
let hive: HiveProcess;
let gatewayUrl: string;
/** What beforeAll started, closed in reverse order (also when one of them failed to start). */
const started: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ts = await startTestEmulator();
  started.push(() => ts.close());
  gateway = startEntry({ THOUGHTSPOT_URL: ts.emulator.url });
  started.push(() => gateway.kill());
  gatewayUrl = await gateway.ready();
  app = await startAppProcess();
  started.push(() => app.close());
  hive = await startHiveGateway(
    { thoughtspot: `${gatewayUrl}/graphql`, app: app.url },
    { corsAllowedOrigins: [APP_ORIGIN] },
  );
  started.push(() => hive.close());
}, START_MS);

afterAll(async () => {
  for (const close of started.reverse()) await close();
});

const client = (headers: Record<string, string> = {}) => new GraphQLClient(hive.url, { headers });

async function loginCookie(): Promise<string> {
  const login = await send(client(), LoginDocument, {
    input: { userName: TSADMIN.userName, password: TSADMIN.password },
  });
  return cookieFrom(login.setCookies);
}

describe('through Hive Gateway (deploy/hive-gateway/gateway.config.ts)', () => {
  supergraphFlows(() => ({
    url: hive.url,
    appRepresentations: () => app.representations(),
    appRequests: () => app.requests(),
    internalAddresses: () => [gatewayUrl, ts.emulator.url, app.url],
  }));

  it('without a request id from the client, Hive makes one, sends it down and answers it: the error carries it', async () => {
    const { error, failure } = await onlyErrorOf(send(client(), SessionDocument));
    const header = failure.headers.get('x-request-id');
    expect(header).toMatch(UUID);
    expect(error.extensions.requestId).toBe(header);
    const given = await onlyErrorOf(
      send(client({ 'x-request-id': 'hive-e2e-1' }), SessionDocument),
    );
    expect(given.failure.headers.get('x-request-id')).toBe('hive-e2e-1');
  });

  it.each([
    ['application/x-www-form-urlencoded', 'query=mutation%7BswitchOrg(input%3A%7Bid%3A1%7D)%7D'],
    ['text/plain', JSON.stringify({ query: 'mutation { switchOrg(input: { id: 1 }) }' })],
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\nmutation { switchOrg(input: { id: 1 }) }\r\n--x--\r\n',
    ],
  ])(
    'a cross-site form POST (%s) with the session cookie is refused, and the org stays as it was',
    async (contentType, body) => {
      const cookie = await loginCookie();
      const org = (await send(client({ cookie }), SessionDocument)).data.session.currentOrgId;
      // What a browser sends for an HTML form on another site: no preflight, the cookies attached.
      const res = await fetch(hive.url, {
        method: 'POST',
        headers: { 'content-type': contentType, origin: OTHER_ORIGIN, cookie },
        body,
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(await res.text()).not.toContain('switchOrg');
      const session = await send(client({ cookie }), SessionDocument);
      expect(session.data.session.currentOrgId).toBe(org);
    },
  );

  it('CORS allows credentials to the listed origin only', async () => {
    const preflight = (origin: string) =>
      fetch(hive.url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const listed = await preflight(APP_ORIGIN);
    expect(listed.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(listed.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await preflight(OTHER_ORIGIN);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-credentials')).toBeNull();

    const post = (origin: string) =>
      fetch(hive.url, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ featuredLiveboards { title } }' }),
      });
    expect((await post(APP_ORIGIN)).headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect((await post(OTHER_ORIGIN)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it(
    'with no origin listed, no origin gets CORS headers (Hive alone would reflect every one)',
    async () => {
      const unlisted = await startHiveGateway({
        thoughtspot: `${gatewayUrl}/graphql`,
        app: app.url,
      });
      try {
        const res = await fetch(unlisted.url, {
          method: 'OPTIONS',
          headers: { origin: APP_ORIGIN, 'access-control-request-method': 'POST' },
        });
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
        expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      } finally {
        await unlisted.close();
      }
    },
    START_MS,
  );
});
