import type { EmulatorHandle, EmulatorOptions } from '../../src/emulator';
import { ManualClock, startEmulator } from '../../src/emulator';
import { V1_ORGS_PATH, V2_BASE_PATH } from '../../src/contract';
import type { CallOptions, CallResult } from './http';
import { API, call, cookieHeader } from './http';

export interface TestEmulator {
  emulator: EmulatorHandle;
  clock: ManualClock;
  /** A call to `${url}/tspublic/rest/v2${path}`. */
  api(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  /** GET /session with these credentials; fails the test unless it answers 200. */
  sessionInfo(auth: { cookie?: string; bearer?: string }): Promise<Record<string, unknown>>;
  /** Logs in with a password; returns the Cookie header to send back and the raw Set-Cookie values. */
  login(
    userName: string,
    password: string,
    rememberMe?: boolean,
  ): Promise<{ cookie: string; setCookie: string[] }>;
  /** gettoken with a password; returns the bearer token. */
  token(userName: string, password: string, extra?: Record<string, unknown>): Promise<string>;
  /** A call to `${url}/api/rest/2.0${path}` (REST API v2.0). */
  v2(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  /** A call to the v1 org endpoint, `${url}/callosum/v1/tspublic/v1/session/orgs`. */
  v1Orgs(method: string, options?: CallOptions): Promise<CallResult>;
  /** v2.0 GET /auth/session/user; fails the test unless it answers 200. */
  v2User(auth: { cookie?: string; bearer?: string }): Promise<Record<string, unknown>>;
  /** v2.0 password login (extra: org_identifier, remember_me); the Cookie header and Set-Cookie values. */
  v2Login(
    username: string,
    password: string,
    extra?: Record<string, unknown>,
  ): Promise<{ cookie: string; setCookie: string[] }>;
  /** v2.0 token/full with a password (extra: validity_time_in_sec, org_id, ...); the token. */
  v2Token(username: string, password: string, extra?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** An emulator on port 0 with a manual clock (fixed start, so expiry maths is exact). */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const clock =
    options.clock instanceof ManualClock
      ? options.clock
      : new ManualClock(Date.UTC(2026, 0, 15, 9));
  const emulator = await startEmulator({ ...options, port: 0, clock });
  const api = (method: string, path: string, callOptions?: CallOptions) =>
    call(emulator.url, method, `${API}${path}`, callOptions);
  return {
    emulator,
    clock,
    api,
    async sessionInfo(auth) {
      const res = await api('GET', '/session', auth);
      expect(res.status).toBe(200);
      return res.json as Record<string, unknown>;
    },
    async login(userName, password, rememberMe) {
      const res = await api('POST', '/session/login', {
        json: { userName, password, ...(rememberMe !== undefined && { rememberMe }) },
      });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
      return { cookie: cookieHeader(res.setCookie), setCookie: res.setCookie };
    },
    async token(userName, password, extra = {}) {
      const res = await api('POST', '/session/gettoken', {
        json: { userName, password, ...extra },
      });
      if (res.status !== 200) throw new Error(`gettoken failed: ${res.status} ${res.text}`);
      return (res.json as { token: string }).token;
    },
    v2: (method, path, callOptions) =>
      call(emulator.url, method, `${V2_BASE_PATH}${path}`, callOptions),
    v1Orgs: (method, callOptions) => call(emulator.url, method, V1_ORGS_PATH, callOptions),
    async v2User(auth) {
      const res = await call(emulator.url, 'GET', `${V2_BASE_PATH}/auth/session/user`, auth);
      expect(res.status).toBe(200);
      return res.json as Record<string, unknown>;
    },
    async v2Login(username, password, extra = {}) {
      const res = await call(emulator.url, 'POST', `${V2_BASE_PATH}/auth/session/login`, {
        json: { username, password, ...extra },
      });
      if (res.status !== 204) throw new Error(`v2.0 login failed: ${res.status} ${res.text}`);
      return { cookie: cookieHeader(res.setCookie), setCookie: res.setCookie };
    },
    async v2Token(username, password, extra = {}) {
      const res = await call(emulator.url, 'POST', `${V2_BASE_PATH}/auth/token/full`, {
        json: { username, password, ...extra },
      });
      if (res.status !== 200) throw new Error(`v2.0 token/full failed: ${res.status} ${res.text}`);
      return (res.json as { token: string }).token;
    },
    close: () => emulator.close(),
  };
}
