// A process leader registers the organisation and adds a unit, with JavaScript on and off.
import { test, expect, expectAccessible } from '../fixtures';
import { signIn } from '../mail';

test('a process leader registers, sees the group and adds a unit', async ({ page }, info) => {
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
});
