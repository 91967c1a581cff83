import type { EmulatorHandle, EmulatorOptions } from '../../src/emulator';
import { ManualClock, startEmulator } from '../../src/emulator';
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
    close: () => emulator.close(),
  };
}
