// A process leader registers the organisation and adds a unit, with JavaScript on and off.
import { test, expect, expectAccessible } from '../fixtures';
import { linkFromMail, signIn } from '../mail';

test('a process leader registers, adds a unit and a colleague joins from the invitation', async ({ page, browser }, info) => {
  test.setTimeout(90_000);
  await signIn(page, `rektor.${info.project.name}.${Date.now()}@ekby.se`);
  await page.getByRole('link', { name: 'Anmäl din organisation' }).click();
  await expectAccessible(page);

  // A forgotten choice is explained; what was typed stays.
  await page.getByLabel('Ditt namn').fill('Anna Berg');
  await page.getByLabel('Huvudmannens namn').fill('Ekby kommun');
  await page.getByRole('button', { name: 'Anmäl' }).click();
  await expect(page.getByRole('alert')).toHaveText('Välj om huvudmannen är kommunal eller enskild.');
  await expect(page.getByLabel('Huvudmannens namn')).toHaveValue('Ekby kommun');
  await expectAccessible(page);

  await page.getByLabel('Kommunal').check();
  await page.getByRole('button', { name: 'Anmäl' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ekby kommun');
  await expect(page.getByRole('cell', { name: 'Anna Berg' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Steg 1: Gemensam grund' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Organisationens översikt och enheter' }).click();
  await expectAccessible(page);
  await page.getByLabel('Enhetens namn').fill('Björkskolan');
  await page.getByLabel('Grundskola').check();
  await page.getByLabel('Skolenhetskod (frivillig)').fill('12345678');
  await page.getByRole('button', { name: 'Skapa enhetens grupp' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Björkskolan');
  await expect(page.getByText('Spår: Enhet. Huvudman: Ekby kommun.')).toBeVisible();
  await expectAccessible(page);

  // Invite a colleague, and a mistake in another address stays in the box to fix.
  const colleague = `larare.${info.project.name}.${Date.now()}@ekby.se`;
  await page.getByLabel('E-postadresser').fill(`${colleague}, fel@`);
  await page.getByRole('button', { name: 'Skicka inbjudningar' }).click();
  await expect(page.getByRole('status').first()).toContainText('Inbjudna: 1.');
  await expect(page.getByLabel('E-postadresser')).toHaveValue('fel@');
  await expect(page.getByText(colleague)).toBeVisible();
  await expectAccessible(page);

  // The colleague, in a browser of their own, joins with only a name.
  const other = await browser.newContext({
    javaScriptEnabled: info.project.use.javaScriptEnabled !== false, locale: 'sv-SE',
  });
  const theirs = await other.newPage();
  await theirs.goto(new URL(await linkFromMail(colleague)).pathname);
  await expect(theirs.getByRole('heading', { level: 1 })).toHaveText('Du är inbjuden');
  await expectAccessible(theirs);
  await theirs.getByLabel('Ditt namn').fill('Lars Lärare');
  await theirs.getByRole('button', { name: 'Gå med i gruppen' }).click();
  await expect(theirs.getByRole('heading', { level: 1 })).toHaveText('Björkskolan');
  await expect(theirs.getByRole('cell', { name: 'Lars Lärare' })).toBeVisible();
  await expect(theirs.getByRole('link', { name: 'Steg 1: Gemensam grund' })).toBeVisible();
  await expectAccessible(theirs);
  await other.close();
});
