// Reading what Verkstad sent: the e2e server delivers by SMTP to a real SMTP server (Python's
// aiosmtpd), which keeps every message as a file in the maildir E2E_MAIL_DIR.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from '@playwright/test';

type Mail = { raw: string; decoded: string; at: number };

/** Every message delivered so far, oldest first, with quoted-printable and base64 undone. */
function mailbox(): Mail[] {
  const root = process.env.E2E_MAIL_DIR!;
  const mails: Mail[] = [];
  for (const folder of ['new', 'cur']) {
    const dir = path.join(root, folder);
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir)) {
      const full = path.join(dir, file);
      const raw = fs.readFileSync(full, 'utf8');
      const unfolded = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const decoded = unfolded + (unfolded.match(/^[A-Za-z0-9+/=]{20,}$/gm) ?? [])
        .map((line) => Buffer.from(line, 'base64').toString('utf8')).join('\n');
      mails.push({ raw, decoded, at: fs.statSync(full).mtimeMs });
    }
  }
  return mails.sort((a, b) => a.at - b.at);
}

function to(mail: Mail, address: string) {
  return new RegExp(`^To: .*${address.replace(/[.+]/g, '\\$&')}`, 'mi').test(mail.raw);
}

/** The sign-in and invitation links mailed to `address` so far, oldest first. */
export function links(address: string): string[] {
  return mailbox()
    .filter((mail) => to(mail, address))
    .map((mail) => mail.decoded.match(/https?:\/\/[^\s"<]+\/(?:logga-in|inbjudan)\/[A-Za-z0-9_-]{43}/)?.[0])
    .filter((link): link is string => !!link);
}

/** The unsubscribe links in notices mailed to `address` so far, oldest first. */
export function unsubscribeLinks(address: string): string[] {
  return mailbox()
    .filter((mail) => to(mail, address))
    .map((mail) => mail.decoded.match(/https?:\/\/[^\s"<]+\/avregistrera\/[A-Za-z0-9_-]{43}/)?.[0])
    .filter((link): link is string => !!link);
}

/** Waits for a mail to `address` with a sign-in or invitation link other than `except`, and
 * returns the newest such link. */
export async function linkFromMail(address: string, except: string[] = []): Promise<string> {
  for (let i = 0; i < 80; i++) {
    const fresh = links(address).filter((link) => !except.includes(link));
    if (fresh.length > 0) return fresh[fresh.length - 1];
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no new mail with a link to ${address} in ${process.env.E2E_MAIL_DIR}`);
}

/** Waits until `address` has received a mail whose text contains `words`. */
export async function expectMail(address: string, words: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (mailbox().some((mail) => to(mail, address) && mail.decoded.includes(words))) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no mail to ${address} saying "${words}"`);
}

/** Signs `page` in as `address` through the newest link in the mail. */
export async function signIn(page: Page, address: string) {
  const earlier = links(address);
  await page.goto('/logga-in');
  await page.getByLabel('E-postadress').fill(address);
  await page.getByRole('button', { name: 'Skicka inloggningslänk' }).click();
  await page.waitForURL(/\/logga-in\/skickat/);
  await page.goto(new URL(await linkFromMail(address, earlier)).pathname);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(/\/mina-grupper$/);
}
