import {
  GetTokenDocument,
  LoginDocument,
  RevokeTokenDocument,
  SessionDocument,
} from '../generated/operations';
import { UPSTREAM_CODES } from '../support/api';
import type { TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';
import { ANALYST, TSADMIN, cookieFrom, errorOf, send } from './support';

/** The bearer token as an API client or an embedding page uses it, through the gateway (§11.6). */

describe('bearer flow', () => {
  let g: TestGateway;
  beforeEach(async () => {
    g = await startTestGateway();
  });
  afterEach(() => g.close());

  async function getToken(user: { userName: string; password: string }): Promise<string> {
    const res = await send(g.client(), GetTokenDocument, {
      input: { userName: user.userName, password: user.password },
    });
    expect(res.data.getToken.tokenType).toBe('Bearer');
    return res.data.getToken.token;
  }
  const bearer = (token: string) => g.client({ authorization: `Bearer ${token}` });

  it('getToken → session by bearer → revokeToken → the token is refused', async () => {
    const token = await getToken(TSADMIN);
    const session = await send(bearer(token), SessionDocument);
    expect(session.data.session).toMatchObject({ id: TSADMIN.id, userName: 'tsadmin' });

    const revoked = await send(bearer(token), RevokeTokenDocument);
    expect(revoked.data).toEqual({ revokeToken: true });
    expect(revoked.setCookies).toEqual([]);

    const error = await errorOf(send(bearer(token), SessionDocument));
    expect(error.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      upstream: { status: 401, code: UPSTREAM_CODES.unauthenticated },
    });
    // Revoking again: the token is already gone.
    expect((await errorOf(send(bearer(token), RevokeTokenDocument))).extensions.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it("revoking one token leaves the user's other tokens working", async () => {
    const first = await getToken(ANALYST);
    const second = await getToken(ANALYST);
    expect(first).not.toBe(second);
    await send(bearer(first), RevokeTokenDocument);
    expect((await send(bearer(second), SessionDocument)).data.session.id).toBe(ANALYST.id);
  });

  it('a cookie session logged in with the token ends when the token is revoked', async () => {
    const token = await getToken(TSADMIN);
    const login = await send(bearer(token), LoginDocument);
    expect(login.data.login).toMatchObject({ userName: 'tsadmin', tokenType: 'Cookie', token: '' });
    expect(login.setCookies).toHaveLength(2);
    const fromToken = g.client({ cookie: cookieFrom(login.setCookies) });
    expect((await send(fromToken, SessionDocument)).data.session.id).toBe(TSADMIN.id);

    // A password session of the same user, made independently of the token.
    const byPassword = await send(g.client(), LoginDocument, {
      input: { userName: 'tsadmin', password: 'admin' },
    });
    const independent = g.client({ cookie: cookieFrom(byPassword.setCookies) });

    expect((await send(bearer(token), RevokeTokenDocument)).data.revokeToken).toBe(true);

    const ended = await errorOf(send(fromToken, SessionDocument));
    expect(ended.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: { status: 401 } });
    expect((await send(independent, SessionDocument)).data.session.id).toBe(TSADMIN.id);
  });

  // Trailing spaces are not part of a header value (RFC 9110), so ThoughtSpot sees just "Bearer".
  it('an empty "Bearer " is no credential: UNAUTHENTICATED', async () => {
    const error = await errorOf(send(g.client({ authorization: 'Bearer ' }), SessionDocument));
    expect(error.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      upstream: { status: 401, code: UPSTREAM_CODES.unauthenticated },
    });
  });

  it('an empty "Bearer " beside a session cookie: the cookie counts', async () => {
    const login = await send(g.client(), LoginDocument, {
      input: { userName: 'analyst', password: 'analyst' },
    });
    const client = g.client({ authorization: 'Bearer ', cookie: cookieFrom(login.setCookies) });
    expect((await send(client, SessionDocument)).data.session.id).toBe(ANALYST.id);
  });

  it('an unknown token is refused, even beside a valid session cookie', async () => {
    const login = await send(g.client(), LoginDocument, {
      input: { userName: 'analyst', password: 'analyst' },
    });
    const client = g.client({
      authorization: 'Bearer bm90LWEtdG9rZW4=',
      cookie: cookieFrom(login.setCookies),
    });
    expect((await errorOf(send(client, SessionDocument))).extensions.code).toBe('UNAUTHENTICATED');
  });
});
