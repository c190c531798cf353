// What every reader gets, with or without JavaScript.
import { test, expect, expectAccessible } from '../fixtures';

test('the start page explains Verkstad and lists the steps of both tracks', async ({ page, visit }) => {
  await visit('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'Huvudman', level: 3 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Enhet', level: 3 })).toBeVisible();
  const stepLinks = page.getByRole('link', { name: /^Steg 1 / });
  await expect(stepLinks).toHaveCount(2);
});

test('a reader goes from the start page to a step and sees all its parts', async ({ page, visit }) => {
  await visit('/');
  await page.getByRole('link', { name: /^Steg 1 .*, enhet$/ }).click();
  await expect(page).toHaveURL(/\/enhet\/steg\/1$/);
  await expectAccessible(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Steg 1:');
  for (const name of ['Om steget', 'Uppgifter', 'Filmer', 'Diskussionsfrågor']) {
    await expect(page.getByRole('heading', { name, level: 2 })).toBeVisible();
  }
  const video = page.locator('video').first();
  await expect(video.locator('track[kind="captions"][srclang="sv"]')).toHaveAttribute('default', '');
  // The transcript opens without any script.
  const transcript = page.getByText('Läs filmen som text').first();
  await transcript.click();
  await expect(page.locator('details.transcript[open] p').first()).toBeVisible();
});

test('the language switch works and is remembered', async ({ page, visit }) => {
  await visit('/huvudman/steg/1');
  await page.getByRole('button', { name: 'In English' }).click();
  await expect(page).toHaveURL(/\/huvudman\/steg\/1$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Discussion questions' })).toBeVisible();
  await expectAccessible(page);
  await visit('/');
  await expect(page.getByRole('heading', { name: 'Quality work that leads to action' })).toBeVisible();
  await page.getByRole('button', { name: 'På svenska' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
});

test('an unknown address gets a real, accessible 404 page', async ({ page, visit }) => {
  await visit('/finns-inte', 404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sidan finns inte');
  await visit('/enhet/steg/42', 404);
  await page.getByRole('link', { name: 'Gå till startsidan' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('keyboard users can skip to the content', async ({ page, visit }) => {
  await visit('/enhet/steg/1');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Hoppa till innehållet' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#innehall$/);
  await page.keyboard.press('Tab');
  // The next stop is inside the main content, not the header.
  await expect(page.locator('main :focus')).toHaveCount(1);
  await expect(page.locator('header :focus')).toHaveCount(0);
});
