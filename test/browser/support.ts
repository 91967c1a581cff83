import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright-core';
import { chromium } from 'playwright-core';

/**
 * A real browser for the browser tests: Debian's Chromium driven by playwright-core, headless, in a
 * fresh profile, talking to loopback servers only. `.ci/install-chromium` installs Debian's when it
 * is missing; on a machine without it these tests fail, saying how to point CHROMIUM_PATH at a
 * browser (as that script does), rather than pass unseen.
 */

// An empty CHROMIUM_PATH counts as unset, as in .ci/install-chromium.
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The example .ci/install-chromium gives too (test/ops/install-chromium.test.ts holds them equal). */
export const MACOS_CHROME = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  browser: Browser;
  /** A new context: its own cookie jar, as a new browser profile would have. */
  context(): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not at ${CHROMIUM}: the browser tests drive a real browser. On Debian, ` +
        '`bash .ci/install-chromium` installs it; elsewhere install Chromium or Chrome and point ' +
        `CHROMIUM_PATH at its executable (macOS: CHROMIUM_PATH="${MACOS_CHROME}").`,
    );
  // launch() gives Chromium a fresh temporary profile (--user-data-dir), removed on close.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  return {
    browser,
    context: () => browser.newContext(),
    close: () => browser.close(),
  };
}

/** A web app's origin: a loopback server answering GETs with its pages (an empty one by default). */
export interface Origin {
  /** e.g. http://127.0.0.1:41234, or http://localhost:41235 for another site. */
  url: string;
  close(): Promise<void>;
}

const EMPTY_PAGE = '<!doctype html><html><head><title>app</title></head><body></body></html>';

export async function startOrigin(
  host: '127.0.0.1' | 'localhost',
  pages: Readonly<Record<string, string>> = {},
): Promise<Origin> {
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(pages[req.url ?? '/'] ?? EMPTY_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A page whose form posts `fields` to `action` as `enctype` as soon as it loads. */
export function autoSubmittingForm(
  action: string,
  enctype: string,
  fields: Readonly<Record<string, string>>,
): string {
  const attr = (value: string) => value.replaceAll('&', '&amp;').replaceAll("'", '&#39;');
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type='hidden' name='${attr(name)}' value='${attr(value)}'>`)
    .join('');
  return (
    `<!doctype html><html><body onload='document.forms[0].submit()'>` +
    `<form method='POST' action='${attr(action)}' enctype='${attr(enctype)}'>${inputs}</form></body></html>`
  );
}
