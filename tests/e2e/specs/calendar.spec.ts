// The year in dates, as a kvalitetschef and a rektor use it: Anna opens the huvudman group's
// calendar, sets the usual meeting time, moves a meeting into höstlov and is warned, and makes a
// calendar address that is shown once; Rut reads her unit's calendar with the huvudman's reading
// meeting beside each report. With JavaScript on and off, axe-core on every new page.
import { test, expect, expectAccessible } from '../fixtures';
import { addUnit, joinAsLeader, registerHuvudman } from '../organisation';

test('a leader plans the year in dates and everyone can take it into their calendar', async ({ page, browser }, info) => {
  test.setTimeout(180_000);
  const javaScript = info.project.use.javaScriptEnabled !== false;
  const stamp = `${info.project.name}.${Date.now()}`;
  const rut = `rut.${stamp}@bjork.se`;
  const { home, organisation } = await registerHuvudman(page, `anna.${stamp}@ekby.se`);

  await page.goto(home);
  await page.getByRole('link', { name: 'Kalender: gruppens möten på datum' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Kalender');
  await expectAccessible(page, javaScript);

  // The usual time: Wednesdays at 14:00 in the Aula.
  await page.getByLabel('Veckodag').selectOption('3');
  await page.getByLabel('Starttid').fill('14:00');
  await page.getByLabel('Plats eller länk till videomöte').fill('Aulan');
  await page.getByRole('button', { name: 'Spara mötestiden' }).click();
  await expect(page.getByRole('status')).toContainText('Ändringen är sparad');
  const firstRow = page.locator('table.calendar tbody tr').first();
  await expect(firstRow).toContainText('14:00');
  await expect(firstRow).toContainText('Aulan');

  // Step 2's first meeting into höstlov: saved, and the page warns.
  await page.getByRole('link', { name: /^Steg 2: / }).first().click();
  await expectAccessible(page, javaScript);
  await page.getByLabel('Dag', { exact: true }).fill('2026-10-28');
  await page.getByRole('button', { name: 'Spara mötet' }).click();
  await expect(page.getByRole('status')).toContainText('Ändringen är sparad');
  await expect(page.getByText('Infaller under höstlov.')).toBeVisible();
  // Bad input comes back with a message and what was typed (the browser itself already stops a
  // length outside 15-480; a day outside the school year only the server knows).
  await page.getByLabel('Dag', { exact: true }).fill('2019-01-01');
  await page.getByRole('button', { name: 'Spara mötet' }).click();
  await expect(page.getByRole('alert')).toContainText('Välj en dag i det här läsåret');
  await expect(page.getByLabel('Dag', { exact: true })).toHaveValue('2019-01-01');
  await expectAccessible(page, javaScript);

  // The organisation's holidays.
  await page.goto(`${organisation}/lov`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lov');
  await expectAccessible(page, javaScript);
  await page.getByLabel('sportlov').selectOption('8');
  await page.getByRole('button', { name: 'Spara loven' }).click();
  await expect(page.getByRole('status')).toContainText('Ändringen är sparad');

  // A calendar address, shown once.
  await page.goto('/installningar');
  await page.getByRole('button', { name: 'Skapa en kalenderadress' }).click();
  const address = await page.getByLabel('Din kalenderadress').inputValue();
  expect(address).toMatch(/\/kalender\/[A-Za-z0-9_-]{43}\.ics$/);
  const feed = await page.request.get(new URL(address).pathname);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain('BEGIN:VTIMEZONE');
  await page.goto('/installningar');
  await expect(page.getByText('Du har en kalenderadress sedan')).toBeVisible();
  await expectAccessible(page, javaScript);
  await expect(page.getByLabel('Din kalenderadress')).toHaveCount(0);
  await page.getByRole('button', { name: 'Stäng kalenderadressen' }).click();
  await expect(page.getByText('Kalenderadressen är stängd.')).toBeVisible();
  expect((await page.request.get(new URL(address).pathname)).status()).toBe(404);

  // Rut's unit sees its deadlines and when the huvudman reads them.
  await addUnit(page, organisation, 'Björkskolan', rut);
  const unit = await joinAsLeader(browser, javaScript, rut, 'Rut');
  await unit.getByRole('link', { name: 'Kalender: gruppens möten på datum' }).click();
  await expect(unit.getByText(/Sista dag att lämna/).first()).toBeVisible();
  await expect(unit.getByText(/Mottagaren läser den/).first()).toBeVisible();
  await expectAccessible(unit, javaScript);
});

test('the årshjul is drawn without script and prints as a poster', async ({ page }, info) => {
  test.setTimeout(120_000);
  const javaScript = info.project.use.javaScriptEnabled !== false;
  const stamp = `${info.project.name}.${Date.now()}`;
  const { home } = await registerHuvudman(page, `anna.${stamp}@ekby.se`);
  await page.goto(`${home}/kalender`);
  const wheel = page.getByRole('img', { name: /^Årshjulet för / });
  await expect(wheel).toBeVisible();
  // Five steps as arcs, and a dot for every meeting in the table.
  await expect(page.locator('.wheel-phase')).toHaveCount(5);
  const meetings = await page.locator('table.calendar tbody tr').filter({ has: page.locator('a[href*="/kalender/"]') }).count();
  await expect(page.locator('.wheel-meeting')).toHaveCount(meetings);
  await page.getByRole('link', { name: 'Skriv ut årshjulet som affisch (A3 eller A4)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Årshjul');
  await expectAccessible(page, javaScript);
  // Printed: landscape, the wheel beside its table, no site header or links to go back.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  const pdf = javaScript ? null : await page.pdf({ preferCSSPageSize: true });
  if (pdf) expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const [wheelBox, tableBox] = await Promise.all([
    page.locator('.poster .wheel').boundingBox(),
    page.locator('.poster-table').boundingBox(),
  ]);
  expect(wheelBox && tableBox && tableBox.x > wheelBox.x + wheelBox.width / 2).toBeTruthy();
});
