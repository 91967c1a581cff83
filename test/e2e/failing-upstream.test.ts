import type { EmulatorHandle } from '../../src/emulator';
import { startEmulator } from '../../src/emulator';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import type { CallResult } from '../support/http';
import { call } from '../support/http';

/**
 * ThoughtSpot failing while the gateway is in use, end to end: the emulator's faults are switched
 * over its HTTP control API (as an operator or another process would), on one endpoint, while other
 * callers keep using the others. Each failure reaches its callers as its code, in time; the other
 * callers are answered meanwhile; and when the fault is switched off, the same gateway answers
 * again, with no restart. test/integration/upstream-failures.test.ts covers each failure's exact
 * error shape against hostile stand-ins.
 */

// Room for the healthy calls beside the failing ones, each on an HTTP/1.1 connection of its own (a
// TCP handshake each): on a busy 2-core machine, 300 ms was not always enough for them.
const TIMEOUT_MS = 900;
/** Generous: a timeout answer comes at TIMEOUT_MS plus scheduling; this only catches a stuck one. */
const MARGIN_MS = 1500;
/** Concurrent requests to the failing endpoint (more than its pool holds: see the bulkhead test). */
const FAILING_CALLERS = 6;
const BYSTANDERS = 4;

const SESSION = '{ session { userName } }';
const GET_TOKEN =
  'mutation { getToken(input: { userName: "tsadmin", password: "admin" }) { userName } }';

interface Timed {
  res: CallResult;
  ms: number;
}

const codeOf = (res: CallResult) =>
  (res.json as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions.code;

describe('a failing ThoughtSpot, through the emulator', () => {
  let emulator: EmulatorHandle;
  let g: TestGateway;
  let token: string;

  /** The emulator's control API over HTTP. */
  async function control(method: 'PUT' | 'DELETE', target?: string, rule?: unknown) {
    const path = `/__emulator/faults${target === undefined ? '' : `/${target}`}`;
    const res = await call(emulator.url, method, path, rule === undefined ? {} : { json: rule });
    expect(res.status).toBe(200);
  }

  const gql = async (query: string, bearer?: string): Promise<Timed> => {
    const started = performance.now();
    const res = await call(g.url, 'POST', '/graphql', {
      json: { query },
      ...(bearer !== undefined && { bearer }),
    });
    return { res, ms: performance.now() - started };
  };

  /** Bystanders calling the healthy endpoint (and no endpoint at all) until `done` settles. */
  async function bystanders(done: Promise<unknown>): Promise<CallResult[]> {
    let finished = false;
    void done.finally(() => {
      finished = true;
    });
    const answers: CallResult[] = [];
    await Promise.all(
      Array.from({ length: BYSTANDERS }, async (_, i) => {
        // At least one round each, then until the failing calls have all been answered.
        do {
          answers.push((await gql(i % 2 === 0 ? GET_TOKEN : '{ __typename }')).res);
        } while (!finished);
      }),
    );
    return answers;
  }

  /** Every answer is the healthy one. */
  function expectHealthy(answers: CallResult[]): void {
    expect(answers.length).toBeGreaterThanOrEqual(BYSTANDERS);
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.json).not.toHaveProperty('errors');
      expect(res.json).toHaveProperty('data');
    }
  }

  /** The session endpoint answers the token's user again. */
  async function expectRecovered(): Promise<void> {
    const { res } = await gql(SESSION, token);
    expect(res.json).toEqual({ data: { session: { userName: 'tsadmin' } } });
  }

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, faults: true });
    g = await startTestGateway({
      thoughtspotUrl: emulator.url,
      env: { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) },
    });
    const res = await call(emulator.url, 'POST', '/tspublic/rest/v2/session/gettoken', {
      json: { userName: 'tsadmin', password: 'admin' },
    });
    token = (res.json as { token: string }).token;
  });
  afterAll(async () => {
    await g.close();
    await emulator.close();
  });
  afterEach(async () => {
    await control('DELETE');
  });

  it.each([
    ['latency beyond the timeout', { latencyMs: 5000 }, 'UPSTREAM_TIMEOUT', true],
    ['a hung connection (no answer ever)', { mode: 'hang' }, 'UPSTREAM_TIMEOUT', true],
    ['a dropped connection (reset)', { mode: 'drop' }, 'UPSTREAM_UNAVAILABLE', false],
    ['an answer cut off mid-body', { mode: 'truncated-json' }, 'UPSTREAM_UNAVAILABLE', false],
    ['malformed JSON', { mode: 'malformed-json' }, 'UPSTREAM_ERROR', false],
    ["a proxy's HTML 502 page", { mode: 'html' }, 'UPSTREAM_ERROR', false],
    ["a proxy's HTML 504 page", { mode: 'html', status: 504 }, 'UPSTREAM_TIMEOUT', false],
    [
      'a 200 of an unexpected shape',
      { mode: 'status', status: 200, body: { sessions: [] } },
      'UPSTREAM_ERROR',
      false,
    ],
    [
      'a 503 with a JSON body',
      { mode: 'status', status: 503, body: { error: 'down' } },
      'UPSTREAM_ERROR',
      false,
    ],
  ] as const)(
    '%s (%j) on the session endpoint gives %s; the others are answered; then it recovers',
    async (_name, rule, code, timed) => {
      await control('PUT', 'getSessionInfo', rule);

      const failing = Promise.all(
        Array.from({ length: FAILING_CALLERS }, () => gql(SESSION, token)),
      );
      const healthy = await bystanders(failing);

      for (const { res, ms } of await failing) {
        expect(res.status).toBe(200);
        expect(codeOf(res)).toBe(code);
        if (timed) expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
        expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      }
      expectHealthy(healthy);

      await control('DELETE', 'getSessionInfo');
      await expectRecovered();
    },
  );

  it('latency within the timeout is only slow: every caller gets its answer', async () => {
    await control('PUT', 'getSessionInfo', { latencyMs: TIMEOUT_MS / 3 });
    const answers = await Promise.all(
      Array.from({ length: FAILING_CALLERS }, () => gql(SESSION, token)),
    );
    for (const { res, ms } of answers) {
      expect(res.json).toEqual({ data: { session: { userName: 'tsadmin' } } });
      expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS / 3 - 20);
    }
  });

  it('every endpoint failing (`*`): each operation fails, GraphQL itself still answers', async () => {
    await control('PUT', '*', { mode: 'drop' });
    const answers = await Promise.all([
      gql(SESSION, token),
      gql(GET_TOKEN),
      gql('mutation { logout }'),
      gql('mutation { switchOrg(input: { id: 1 }) }'),
    ]);
    expect(answers.map(({ res }) => codeOf(res))).toEqual(Array(4).fill('UPSTREAM_UNAVAILABLE'));
    expect((await gql('{ __typename }')).res.json).toEqual({ data: { __typename: 'Query' } });
    await control('DELETE');
    await expectRecovered();
    expect(codeOf((await gql(GET_TOKEN)).res)).toBeUndefined();
  });

  it('hung calls filling their endpoint’s connections leave the other endpoints theirs', async () => {
    // Two connections per endpoint and a budget long enough to tell "answered meanwhile" from
    // "answered after the hung calls gave up".
    const budgetMs = 2000;
    const small = await startTestGateway({
      thoughtspotUrl: emulator.url,
      env: { UPSTREAM_TIMEOUT_MS: String(budgetMs), UPSTREAM_CONNECTIONS: '2' },
    });
    try {
      await control('PUT', 'getSessionInfo', { mode: 'hang' });
      let hungSettled = false;
      const hung = Promise.all(
        Array.from({ length: FAILING_CALLERS }, () =>
          call(small.url, 'POST', '/graphql', { json: { query: SESSION }, bearer: token }),
        ),
      ).finally(() => {
        hungSettled = true;
      });
      // Let the hung calls take both session connections and queue behind them.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const other = await call(small.url, 'POST', '/graphql', { json: { query: GET_TOKEN } });
      expect(other.json).toEqual({ data: { getToken: { userName: 'tsadmin' } } });
      expect(hungSettled).toBe(false);
      for (const res of await hung) expect(codeOf(res)).toBe('UPSTREAM_TIMEOUT');
    } finally {
      await control('DELETE');
      await small.close();
    }
  });

  it('a ThoughtSpot that is gone (connection refused), then back on the same address', async () => {
    const { port } = emulator;
    await emulator.close();

    const down = await Promise.all(
      Array.from({ length: FAILING_CALLERS }, () => gql(SESSION, token)),
    );
    for (const { res, ms } of down) {
      expect(codeOf(res)).toBe('UPSTREAM_UNAVAILABLE');
      // Refused at once: no waiting for the timeout.
      expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    }
    expect((await gql('{ __typename }')).res.json).toEqual({ data: { __typename: 'Query' } });

    // Back, as a new process would be: its sessions and tokens are new too.
    emulator = await startEmulator({ port, faults: true });
    const again = await gql(GET_TOKEN);
    expect(again.res.json).toEqual({ data: { getToken: { userName: 'tsadmin' } } });
    const res = await call(emulator.url, 'POST', '/tspublic/rest/v2/session/gettoken', {
      json: { userName: 'tsadmin', password: 'admin' },
    });
    token = (res.json as { token: string }).token;
    await expectRecovered();
  });
});
