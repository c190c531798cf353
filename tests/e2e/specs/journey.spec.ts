// The whole journey of issue 4, with JavaScript on and off, against the real app and a real
// SMTP server: a process leader registers, adds a unit and invites two colleagues; one joins
// from a second browser; the other's link expires (the server's clock is moved forward) and
// asks for a new one; the leader resends, revokes and removes. Runs alone: moving the clock
// ends every session on the server.
import { test, expect, expectAccessible } from '../fixtures';
import { expectMail, linkFromMail, signIn } from '../mail';
import type { Browser, Page } from '@playwright/test';

/** Moves the server's clock forward (only a server started with test_clock allows it). */
async function advanceClock(page: Page, days: number) {
  const origin = new URL(page.url()).origin;
  const response = await page.request.post('/_test/clock', {
    form: { seconds: String(days * 24 * 3600) },
    headers: { origin },
  });
  expect(response.status()).toBe(204);
}

/** A browser of the colleague's own, with JavaScript as in this project. */
async function otherBrowser(browser: Browser, javaScript: boolean) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, locale: 'sv-SE' });
  return { context, page: await context.newPage() };
}

test('register, invite two, one joins, one expires and asks again; resend, revoke, remove', async ({ page, browser }, info) => {
  test.setTimeout(150_000);
  const javaScript = info.project.use.javaScriptEnabled !== false;
  const stamp = `${info.project.name}.${Date.now()}`;
  const leader = `rektor.${stamp}@ekby.se`;
  await signIn(page, leader);
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
  const groupPath = new URL(page.url()).pathname;

  // Two colleagues at once; a mistake in a third address stays in the box to fix.
  const lars = `lars.${stamp}@ekby.se`;
  const maja = `maja.${stamp}@ekby.se`;
  await page.getByLabel('E-postadresser').fill(`${lars}, ${maja}; fel@`);
  await page.getByRole('button', { name: 'Skicka inbjudningar' }).click();
  await expect(page.getByRole('status').first()).toContainText('Inbjudna: 2.');
  await expect(page.getByLabel('E-postadresser')).toHaveValue('fel@');
  await expect(page.getByText(lars)).toBeVisible();
  await expect(page.getByText(maja)).toBeVisible();
  await expectAccessible(page);

  // Lars, in a browser of his own, joins with only a name and lands on the group's step 1.
  const larsBrowser = await otherBrowser(browser, javaScript);
  await larsBrowser.page.goto(new URL(await linkFromMail(lars)).pathname);
  await expect(larsBrowser.page.getByRole('heading', { level: 1 })).toHaveText('Du är inbjuden');
  await expectAccessible(larsBrowser.page);
  await larsBrowser.page.getByLabel('Ditt namn').fill('Lars Lärare');
  await larsBrowser.page.getByRole('button', { name: 'Gå med i gruppen' }).click();
  await expect(larsBrowser.page.getByRole('heading', { level: 1 })).toHaveText('Björkskolan');
  await expect(larsBrowser.page.getByRole('cell', { name: 'Lars Lärare' })).toBeVisible();
  await larsBrowser.page.getByRole('link', { name: 'Steg 1: Gemensam grund' }).click();
  await expect(larsBrowser.page.getByRole('heading', { level: 1 })).toContainText('Gemensam grund');
  await expect(larsBrowser.page.getByText('Processledaren har inte öppnat steget än.')).toBeVisible();
  await expectAccessible(larsBrowser.page);

  // Maja waits too long: fifteen days later her link has expired, and she asks for a new one.
  const majaFirst = await linkFromMail(maja);
  await advanceClock(page, 15);
  const majaBrowser = await otherBrowser(browser, javaScript);
  await majaBrowser.page.goto(new URL(majaFirst).pathname);
  await expect(majaBrowser.page.getByRole('heading', { level: 1 })).toHaveText('Inbjudan har gått ut');
  await expectAccessible(majaBrowser.page);
  await majaBrowser.page.getByRole('button', { name: 'Be om en ny inbjudan' }).click();
  await expect(majaBrowser.page.getByRole('status')).toContainText('Vi har meddelat Anna Berg');
  await expectMail(leader, `${maja} ber om en ny`);

  // Anna's session ended with the fortnight; she signs in again and re-sends.
  await signIn(page, leader);
  await page.goto(groupPath);
  await expect(page.locator('li', { hasText: maja })).toContainText('gick ut');
  await page.getByRole('button', { name: `Skicka igen till ${maja}` }).click();
  await expect(page.getByRole('status')).toContainText('En ny inbjudan är skickad.');
  await expectAccessible(page);
  const majaSecond = await linkFromMail(maja, [majaFirst]);
  await majaBrowser.page.goto(new URL(majaSecond).pathname);
  await expect(majaBrowser.page.getByRole('heading', { level: 1 })).toHaveText('Du är inbjuden');

  // On second thoughts Anna revokes it: the fresh link stops working at once.
  await page.getByRole('button', { name: `Återkalla inbjudan till ${maja}` }).click();
  await expect(page.getByRole('status')).toContainText('Inbjudan är återkallad.');
  await majaBrowser.page.goto(new URL(majaSecond).pathname);
  await expect(majaBrowser.page.getByRole('heading', { level: 1 })).toHaveText('Inbjudan gäller inte längre');
  await expectAccessible(majaBrowser.page);

  // And removes Lars, whose next request finds nothing.
  await page.getByRole('button', { name: 'Ta bort Lars Lärare ur gruppen' }).click();
  await expect(page.getByRole('status')).toContainText('Personen är borttagen ur gruppen.');
  await expect(page.getByRole('cell', { name: 'Lars Lärare' })).toHaveCount(0);
  await expectAccessible(page);
  // Lars's session also ended with the fortnight: he signs in again, and the group is gone.
  await signIn(larsBrowser.page, lars);
  const response = await larsBrowser.page.goto(groupPath);
  expect(response?.status()).toBe(404);
  await expect(larsBrowser.page.getByRole('heading', { level: 1 })).toHaveText('Sidan finns inte');

  await larsBrowser.context.close();
  await majaBrowser.context.close();
});
