// The platform overview, for the administrators named in the server's configuration.
import { test, expect, expectAccessible } from '../fixtures';
import { signIn } from '../mail';

test('a platform administrator sees every organisation, as counts only', async ({ page }, info) => {
  await signIn(page, `ada.${info.project.name}@verkstad.test`);
  await page.getByRole('link', { name: 'Plattformens översikt' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plattformens översikt');
  await expect(page.getByText(/\d+ organisationer i Verkstad\./)).toBeVisible();
  await expectAccessible(page);
});

test('for anyone else the overview does not exist', async ({ page, visit }, info) => {
  await visit('/plattform', 404);
  await signIn(page, `someone.${info.project.name}.${Date.now()}@skola.se`);
  await expect(page.getByRole('link', { name: 'Plattformens översikt' })).toHaveCount(0);
  await visit('/plattform', 404);
});
