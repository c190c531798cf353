// With JavaScript on: the islands hydrate under the CSP, films load, pages fit a phone.
import { test, expect } from '../fixtures';

test('the discussion timer hydrates and counts down', async ({ page, visit }) => {
  await visit('/huvudman/steg/1');
  const timer = page.locator('.timer');
  // Hydration happened: the island's effect ran in the browser.
  await expect(timer).toHaveAttribute('data-hydrated', 'true');
  await expect(timer).toBeVisible();
  await page.getByLabel('Minuter per fråga').selectOption('3');
  await expect(page.getByRole('timer')).toHaveText('3:00');
  await page.getByRole('button', { name: 'Starta' }).click();
  await expect(page.getByRole('timer')).not.toHaveText('3:00', { timeout: 5_000 });
  await page.getByRole('button', { name: 'Pausa' }).click();
  await page.getByRole('button', { name: 'Börja om' }).click();
  await expect(page.getByRole('timer')).toHaveText('3:00');
});

test('a local film loads with its captions', async ({ page, visit }) => {
  await visit('/enhet/steg/1');
  const video = page.locator('video').first();
  await video.evaluate((v: HTMLVideoElement) => { v.preload = 'auto'; v.load(); });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  const duration = await video.evaluate((v: HTMLVideoElement) => v.duration);
  expect(duration).toBeGreaterThan(5);
  const cues = await video.evaluate(async (v: HTMLVideoElement) => {
    const track = Array.from(v.textTracks).find((t) => t.language === 'sv')!;
    track.mode = 'hidden';
    for (let i = 0; i < 50 && !(track.cues && track.cues.length); i++) await new Promise((r) => setTimeout(r, 100));
    return track.cues?.length ?? 0;
  });
  expect(cues).toBeGreaterThan(3);
});

test('pages read well on a phone without sideways scrolling', async ({ page, visit }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ['/', '/huvudman/steg/1', '/enhet/steg/1']) {
    await visit(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});
