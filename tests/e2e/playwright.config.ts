// Browser tests on Debian's Chromium (never a downloaded browser), in two projects: JavaScript
// on (islands hydrate) and off (server-rendered pages and plain forms must do everything).
// Mail goes by SMTP to a real SMTP server (aiosmtpd). The whole-journey spec moves the server's
// clock forward, which ends every session, so it runs alone after the others, once per mode.
import { defineConfig } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';

const port = Number(process.env.E2E_PORT ?? 3900);
const baseURL = `http://127.0.0.1:${port}`;
const database = path.join(os.tmpdir(), `verkstad-e2e-${process.pid}.db`);
const repoRoot = path.resolve(__dirname, '..', '..');
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? port + 25);
// Set once by the main process (workers inherit it), so each run reads a maildir of its own.
export const mailDir = process.env.E2E_MAIL_DIR ?? path.join(os.tmpdir(), `verkstad-e2e-mail-${process.pid}`);
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
    { name: 'hydrate', use: { ...chromium }, testIgnore: /journey/ },
    { name: 'ssr', use: { ...chromium, javaScriptEnabled: false }, testIgnore: [/\.hydrate\./, /journey/] },
    { name: 'journey-hydrate', use: { ...chromium }, testMatch: /journey/, dependencies: ['hydrate', 'ssr'] },
    {
      name: 'journey-ssr', use: { ...chromium, javaScriptEnabled: false }, testMatch: /journey/,
      dependencies: ['journey-hydrate'],
    },
  ],
  webServer: [{
    command: `python3 -m aiosmtpd -n -l 127.0.0.1:${smtpPort} -c aiosmtpd.handlers.Mailbox ${mailDir}`,
    port: smtpPort,
    reuseExistingServer: false,
    timeout: 20_000,
    stdout: 'ignore',
    stderr: 'pipe',
  }, {
    command: process.env.E2E_SERVER_BIN ?? 'verkstad',
    cwd: repoRoot,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      VERKSTAD_ADDRESS: `127.0.0.1:${port}`,
      // SQLite by default; `make test` runs the group-work specs once more on PostgreSQL.
      VERKSTAD_DATABASE_URL: process.env.E2E_DATABASE_URL ?? `sqlite://${database}?mode=rwc`,
      VERKSTAD_SITE_ROOT: path.join(repoRoot, 'target', 'site'),
      VERKSTAD_CONTENT_DIR: path.join(repoRoot, 'content'),
      VERKSTAD_MAIL_TRANSPORT: 'smtp',
      VERKSTAD_SMTP_HOST: '127.0.0.1',
      VERKSTAD_SMTP_PORT: String(smtpPort),
      VERKSTAD_SMTP_TLS: 'none',
      VERKSTAD_OUTBOX_POLL_SECONDS: '1',
      // One administrator per project, so their sign-in links never cross.
      VERKSTAD_PLATFORM_ADMINS: '[ada.hydrate@verkstad.test, ada.ssr@verkstad.test]',
      // Every spec signs in from 127.0.0.1: more than a school's hour of sign-ins.
      VERKSTAD_SIGN_IN_PER_CLIENT_HOUR: '500',
      // Lets the journey move time with POST /_test/clock.
      VERKSTAD_TEST_CLOCK: 'true',
      RUST_LOG: 'warn',
    },
  }],
});
