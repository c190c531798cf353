// Reading what Verkstad sent: the e2e server writes each mail as an .eml file in E2E_MAIL_DIR.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from '@playwright/test';

/** Waits for the outbox to write the mail to `address`, and returns the sign-in or invitation link in it. */
export async function linkFromMail(address: string): Promise<string> {
  const dir = process.env.E2E_MAIL_DIR!;
  for (let i = 0; i < 60; i++) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    for (const file of files) {
      const raw = fs.readFileSync(path.join(dir, file), 'utf8');
      if (!raw.includes(address)) continue;
      // The body may be quoted-printable or base64: undo both before looking for the link.
      const unfolded = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const decoded = unfolded + (unfolded.match(/^[A-Za-z0-9+/=]{20,}$/gm) ?? [])
        .map((line) => Buffer.from(line, 'base64').toString('utf8')).join('\n');
      const found = decoded.match(/https?:\/\/[^\s"<]+\/(?:logga-in|inbjudan)\/[A-Za-z0-9_-]{43}/);
      if (found) return found[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no mail with a link to ${address} in ${dir}`);
}

/** Signs `page` in as `address` through the link in the mail. */
export async function signIn(page: Page, address: string) {
  await page.goto('/logga-in');
  await page.getByLabel('E-postadress').fill(address);
  await page.getByRole('button', { name: 'Skicka inloggningslänk' }).click();
  await page.waitForURL(/\/logga-in\/skickat/);
  await page.goto(new URL(await linkFromMail(address)).pathname);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(/\/mina-grupper$/);
}
