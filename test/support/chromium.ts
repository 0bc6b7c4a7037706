// Debian's Chromium for the browser tests, headless, with a page that records what goes wrong on
// it: page errors, console errors, and requests that `allowed` does not accept.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

export async function openPage(
  profileDir: string,
  options: { viewport?: { width: number; height: number }; allowed: (url: string) => boolean; problems: string[] },
): Promise<{ browser: BrowserContext; page: Page }> {
  // CI installs Chromium (.ci/run); a missing browser is a broken setup, not a reason to skip.
  assert.ok(existsSync(CHROMIUM), `Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\``);
  const browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    ...(options.viewport ? { viewport: options.viewport } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(10_000);
  const { problems } = options;
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('request', (request) => {
    if (!options.allowed(request.url())) problems.push(`request not allowed: ${request.url()}`);
  });
  return { browser, page };
}
