import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MACOS_CHROME } from '../browser/support';
import { ROOT } from '../support/entry-process';

/**
 * `.ci/install-chromium`, the first step of the README's test command, run for real by bash: it
 * leaves a browser that is there alone, and where it cannot help (a CHROMIUM_PATH naming nothing)
 * it stops before apt-get, saying how to point CHROMIUM_PATH at a browser, as the browser tests do.
 */

const SCRIPT = path.join(ROOT, '.ci', 'install-chromium');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'install-chromium-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(chromiumPath: string) {
  // Only what a shell has: the script must not reach for apt-get in these cases.
  return spawnSync('/bin/bash', [SCRIPT], {
    env: { PATH: '/usr/bin:/bin', CHROMIUM_PATH: chromiumPath },
    encoding: 'utf8',
  });
}

it('does nothing when CHROMIUM_PATH names an executable', () => {
  const browser = path.join(dir, 'chrome');
  writeFileSync(browser, '#!/bin/sh\n');
  chmodSync(browser, 0o755);
  const result = run(browser);
  expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
    status: 0,
    stdout: '',
    stderr: '',
  });
});

it('stops, naming CHROMIUM_PATH and a macOS example, when CHROMIUM_PATH names nothing', () => {
  const missing = path.join(dir, 'no-such-browser');
  const result = run(missing);
  expect(result.status).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain(`CHROMIUM_PATH is ${missing}, which is not an executable file.`);
  expect(result.stderr).toContain(`export CHROMIUM_PATH="${MACOS_CHROME}"`);
});
