// The next year, as a rektor and a kvalitetschef live it: Rut's unit writes what it takes with
// it, finishes step 5 and closes its year; the closed year reads but refuses forms; Anna opens
// the next school year; Rut's step 1 then starts from last year, lighter, and last year is one
// click away. With JavaScript on and off, axe-core on every new page.
import { test, expect, expectAccessible } from '../fixtures';
import { addUnit, joinAsLeader, registerHuvudman } from '../organisation';

const LESSON = 'Lärloggar varje vecka';
const HOSTILE = '</textarea><script>alert(1)</script>';

test('a unit closes its year and starts the next one from what it learned', async ({ page, browser }, info) => {
  test.setTimeout(240_000);
  const javaScript = info.project.use.javaScriptEnabled !== false;
  const stamp = `${info.project.name}.${Date.now()}`;
  const rut = `rut.${stamp}@bjork.se`;
  const { organisation } = await registerHuvudman(page, `anna.${stamp}@ekby.se`);
  await addUnit(page, organisation, 'Björkskolan', rut);
  const unit = await joinAsLeader(browser, javaScript, rut, 'Rut');
  const home = unit.url();
  for (let n = 1; n <= 5; n++) {
    await unit.goto(`${home}/steg/${n}`);
    await unit.getByRole('button', { name: `Öppna steg ${n}` }).click();
    await expect(unit.getByText('Steget är öppet.')).toBeVisible();
  }

  // What the unit keeps, written in step 5; then step 5 is marked done.
  const task = unit.locator('#uppgift-se-tillbaka');
  await unit.locator('#svar-se-tillbaka-behalla').fill(`${LESSON}\n${HOSTILE}`);
  await task.getByRole('button', { name: 'Spara till gruppens svar' }).click();
  await expect(task.locator('p.notice')).toHaveText('Sparat.');
  await unit.getByRole('button', { name: 'Markera steget som klart' }).click();
  await unit.getByRole('button', { name: 'Markera som klart ändå' }).click();
  await expect(unit.getByText('Steget är klart.')).toBeVisible();

  // The group's years: close this one.
  await unit.goto(home);
  await unit.getByRole('link', { name: 'Läsår: stäng året och läs tidigare år' }).click();
  await expect(unit.getByRole('heading', { level: 1 })).toHaveText('Läsår');
  await expectAccessible(unit, javaScript);
  await unit.getByRole('button', { name: /^Stäng läsåret / }).click();
  await expect(unit.getByRole('status')).toHaveText('Läsåret är stängt.');
  await expect(unit.getByText(/Nästa läsår börjar när huvudmannen öppnar det/)).toBeVisible();
  await expectAccessible(unit, javaScript);

  // The closed year reads, without forms.
  await unit.goto(`${home}/steg/5`);
  await expect(unit.getByText('Läsåret är stängt. Allt går att läsa, men inget går att ändra.')).toBeVisible();
  await expect(unit.getByRole('button', { name: 'Spara till gruppens svar' })).toHaveCount(0);
  await expectAccessible(unit, javaScript);

  // Anna opens the next school year.
  await page.goto(organisation);
  await page.getByRole('link', { name: 'Organisationens läsår: öppna nästa' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Läsår');
  await expectAccessible(page, javaScript);
  await page.getByRole('button', { name: /^Öppna läsåret / }).click();
  await expect(page.getByRole('status')).toHaveText('Läsåret är öppnat.');
  await expect(page.getByText('Nästa läsår är redan öppnat.')).toBeVisible();
  await expectAccessible(page, javaScript);

  // Rut's step 1 in the new year: last year's lessons where step 1 asks, the mapping left out.
  await unit.goto(`${home}/steg/1`);
  await unit.getByRole('button', { name: 'Öppna steg 1' }).click();
  await expect(unit.getByText('Steget är öppet.')).toBeVisible();
  const carried = unit.locator('#uppgift-bestam-rytm .from-last-year');
  await expect(carried).toContainText(LESSON);
  await expect(carried).toContainText(HOSTILE);
  await expect(unit.locator('#uppgift-kartlagg-idag')).toContainText('Den här uppgiften gjorde ni förra året');
  await expectAccessible(unit, javaScript);

  // Last year is one click from the group's years.
  await unit.goto(`${home}/ar`);
  await unit.getByRole('link', { name: /^Läsåret \d{4}\/\d{2}$/ }).click();
  await expect(unit.getByRole('heading', { level: 1 })).toHaveText(/^Läsåret \d{4}\/\d{2}$/);
  await expect(unit.getByText('Ett stängt läsår går att läsa men inte att ändra.')).toBeVisible();
  await expectAccessible(unit, javaScript);
});
