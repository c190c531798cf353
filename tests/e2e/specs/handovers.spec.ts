// Hand-overs between a huvudman and its units, each person in a browser of their own: two units
// send their step-2 documents up; the huvudman's leader asks one to complete and acknowledges
// the other; the first sends again; the huvudman publishes priorities to both; the whole picture
// shows the matrix, the answers side by side and the charts; someone from another organisation
// sees none of it. axe-core checks every page, with JavaScript on and off.
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible } from '../fixtures';
import { linkFromMail, signIn, unsubscribeLinks } from '../mail';
import { addUnit, ownBrowser, registerHuvudman } from '../organisation';


/** Opens steps 1 and 2 of the group whose home `page` shows. */
async function openSteps(page: Page, upTo: number) {
  const home = page.url();
  for (let n = 1; n <= upTo; n++) {
    await page.goto(home);
    await page.getByRole('link', { name: new RegExp(`^Steg ${n}: `) }).click();
    await page.getByRole('button', { name: `Öppna steg ${n}` }).click();
    await expect(page.getByText('Steget är öppet.')).toBeVisible();
  }
  await page.goto(home);
}

/** On a unit's step 2: write the first task's list as the group's answer, finalise the
 * document and send it to the huvudman. */
async function sendStep2(page: Page, text: string, version: number, javaScript: boolean) {
  const task = '#uppgift-samla-underlag';
  await page.locator('#svar-samla-underlag-underlag').fill(text);
  await page.locator(task).getByRole('button', { name: 'Spara till gruppens svar' }).click();
  await expect(page.locator(task).locator('p.notice')).toHaveText('Sparat.');
  await page.getByRole('link', { name: 'Stegets dokument: Nulägesbeskrivning' }).click();
  await page.getByRole('button', { name: `Fastställ version ${version}` }).click();
  await expect(page.getByRole('status')).toHaveText(`Version ${version} är fastställd.`);
  await page.getByRole('link', { name: 'Steg 2', exact: true }).first().click();
  await expectAccessible(page, javaScript);
  await page.getByRole('button', { name: `Skicka Nulägesbeskrivning, version ${version}, till huvudmannen` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Skickat.' })).toHaveText(
    `Skickat. Huvudmannen har fått version ${version}.`,
  );
  await expectAccessible(page, javaScript);
}

test('units send up, the huvudman answers and publishes, and sees the whole', async ({ page, browser }, info) => {
  test.setTimeout(240_000);
  const javaScript = info.project.use.javaScriptEnabled !== false;
  const stamp = `${info.project.name}.${Date.now()}`;
  const rut = `rut.${stamp}@bjork.se`;
  const sam = `sam.${stamp}@eks.se`;

  // Anna registers the huvudman and adds two units, each with its process leader.
  const { home: huvudmanHome, organisation } = await registerHuvudman(page, `anna.${stamp}@ekby.se`);
  for (const [name, leader] of [['Björkskolan', rut], ['Eksskolan', sam]]) {
    await addUnit(page, organisation, name, leader);
  }
  await page.goto(huvudmanHome);
  await openSteps(page, 4);

  // Rut (this project's browser) and Sam (always without JavaScript) join and send step 2.
  const units: [Page, boolean, string][] = [];
  for (const [leader, name, text, js] of [
    [rut, 'Rut', 'Enkäten från i våras', javaScript],
    [sam, 'Sam', 'Elevrådets synpunkter', false],
  ] as [string, string, string, boolean][]) {
    const unitPage = await ownBrowser(browser, js);
    await unitPage.goto(new URL(await linkFromMail(leader)).pathname);
    await unitPage.getByLabel('Ditt namn').fill(name);
    await unitPage.getByRole('button', { name: 'Gå med i gruppen' }).click();
    const home = new URL(unitPage.url()).pathname;
    await openSteps(unitPage, 2);
    await unitPage.getByRole('link', { name: /^Steg 2: / }).click();
    await sendStep2(unitPage, text, 1, js);
    units.push([unitPage, js, home]);
  }
  const [[rutPage, rutJs]] = units;

  // Anna reads both on her step 2 and answers: Björkskolan is asked to complete, Eksskolan
  // acknowledged.
  await page.goto(huvudmanHome);
  await page.getByRole('link', { name: 'Steg 2: Var är vi?' }).click();
  const fromUnits = page.locator('#overlamning-enhetens-nulagesbeskrivning');
  await expect(fromUnits.getByRole('row', { name: /Björkskolan/ })).toContainText('Skickat');
  await expectAccessible(page);
  const huvudmanStep2 = page.url();
  await fromUnits.getByRole('row', { name: /Björkskolan/ }).getByRole('link', { name: 'Läs version 1' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nulägesbeskrivning, version 1');
  await expect(page.getByText('Enkäten från i våras')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Be enheten komplettera och skicka igen.').check();
  await page.getByLabel('Ert svar (behövs inte för en kvittering)').fill('Vad säger eleverna själva?');
  await page.getByRole('button', { name: 'Skicka svaret' }).click();
  await expect(page.getByRole('status')).toHaveText('Svaret är skickat till enheten.');
  await expectAccessible(page);
  await page.goto(huvudmanStep2);
  await fromUnits.getByRole('row', { name: /Eksskolan/ }).getByRole('link', { name: 'Läs version 1' }).click();
  await page.getByLabel('Kvittera. Ni har läst och tar emot det.').check();
  await page.getByRole('button', { name: 'Skicka svaret' }).click();
  await expect(page.getByRole('status')).toHaveText('Svaret är skickat till enheten.');

  // Rut sees the question in her step and sends version 2; version 1 stays readable.
  await rutPage.reload();
  const toHuvudman = rutPage.locator('#overlamning-enhetens-nulagesbeskrivning');
  await expect(toHuvudman).toContainText('Ska kompletteras');
  await expect(toHuvudman).toContainText('Vad säger eleverna själva?');
  await expectAccessible(rutPage, rutJs);
  await sendStep2(rutPage, 'Enkäten från i våras och elevernas egna ord', 2, rutJs);
  await rutPage.getByRole('link', { name: /^Version 1, skickad/ }).click();
  await expect(rutPage.getByText('Det finns en nyare version, version 2.')).toBeVisible();
  await expectAccessible(rutPage, rutJs);

  // Anna publishes priorities to both units in step 4; both read them under "Från huvudmannen".
  await page.goto(huvudmanHome);
  await page.getByRole('link', { name: /^Steg 4: / }).click();
  const priorities = page.locator('#overlamning-prioriteringar-och-stod');
  await priorities.getByLabel('Prioriteringar, resurser och stöd till enheterna').fill('Läsning i alla ämnen. Stöd: en läslyftshandledare.');
  await priorities.getByLabel('Alla enheter').check();
  await priorities.getByRole('button', { name: 'Skicka till enheterna' }).click();
  await expect(priorities.getByRole('status')).toHaveText('Skickat till enheterna.');
  await expectAccessible(page);
  for (const [unitPage, js, home] of units) {
    await unitPage.goto(`${home}/steg/4`);
    const fromHuvudman = unitPage.locator('#overlamning-prioriteringar-och-stod');
    await expect(fromHuvudman).toContainText('Läsning i alla ämnen.');
    await expect(fromHuvudman).toContainText('till alla enheter');
    await expectAccessible(unitPage, js);
  }

  // The whole picture: the matrix, the charts with their tables, the answers side by side.
  await page.goto(huvudmanHome);
  await page.getByRole('link', { name: 'Helheten: enheternas läge, svar och skattningar' }).click();
  const matrix = page.getByRole('table', { name: 'Varje enhets läge i varje steg, med antal överenskomna uppgifter' });
  await expect(matrix.getByRole('row', { name: /Björkskolan/ })).toContainText('Skickat');
  await expect(matrix.getByRole('row', { name: /Eksskolan/ })).toContainText('Kvitterat');
  await expect(page.getByRole('img', { name: /Hur långt enheterna har kommit/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Överenskomna uppgifter per enhet' })).toBeVisible();
  await expectAccessible(page);
  const overview = page.url();
  await matrix.getByRole('link', { name: 'Steg 2' }).click();
  await expect(page.getByText('Enkäten från i våras och elevernas egna ord')).toBeVisible();
  await expect(page.getByText('Elevrådets synpunkter')).toBeVisible();
  await expectAccessible(page);
  const submission = await page.getByRole('link', { name: 'Björkskolan, version 2' }).getAttribute('href');

  // Someone from another organisation sees none of it.
  const olle = await ownBrowser(browser, javaScript);
  await signIn(olle, `olle.${stamp}@annan.se`);
  for (const path of [new URL(overview).pathname, submission!, new URL(huvudmanStep2).pathname]) {
    const response = await olle.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(olle.getByText('Björkskolan')).toHaveCount(0);
    await expectAccessible(olle, javaScript);
  }

  // Anna's settings: a morning summary instead of a mail each time.
  await page.goto(huvudmanHome);
  await page.getByRole('link', { name: 'Inställningar' }).click();
  await expectAccessible(page);
  await page.getByLabel('En sammanfattning varje morgon').check();
  await page.getByRole('button', { name: 'Spara valet av mejl' }).click();
  await expect(page.getByRole('status')).toHaveText('Sparat.');
  await expect(page.getByLabel('En sammanfattning varje morgon')).toBeChecked();
  await expectAccessible(page);
  // A notice's unsubscribe link works without signing in, after one press of a button.
  const links = unsubscribeLinks(`anna.${stamp}@ekby.se`);
  expect(links.length).toBeGreaterThan(0);
  await olle.context().clearCookies();
  await olle.goto(new URL(links[links.length - 1]).pathname);
  await expectAccessible(olle, javaScript);
  await olle.getByRole('button', { name: 'Sluta skicka mejl' }).click();
  await expect(olle.getByRole('status')).toContainText('Du får inga fler mejl om arbetet.');
  await expectAccessible(olle, javaScript);
  await page.reload();
  await expect(page.getByLabel('Inga mejl')).toBeChecked();
});
