import type { Page } from 'playwright-core';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import type { Origin, TestBrowser } from './support';
import { autoSubmittingForm, launchBrowser, startOrigin } from './support';

/**
 * The gateway as a browser app uses it, in Chromium: the app's page, on an origin listed in
 * CORS_ORIGINS, logs in with `fetch(..., { credentials: 'include' })` and then works by the session
 * cookie alone; a page of another origin cannot read the gateway's answers (CORS); and a cross-site
 * HTML form that posts a mutation is refused by CSRF prevention before ThoughtSpot hears of it.
 */

const BROWSER_MS = 60_000;
const CSRF =
  "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header (with a type that is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain) or provide a non-empty value for one of the following headers: x-apollo-operation-name, apollo-require-preflight\n";

/** What a page's fetch of the gateway gave: the answer, or the error fetch rejected with. */
type Outcome =
  | { ok: true; status: number; requestId: string | null; body: unknown }
  | { ok: false; error: string };

/** A GraphQL POST made by the page itself, with the browser's cookies. */
function pageFetch(
  page: Page,
  endpoint: string,
  query: string,
  variables?: unknown,
  contentType = 'application/json',
): Promise<Outcome> {
  return page.evaluate(
    async ({ endpoint, query, variables, contentType }) => {
      try {
        const res = await fetch(endpoint, {
          method: 'POST',
          credentials: 'include',
          headers: { 'content-type': contentType },
          body: JSON.stringify({ query, variables }),
        });
        return {
          ok: true as const,
          status: res.status,
          requestId: res.headers.get('x-request-id'),
          body: await res.json(),
        };
      } catch (error) {
        return { ok: false as const, error: String(error) };
      }
    },
    { endpoint, query, variables, contentType },
  );
}

/** A logout, as each form encoding can carry it. */
const FORM_FIELDS = {
  // A field name and value that together read as JSON: {"query":"mutation { logout }","x":"="}
  'text/plain': { '{"query":"mutation { logout }","x":"': '"}' },
  'application/x-www-form-urlencoded': { query: 'mutation { logout }' },
};

const LOGIN = 'mutation ($input: LoginInput) { login(input: $input) { userName tokenType } }';
const SESSION = '{ session { userName currentOrgId } }';

describe('in a real browser (Chromium)', () => {
  let browser: TestBrowser;
  let app: Origin;
  let other: Origin;
  let otherSite: Origin;
  let g: TestGateway;
  /** One line per request the emulator answered: what reached "ThoughtSpot". */
  const upstream: string[] = [];
  /** What beforeAll started, to be stopped in reverse order, however far it got. */
  const started: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    // Same site (127.0.0.1) as the gateway: the app, and another origin of the same site, whose
    // requests carry the session cookie too, so only CORS stands between it and the answers.
    app = await startOrigin('127.0.0.1');
    started.push(app);
    other = await startOrigin('127.0.0.1');
    started.push(other);
    g = await startTestGateway({
      // SameSite=None: the browser sends the session cookie even with another site's form, as it
      // must for an app embedded in another site, so that CSRF prevention alone has to refuse it.
      env: { CORS_ORIGINS: app.url, COOKIE_SAME_SITE: 'None' },
      emulator: { log: (line) => upstream.push(line) },
    });
    started.push(g);
    // Another site altogether (localhost), as an attacker's page would be, with forms that post
    // a logout to the gateway as soon as they load.
    otherSite = await startOrigin('localhost', {
      '/text': autoSubmittingForm(g.endpoint, 'text/plain', FORM_FIELDS['text/plain']),
      '/urlencoded': autoSubmittingForm(
        g.endpoint,
        'application/x-www-form-urlencoded',
        FORM_FIELDS['application/x-www-form-urlencoded'],
      ),
    });
    started.push(otherSite);
    browser = await launchBrowser();
    started.push(browser);
  }, BROWSER_MS);
  afterAll(async () => {
    for (const thing of started.reverse()) await thing.close();
  });

  /** A fresh browser profile with the app open. */
  async function openApp(): Promise<Page> {
    const context = await browser.context();
    const page = await context.newPage();
    await page.goto(app.url);
    return page;
  }

  /** Logs the app's page in as tsadmin; the session lives in the browser's cookie jar only. */
  async function logIn(page: Page): Promise<void> {
    const login = await pageFetch(page, g.endpoint, LOGIN, {
      input: { userName: 'tsadmin', password: 'admin' },
    });
    expect(login).toMatchObject({
      ok: true,
      status: 200,
      body: { data: { login: { userName: 'tsadmin', tokenType: 'Cookie' } } },
    });
  }

  it(
    'the allowed origin logs in, reads the session by cookie, switches org and logs out',
    async () => {
      const page = await openApp();
      await logIn(page);
      // The session cookie is the browser's, out of the page's reach (HttpOnly).
      const cookies = await page.context().cookies(g.url);
      expect(cookies.map((c) => c.name)).toContain('JSESSIONID');
      expect(cookies.find((c) => c.name === 'JSESSIONID')?.httpOnly).toBe(true);
      expect(await page.evaluate('document.cookie')).not.toContain('JSESSIONID');

      const session = await pageFetch(page, g.endpoint, SESSION);
      expect(session).toMatchObject({
        ok: true,
        body: { data: { session: { userName: 'tsadmin', currentOrgId: 0 } } },
      });
      // The request id is exposed to the app (Access-Control-Expose-Headers).
      expect(session.ok && session.requestId).toMatch(/^[0-9a-f-]{36}$/);

      const switched = await pageFetch(
        page,
        g.endpoint,
        'mutation { switchOrg(input: { id: 1 }) }',
      );
      expect(switched).toMatchObject({ ok: true, body: { data: { switchOrg: true } } });
      expect(await pageFetch(page, g.endpoint, SESSION)).toMatchObject({
        ok: true,
        body: { data: { session: { userName: 'tsadmin', currentOrgId: 1 } } },
      });

      expect(await pageFetch(page, g.endpoint, 'mutation { logout }')).toMatchObject({
        ok: true,
        body: { data: { logout: true } },
      });
      expect(await pageFetch(page, g.endpoint, SESSION)).toMatchObject({
        ok: true,
        body: { data: null, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] },
      });
      await page.context().close();
    },
    BROWSER_MS,
  );

  it(
    'another origin cannot read the answers, even with the session cookie in the browser',
    async () => {
      const appPage = await openApp();
      await logIn(appPage);
      const page = await appPage.context().newPage();
      await page.goto(other.url);

      upstream.length = 0;
      // A JSON POST needs a preflight, which the gateway answers without CORS headers: the
      // browser never sends the request.
      const json = await pageFetch(page, g.endpoint, SESSION);
      expect(json).toEqual({ ok: false, error: 'TypeError: Failed to fetch' });
      // A "simple" request is sent without a preflight, but the page cannot read the answer (and
      // CSRF prevention refused it anyway).
      const simple = await pageFetch(
        page,
        g.endpoint,
        'mutation { logout }',
        undefined,
        'text/plain',
      );
      expect(simple).toEqual({ ok: false, error: 'TypeError: Failed to fetch' });
      expect(upstream).toEqual([]);

      // The app's session is untouched.
      expect(await pageFetch(appPage, g.endpoint, SESSION)).toMatchObject({
        ok: true,
        body: { data: { session: { userName: 'tsadmin' } } },
      });
      await appPage.context().close();
    },
    BROWSER_MS,
  );

  it.each([
    ['text/plain (a JSON body smuggled into a field name)', '/text', 'text/plain'],
    ['application/x-www-form-urlencoded', '/urlencoded', 'application/x-www-form-urlencoded'],
  ])(
    'a cross-site form POSTing logout as %s is refused by CSRF prevention; the session lives on',
    async (_label, formPath, enctype) => {
      const appPage = await openApp();
      await logIn(appPage);
      const page = await appPage.context().newPage();
      upstream.length = 0;
      const [response] = await Promise.all([
        page.waitForResponse(g.endpoint),
        page.goto(`${otherSite.url}${formPath}`),
      ]);
      // The browser sent the session with it (SameSite=None): only CSRF prevention stands in the way.
      expect((await response.request().allHeaders()).cookie).toMatch(/\bJSESSIONID=/);
      expect(response.request().method()).toBe('POST');
      expect(response.status()).toBe(400);
      expect(response.request().headers()['content-type']).toMatch(new RegExp(`^${enctype}`));
      const body = (await response.json()) as { errors: { message: string }[] };
      expect(body.errors[0]?.message).toBe(CSRF);
      // ThoughtSpot never heard of it, and the session is still there.
      expect(upstream).toEqual([]);
      expect(await pageFetch(appPage, g.endpoint, SESSION)).toMatchObject({
        ok: true,
        body: { data: { session: { userName: 'tsadmin' } } },
      });
      await appPage.context().close();
    },
    BROWSER_MS,
  );
});
