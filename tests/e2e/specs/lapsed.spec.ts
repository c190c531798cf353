// A save sent after the session ended, by the task's own button (the path without JavaScript):
// the text waits for its writer, who signs in again and finds it back in the box.
import { test, expect, expectAccessible } from '../fixtures';
import { signIn } from '../mail';

test('a save after the session ended keeps the text until the writer is back', async ({ page }, info) => {
  test.setTimeout(90_000);
  const address = `sen.${info.project.name}.${Date.now()}@ekby.se`;
  await signIn(page, address);
  await page.getByRole('link', { name: 'Anmäl din organisation' }).click();
  await page.getByLabel('Ditt namn').fill('Sam Sen');
  await page.getByLabel('Huvudmannens namn').fill('Senby kommun');
  await page.getByLabel('Kommunal').check();
  await page.getByRole('button', { name: 'Anmäl' }).click();
  await page.getByRole('link', { name: 'Steg 1: Gemensam grund' }).click();
  await page.getByRole('button', { name: 'Öppna steg 1' }).click();
  const step = page.url().replace(/#.*$/, '');

  // The session ends (here: its cookie is gone) while Sam writes; the save button still works.
  await page.context().clearCookies({ name: 'verkstad-session' });
  const field = page.locator('#svar-kartlagg-idag-anvands');
  await field.fill('Skrivet medan sessionen tog slut.');
  await page.locator('#uppgift-kartlagg-idag').getByRole('button', { name: 'Spara min text' }).click();
  await expect(page).toHaveURL(/\/logga-in/);
  await expectAccessible(page);

  await signIn(page, address);
  await page.goto(step);
  await expect(field).toHaveValue('Skrivet medan sessionen tog slut.');
  await expect(page.locator('#uppgift-kartlagg-idag')).toContainText('Det här skrev du innan du blev utloggad.');
  await expectAccessible(page);
  await page.locator('#uppgift-kartlagg-idag').getByRole('button', { name: 'Spara min text' }).click();
  await page.goto(step);
  await expect(field).toHaveValue('Skrivet medan sessionen tog slut.');
});
