// The group's step by keyboard alone, with JavaScript on and off: every control the flow needs
// is reached with Tab and used with Enter, from opening the step to finalising its document.
import { test, expect, expectAccessible } from '../fixtures';
import type { Locator, Page } from '@playwright/test';
import { signIn } from '../mail';

/** Presses Tab until `target` has the focus; fails when it is never reached. */
async function tabTo(page: Page, target: Locator) {
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    try {
      await expect(target).toBeFocused({ timeout: 20 });
      return;
    } catch {
      // not yet
    }
  }
  throw new Error(`never reached by Tab: ${target}`);
}

test('a leader works through a step by keyboard alone', async ({ page }, info) => {
  test.setTimeout(120_000);
  await signIn(page, `tangent.${info.project.name}.${Date.now()}@ekby.se`);
  await page.getByRole('link', { name: 'Anmäl din organisation' }).click();
  await page.getByLabel('Ditt namn').fill('Tove Tangent');
  await page.getByLabel('Huvudmannens namn').fill('Tangby kommun');
  await page.getByLabel('Kommunal').check();
  await page.getByRole('button', { name: 'Anmäl' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tangby kommun');

  await tabTo(page, page.getByRole('link', { name: 'Steg 1: Gemensam grund' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Öppna steg 1' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Steget är öppet.')).toBeVisible();

  const task = page.locator('#uppgift-kartlagg-idag');
  await tabTo(page, page.locator('#svar-kartlagg-idag-dokument'));
  await page.keyboard.type('Kvalitetsrapporten');
  await tabTo(page, page.locator('#svar-kartlagg-idag-forum'));
  await page.keyboard.type('APT');
  await tabTo(page, page.locator('#svar-kartlagg-idag-anvands'));
  await page.keyboard.type('Årshjulet används på APT.');
  await tabTo(page, task.getByRole('button', { name: 'Spara till gruppens svar' }));
  await page.keyboard.press('Enter');
  await expect(task.locator('p.notice')).toHaveText('Sparat.');

  // A choice among options: Space ticks a box.
  await tabTo(page, page.locator('#uppgift-klargor-ansvar').getByLabel('Genom enkäter'));
  await page.keyboard.press('Space');
  await tabTo(page, page.locator('#uppgift-klargor-ansvar').getByRole('button', { name: 'Spara till gruppens svar' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('#uppgift-klargor-ansvar p.notice')).toHaveText('Sparat.');
  await expect(page.locator('#uppgift-klargor-ansvar').getByLabel('Genom enkäter')).toBeChecked();

  await tabTo(page, task.getByRole('button', { name: 'Markera uppgiften som överenskommen: ”Kartlägg hur ni arbetar i dag”' }));
  await page.keyboard.press('Enter');
  await expect(task.locator('.progress')).toHaveText('Överenskommet');

  await tabTo(page, page.getByRole('link', { name: 'Stegets dokument: SKA-beskrivning' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SKA-beskrivning');
  await tabTo(page, page.getByRole('button', { name: 'Fastställ version 1' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Version 1 är fastställd.');
  await expectAccessible(page);
});
