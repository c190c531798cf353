// A newcomer's way in, with JavaScript on and off: the start page and the header say how to
// sign in and register, and someone who already has an account joins a group from "Mina
// grupper" after signing in with their own link; the invitation link never signs them in.
import { test, expect, expectAccessible } from '../fixtures';
import { linkFromMail, links, signIn } from '../mail';

test('the start page and the header lead a newcomer in', async ({ page, visit }) => {
  await visit('/');
  const account = page.getByRole('navigation', { name: 'Konto' });
  await expect(account.getByRole('link', { name: 'Logga in' })).toBeVisible();
  await expect(account.getByRole('link', { name: 'Anmäl din organisation' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Kom igång' })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Logga in' }).click();
  await expect(page).toHaveURL(/\/logga-in$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Logga in');
  await expectAccessible(page);
});

test('someone with an account signs in with their own link and joins from Mina grupper', async ({ page, browser }, info) => {
  test.setTimeout(90_000);
  const javaScript = info.project.use.javaScriptEnabled !== false;
  const stamp = `${info.project.name}.${Date.now()}`;
  const leader = `rektor.${stamp}@ekby.se`;
  const bo = `bo.${stamp}@ekby.se`;

  // Bo has an account already.
  const boContext = await browser.newContext({ javaScriptEnabled: javaScript, locale: 'sv-SE' });
  const boPage = await boContext.newPage();
  await signIn(boPage, bo);
  await expect(boPage.getByRole('navigation', { name: 'Konto' }).getByRole('link', { name: 'Mina grupper' })).toBeVisible();
  await boPage.getByRole('button', { name: 'Logga ut', exact: true }).click();
  await expect(boPage.getByRole('navigation', { name: 'Konto' }).getByRole('link', { name: 'Logga in' })).toBeVisible();

  // Anna registers and invites him.
  await signIn(page, leader);
  await page.getByRole('link', { name: 'Anmäl din organisation' }).click();
  await page.getByLabel('Ditt namn').fill('Anna Berg');
  await page.getByLabel('Huvudmannens namn').fill('Ekby kommun');
  await page.getByLabel('Kommunal').check();
  await page.getByRole('button', { name: 'Anmäl' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ekby kommun');
  const groupPath = new URL(page.url()).pathname;
  const earlier = links(bo);
  await page.getByLabel('E-postadresser').fill(bo);
  await page.getByRole('button', { name: 'Skicka inbjudningar' }).click();
  await expect(page.getByRole('status').first()).toContainText('Inbjudna: 1.');

  // Whatever comes back into the invitation box stays in the box: no markup gets out.
  const hostile = '</textarea><b id="pwn">x</b><form action="https://evil.example/"><button>Ok</button></form>';
  await page.getByLabel('E-postadresser').fill(hostile);
  await page.getByRole('button', { name: 'Skicka inbjudningar' }).click();
  await expect(page).toHaveURL(new RegExp(`${groupPath}\\?inbjudna=0&omskickade=0&redan=0&ogiltiga=\\d+#bjud-in$`));
  // (What is not an address comes back one per line, without the angle brackets that may wrap one.)
  await expect(page.getByLabel('E-postadresser')).toHaveValue(/^\/textarea><b\n/);
  await expect(page.locator('#pwn')).toHaveCount(0);
  await expect(page.locator('form[action^="https://evil"]')).toHaveCount(0);

  // The link, opened by whoever holds it, only says to sign in.
  const invitation = await linkFromMail(bo, earlier);
  expect(invitation).toContain('/inbjudan/');
  await boPage.goto(new URL(invitation).pathname);
  await expect(boPage.getByText(`Det finns redan ett konto för ${bo}.`)).toBeVisible();
  await expect(boPage.getByRole('button', { name: 'Gå med i gruppen' })).toHaveCount(0);
  await expectAccessible(boPage);
  await expect(boPage.getByRole('link', { name: 'Logga in för att gå med' })).toBeVisible();

  // Bo signs in with his own link; the invitation waits under Mina grupper.
  await signIn(boPage, bo);
  await expect(boPage.getByRole('heading', { name: 'Inbjudningar som väntar på dig' })).toBeVisible();
  await expect(boPage.getByText('Anna Berg har bjudit in dig till gruppen Ekby kommun hos Ekby kommun.')).toBeVisible();
  await expectAccessible(boPage);
  await boPage.getByRole('button', { name: 'Gå med i Ekby kommun' }).click();
  await expect(boPage).toHaveURL(new RegExp(`${groupPath}$`));
  await expect(boPage.getByRole('heading', { level: 1 })).toHaveText('Ekby kommun');
  await expectAccessible(boPage);
  await boContext.close();
});
