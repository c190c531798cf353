// Signing in with the link from a real e-mail, with JavaScript on and off.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, expect, expectAccessible } from '../fixtures';

/** Waits for the outbox to write the mail to `address`, and returns the sign-in link in it. */
async function linkFromMail(address: string): Promise<string> {
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
      const found = decoded.match(/https?:\/\/[^\s"<]+\/logga-in\/[A-Za-z0-9_-]{43}/);
      if (found) return found[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no sign-in mail to ${address} in ${dir}`);
}

test('a colleague signs in with the link from the e-mail and signs out', async ({ page, visit }, info) => {
  const address = `anna.${info.project.name}.${Date.now()}@skola.se`;
  await visit('/logga-in');
  const field = page.getByLabel('E-postadress');

  // A mistake is explained, and what was typed stays.
  await field.fill('anna@skola');
  await page.getByRole('button', { name: 'Skicka inloggningslänk' }).click();
  await expect(page).toHaveURL(/fel=epost/);
  await expect(page.getByRole('alert')).toContainText('ser inte ut som en e-postadress');
  await expect(page.getByLabel('E-postadress')).toHaveValue('anna@skola');
  await expectAccessible(page);

  await page.getByLabel('E-postadress').fill(address);
  await page.getByRole('button', { name: 'Skicka inloggningslänk' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kolla din e-post');
  await expectAccessible(page);

  const link = await linkFromMail(address);
  await visit(new URL(link).pathname);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page).toHaveURL(/\/mina-grupper$/);
  await expect(page.getByText(`Du är inloggad som ${address}.`)).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Du är utloggad.');
  await visit('/mina-grupper');
  await expect(page.getByText('Du behöver logga in för att se dina grupper.')).toBeVisible();

  // The link worked once.
  await visit(new URL(link).pathname);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('alert')).toContainText('Länken fungerar inte längre.');
});
