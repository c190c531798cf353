// Signing in with the link from a real e-mail, with JavaScript on and off.
import { test, expect, expectAccessible } from '../fixtures';
import { linkFromMail } from '../mail';

test('a colleague signs in with the link from the e-mail and signs out', async ({ page, visit }, info) => {
  test.setTimeout(60_000);
  const address = `anna.${info.project.name}.${Date.now()}@skola.se`;
  await visit('/logga-in');
  const field = page.getByLabel('E-postadress');

  // A mistake is explained, and what was typed stays.
  await field.fill('anna@skola');
  await page.getByRole('button', { name: 'Skicka inloggningslänk' }).click();
  // The address comes back through the server, never in the URL.
  await expect(page).toHaveURL(/\/logga-in#epost$/);
  await expect(page.getByRole('alert')).toContainText('går inte att använda som e-postadress');
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
