import { Trace } from '@apollo/usage-reporting-protobuf';
import { startEntry } from '../support/entry-process';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import { call } from '../support/http';

/**
 * Federation's inline traces (ftv1): a router that asks with the apollo-federation-include-trace
 * header gets the field timings in the response's extensions. The gateway installs the plugin
 * itself, so no start line asks the operator to act, and every error in a trace is masked: what
 * ThoughtSpot said (the upstream status, code and ids in the client's error) never reaches a
 * router that way.
 */

const WRONG_PASSWORD =
  'mutation { getToken(input: { userName: "tsadmin", password: "wrong" }) { userName } }';
const TRACE_HEADER = { 'apollo-federation-include-trace': 'ftv1' };

interface Answer {
  errors?: { message: string; extensions: Record<string, unknown> }[];
  extensions?: { ftv1?: string };
}

/** Every error recorded anywhere in a trace's tree of nodes. */
function traceErrors(node: Trace.INode | null | undefined): Trace.IError[] {
  if (!node) return [];
  return [...(node.error ?? []), ...(node.child ?? []).flatMap((child) => traceErrors(child))];
}

describe('inline traces for a router', () => {
  let g: TestGateway;

  beforeAll(async () => {
    g = await startTestGateway();
  });
  afterAll(async () => {
    await g.close();
  });

  const speaksOfTracing = (message: unknown) => /inline trac/i.test(String(message));

  it('no start line speaks of inline tracing', async () => {
    // The real entry point (`npm start`; `npm run build` first when run alone).
    const run = startEntry({});
    try {
      await run.ready();
      const messages = run.lines().map((line) => line.msg);
      // The start-up lines came (the emulator warning, "ready"), and none of them is that one.
      expect(messages.length).toBeGreaterThanOrEqual(2);
      expect(messages.filter(speaksOfTracing)).toEqual([]);
    } finally {
      await run.kill();
    }
    // Nor in a gateway created in-process, where Apollo's own lines come through the same logger.
    expect(g.logs.map((line) => line.msg).filter(speaksOfTracing)).toEqual([]);
  });

  it('a traced request whose upstream call fails gets a trace with the error masked', async () => {
    const res = await call(g.url, 'POST', '/graphql', {
      json: { query: WRONG_PASSWORD },
      headers: TRACE_HEADER,
    });
    const answer = res.json as Answer;
    const [error] = answer.errors ?? [];
    // What the client sees: the upstream's details, for a support ticket.
    expect(error?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: { status: 401 } });
    const ftv1 = answer.extensions?.ftv1;
    expect(typeof ftv1).toBe('string');
    const trace = Trace.decode(Buffer.from(ftv1 ?? '', 'base64'));
    const errors = traceErrors(trace.root);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe('<masked>');
    const decoded = JSON.stringify(Trace.toObject(trace));
    expect(decoded).not.toContain(error?.message ?? 'no message');
    expect(decoded).not.toContain('upstream');
    expect(decoded).not.toContain('UNAUTHENTICATED');
  });

  it('a request without the header gets no trace', async () => {
    const res = await call(g.url, 'POST', '/graphql', { json: { query: WRONG_PASSWORD } });
    expect((res.json as Answer).errors).toHaveLength(1);
    expect((res.json as Answer).extensions?.ftv1).toBeUndefined();
  });
});
