// The opening several specs share: a kvalitetschef registers a huvudman, adds units with their
// process leaders, and each leader joins from the invitation mail in a browser of their own.
import type { Browser, Page } from '@playwright/test';
import { expect } from './fixtures';
import { linkFromMail, signIn } from './mail';

/** A browser of its own (another person), with or without JavaScript. */
export async function ownBrowser(browser: Browser, javaScript: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, locale: 'sv-SE' });
  return context.newPage();
}

/** Anna signs in as `address` and registers Ekby kommun. Leaves `page` on the huvudman group's
 * page; returns its address and the organisation page's. */
export async function registerHuvudman(page: Page, address: string) {
  await signIn(page, address);
  await page.getByRole('link', { name: 'Anmäl din organisation' }).click();
  await page.getByLabel('Ditt namn').fill('Anna Berg');
  await page.getByLabel('Huvudmannens namn').fill('Ekby kommun');
  await page.getByLabel('Kommunal').check();
  await page.getByRole('button', { name: 'Anmäl' }).click();
  const home = page.url();
  await page.getByRole('link', { name: 'Organisationens översikt och enheter' }).click();
  const organisation = page.url();
  await page.goto(home);
  return { home, organisation };
}

/** On the organisation page: a unit `name` with `leader` invited to lead it. */
export async function addUnit(page: Page, organisation: string, name: string, leader: string) {
  await page.goto(organisation);
  await page.getByLabel('Enhetens namn').fill(name);
  await page.getByLabel('Processledarens e-postadress (frivillig)').fill(leader);
  await page.getByRole('button', { name: 'Skapa enhetens grupp' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
}

/** The leader invited as `address` joins as `name` in a browser of their own, and is left on
 * the unit group's page. */
export async function joinAsLeader(browser: Browser, javaScript: boolean, address: string, name: string) {
  const page = await ownBrowser(browser, javaScript);
  await page.goto(new URL(await linkFromMail(address)).pathname);
  await page.getByLabel('Ditt namn').fill(name);
  await page.getByRole('button', { name: 'Gå med i gruppen' }).click();
  return page;
}
