/**
 * Every test that runs the gateway end to end (test/e2e, test/browser, test/federation, test/ops)
 * runs twice, once per ThoughtSpot API the gateway speaks: the `2.0 ·` and `beta ·` projects. A
 * test reads which from test/support/api.ts; the rest (unit, integration, emulator) runs once.
 * @type {import('jest').Config}
 */
const base = {
  testEnvironment: 'node',
  // Type checking is `npm run typecheck`'s job; tsconfig's isolatedModules makes ts-jest transpile only.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
const endToEnd = ['e2e', 'browser', 'federation', 'ops'].map(
  (dir) => `<rootDir>/test/${dir}/**/*.test.ts`,
);
const perApi = (api) => ({
  ...base,
  displayName: `${api} ·`,
  testMatch: endToEnd,
  globals: { THOUGHTSPOT_API: api },
});

module.exports = {
  testTimeout: 15000,
  projects: [
    {
      ...base,
      displayName: 'once',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/test/(e2e|browser|federation|ops)/'],
      // Integration tests drive the gateway against stand-in upstreams written in the beta's shapes
      // (what they test is the transport); the ones about REST API v2.0 set THOUGHTSPOT_API themselves.
      globals: { THOUGHTSPOT_API: 'beta' },
    },
    perApi('2.0'),
    perApi('beta'),
  ],
};
