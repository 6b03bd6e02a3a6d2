import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../helpers/server.js';

/** Debian's Chromium (CI installs it in .ci/run); playwright's own browser downloads cannot run here. */
export const CHROMIUM = process.env['LAKEHOSE_CHROMIUM'] ?? '/usr/bin/chromium';

/** Screenshots land here (git-ignored) so a person can look at what the tests saw. */
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/**
 * Headless Chromium. Missing Chromium is a failure with the fix in the message, never a
 * silent skip: these tests are the only ones that look at the console's pages.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The console's browser tests need Chromium at ${CHROMIUM}. Install it with ` +
        '`sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium` (CI installs it in .ci/run), ' +
        'or point LAKEHOSE_CHROMIUM at a Chromium binary.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    // The machine has no network but loopback: keep Chromium from calling home at start.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Fails the test with the page's console errors, which otherwise vanish with the browser. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  return errors;
}
