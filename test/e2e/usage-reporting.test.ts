import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginUsageReporting } from '@apollo/server/plugin/usageReporting';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import { call } from '../support/http';

/**
 * Apollo Studio usage reporting, against a stand-in for Apollo's endpoint on 127.0.0.1: on only when
 * APOLLO_KEY and APOLLO_GRAPH_REF are both configured, and then never a variable value, a header or
 * an inline literal in what is sent. Reports are gzipped protobuf; the secrets are looked for in the
 * decompressed bytes (a string field of protobuf is its UTF-8 bytes as is).
 */

const KEY = 'service:test-graph:k3y-n0t-a-real-one';
const GRAPH_REF = 'test-graph@current';
const SECRET_PASSWORD = 'pw-VARIABLE-SECRET-7c1e';
const SECRET_KEY = 'INLINE-LITERAL-SECRET-42aa';
const SECRET_BEARER = 'BEARER-HEADER-SECRET-9d0f';
const SECRET_COOKIE = 'COOKIE-HEADER-SECRET-51b3';

interface Report {
  headers: IncomingHttpHeaders;
  /** The decompressed body. */
  payload: Buffer;
}

interface Receiver {
  url: string;
  reports: Report[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const reports: Report[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      reports.push({ headers: req.headers, payload: gunzipSync(Buffer.concat(chunks)) });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/ingress/traces`,
    reports,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/** The operations of the flow: a variable password, an inline secret key, credentials in headers. */
async function sendSecrets(g: TestGateway): Promise<void> {
  const login = await call(g.url, 'POST', '/graphql', {
    json: {
      query: 'mutation PrivateLogin($input: LoginInput) { login(input: $input) { userName } }',
      variables: { input: { userName: 'tsadmin', password: SECRET_PASSWORD } },
    },
  });
  expect(login.json).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  const token = await call(g.url, 'POST', '/graphql', {
    json: {
      query: `mutation InlineToken { getToken(input: {userName: "tsadmin", secretKey: "${SECRET_KEY}"}) { token } }`,
    },
  });
  expect(token.json).toHaveProperty('errors');
  const session = await call(g.url, 'POST', '/graphql', {
    json: { query: 'query WhoAmI { session { userName } }' },
    headers: { authorization: `Bearer ${SECRET_BEARER}`, cookie: `JSESSIONID=${SECRET_COOKIE}` },
  });
  expect(session.json).toHaveProperty('errors');
}

function expectNoSecret(payload: Buffer): void {
  for (const secret of [SECRET_PASSWORD, SECRET_KEY, SECRET_BEARER, SECRET_COOKIE])
    expect(payload.includes(secret)).toBe(false);
}

/**
 * Apollo's plugin files a request's trace one event-loop turn after the response (a setImmediate),
 * and a report sent on stop holds only what was filed: let that turn pass first.
 */
const traceRecorded = () =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, 50);
  });

const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const reportingLine = (g: TestGateway) =>
  g.logs.filter((line) => String(line.msg).startsWith('Apollo usage reporting starting'));

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

describe('with APOLLO_KEY and APOLLO_GRAPH_REF', () => {
  it('reports usage to the graph, without variable values, headers or inline literals', async () => {
    const g = await startTestGateway({
      env: { APOLLO_KEY: KEY, APOLLO_GRAPH_REF: GRAPH_REF },
      usageReporting: { endpointUrl: receiver.url },
    });
    try {
      await sendSecrets(g);
      await traceRecorded();
    } finally {
      // Stopping sends what is left to report.
      await g.close();
    }
    expect(reportingLine(g)).toHaveLength(1);
    expect(receiver.reports.length).toBeGreaterThan(0);
    const payload = Buffer.concat(receiver.reports.map((r) => r.payload));
    // A real report: for this graph, naming the operations by their signatures.
    expect(payload.includes(GRAPH_REF)).toBe(true);
    for (const name of ['PrivateLogin', 'InlineToken', 'WhoAmI'])
      expect(payload.includes(name)).toBe(true);
    for (const report of receiver.reports) {
      expect(report.headers['x-api-key']).toBe(KEY);
      expect(report.headers['content-encoding']).toBe('gzip');
    }
    expectNoSecret(payload);
    expect(g.rawLogs()).not.toContain(KEY);
  });

  it('(the check itself) sees a variable value when a server does send them', async () => {
    const server = new ApolloServer({
      typeDefs: 'type Query { echo(s: String): String }',
      resolvers: { Query: { echo: (_: unknown, { s }: { s: string }) => s } },
      apollo: { key: KEY, graphRef: GRAPH_REF },
      plugins: [
        ApolloServerPluginUsageReporting({
          sendVariableValues: { all: true },
          endpointUrl: receiver.url,
          logger: silent,
        }),
      ],
    });
    await server.start();
    await server.executeOperation({
      query: 'query Echo($s: String) { echo(s: $s) }',
      variables: { s: SECRET_PASSWORD },
    });
    await traceRecorded();
    await server.stop();
    const payload = Buffer.concat(receiver.reports.map((r) => r.payload));
    expect(payload.includes(SECRET_PASSWORD)).toBe(true);
  });
});

describe('without both settings', () => {
  it.each([
    ['neither', {}],
    ['APOLLO_KEY alone', { APOLLO_KEY: KEY }],
    ['APOLLO_GRAPH_REF alone', { APOLLO_GRAPH_REF: GRAPH_REF }],
  ])('sends nothing with %s', async (_what, env: Record<string, string>) => {
    const g = await startTestGateway({ env, usageReporting: { endpointUrl: receiver.url } });
    try {
      await sendSecrets(g);
    } finally {
      await g.close();
    }
    expect(receiver.reports).toEqual([]);
    expect(reportingLine(g)).toEqual([]);
  });

  it('ignores APOLLO_KEY and APOLLO_GRAPH_REF that only Apollo Server would find in process.env', async () => {
    // Apollo Server reads these from process.env by itself; the gateway's configuration has neither.
    const saved = { key: process.env.APOLLO_KEY, ref: process.env.APOLLO_GRAPH_REF };
    process.env.APOLLO_KEY = KEY;
    process.env.APOLLO_GRAPH_REF = GRAPH_REF;
    let g: TestGateway | undefined;
    try {
      g = await startTestGateway();
      await sendSecrets(g);
      await g.close();
    } finally {
      if (saved.key === undefined) delete process.env.APOLLO_KEY;
      else process.env.APOLLO_KEY = saved.key;
      if (saved.ref === undefined) delete process.env.APOLLO_GRAPH_REF;
      else process.env.APOLLO_GRAPH_REF = saved.ref;
    }
    // Apollo's own usage reporting would say this as it starts, and then try to send.
    expect(reportingLine(g)).toEqual([]);
    expect(g.logs.filter((line) => Number(line.level) >= 40)).toEqual([]);
  });
});
