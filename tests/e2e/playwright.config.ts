// Browser tests on Debian's Chromium (never a downloaded browser), in two projects: JavaScript
// on (islands hydrate) and off (server-rendered pages and plain forms must do everything).
import { defineConfig } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';

const port = Number(process.env.E2E_PORT ?? 3900);
const baseURL = `http://127.0.0.1:${port}`;
const database = path.join(os.tmpdir(), `verkstad-e2e-${process.pid}.db`);
const repoRoot = path.resolve(__dirname, '..', '..');
export const mailDir = process.env.E2E_MAIL_DIR ?? path.join(os.tmpdir(), `verkstad-e2e-mail-${port}`);
process.env.E2E_MAIL_DIR = mailDir;

const chromium = {
  launchOptions: {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  },
};

export default defineConfig({
  testDir: './specs',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: { baseURL, locale: 'sv-SE', trace: 'off' },
  projects: [
    { name: 'hydrate', use: { ...chromium } },
    { name: 'ssr', use: { ...chromium, javaScriptEnabled: false }, testIgnore: /\.hydrate\./ },
  ],
  webServer: {
    command: process.env.E2E_SERVER_BIN ?? 'verkstad',
    cwd: repoRoot,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      VERKSTAD_ADDRESS: `127.0.0.1:${port}`,
      VERKSTAD_DATABASE_URL: `sqlite://${database}?mode=rwc`,
      VERKSTAD_SITE_ROOT: path.join(repoRoot, 'target', 'site'),
      VERKSTAD_CONTENT_DIR: path.join(repoRoot, 'content'),
      // Mail is written as .eml files here, where the tests read the links from.
      VERKSTAD_MAIL_TRANSPORT: 'file',
      VERKSTAD_MAIL_DIR: mailDir,
      VERKSTAD_OUTBOX_POLL_SECONDS: '1',
      RUST_LOG: 'warn',
    },
  },
});
