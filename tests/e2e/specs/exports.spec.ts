// Documents out, as a rektor and a kvalitetschef fetch them: the unit's leader finalises step 5
// and downloads the kvalitetsrapport as PDF, Word and Markdown from step 5's document page, and
// a finalised version from its own page; the page prints without menus or links; the
// kvalitetschef downloads the compiled report from the whole picture. With JavaScript on and
// off (the links are plain links), axe-core on every page with the new sections.
import * as fs from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect, expectAccessible } from '../fixtures';
import { addUnit, joinAsLeader, registerHuvudman } from '../organisation';

/** Clicks `name` in `where` and returns what the browser saved: its name and bytes. */
async function download(page: Page, where: Locator, name: string) {
  const [saved] = await Promise.all([page.waitForEvent('download'), where.getByRole('link', { name, exact: true }).click()]);
  return { name: saved.suggestedFilename(), bytes: fs.readFileSync(await saved.path()) };
}

const ANSWER = 'Fler elever läser längre texter, och vi följer upp det varje månad.';
const HOSTILE = '</textarea><script>alert(1)</script> # [länk](x)';

test('the kvalitetsrapport and the compiled report leave the app as documents', async ({ page, browser }, info) => {
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

  // Step 5: one answer for the group; the report waits for the finalised document.
  const task = unit.locator('#uppgift-hall-avstamningar');
  await unit.locator('#svar-hall-avstamningar-exempel').fill(`${ANSWER}\n${HOSTILE}`);
  await task.getByRole('button', { name: 'Spara till gruppens svar' }).click();
  await expect(task.locator('p.notice')).toHaveText('Sparat.');
  await unit.getByRole('link', { name: 'Stegets dokument: Kvalitetsrapport' }).click();
  const report = unit.getByRole('region', { name: 'Kvalitetsrapporten' });
  await expect(report).toContainText('Kvalitetsrapporten kan laddas ner när steg 5:s dokument är fastställt.');
  await unit.getByRole('button', { name: 'Fastställ version 1' }).click();
  await expect(unit.getByRole('status')).toHaveText('Version 1 är fastställd.');
  await expectAccessible(unit, javaScript);

  const pdf = await download(unit, report, 'PDF');
  expect(pdf.name).toMatch(/^kvalitetsrapport-bjorkskolan-.*\.pdf$/);
  expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const word = await download(unit, report, 'Word');
  expect(word.name).toMatch(/\.docx$/);
  expect(word.bytes.subarray(0, 2).toString()).toBe('PK');
  const markdown = await download(unit, report, 'Markdown');
  const text = markdown.bytes.toString('utf8');
  expect(text).toContain(ANSWER);
  expect(text).toContain('\\</textarea\\>\\<script\\>alert(1)\\</script\\>');
  expect(text).not.toContain('<script>');

  // The page prints as a document: no header, no forms, no download links.
  await unit.emulateMedia({ media: 'print' });
  await expect(report).toBeHidden();
  await expect(unit.locator('.site-header')).toBeHidden();
  await expect(unit.getByRole('heading', { level: 1 })).toBeVisible();
  await unit.emulateMedia({ media: 'screen' });

  // A finalised version downloads from its own page.
  await unit.getByRole('link', { name: /^Version 1, / }).click();
  await expectAccessible(unit, javaScript);
  const version = await download(unit, unit.getByRole('navigation', { name: 'Ladda ner dokumentet' }), 'PDF');
  expect(version.name).toMatch(/^kvalitetsrapport-bjorkskolan-v1\.pdf$/);
  expect(version.bytes.subarray(0, 5).toString()).toBe('%PDF-');

  // The kvalitetschef's compiled report, from the whole picture.
  await page.goto(`${organisation}/helhet`);
  const compiled = page.getByRole('region', { name: 'Sammanställning för nämnd eller styrelse' });
  await expectAccessible(page, javaScript);
  const whole = await download(page, compiled, 'PDF');
  expect(whole.name).toMatch(/^huvudmannens-sammanstallning-ekby-kommun-.*\.pdf$/);
  expect(whole.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const wholeWord = await download(page, compiled, 'Word');
  expect(wholeWord.name).toMatch(/\.docx$/);
  expect(wholeWord.bytes.subarray(0, 2).toString()).toBe('PK');
  const wholeText = (await download(page, compiled, 'Markdown')).bytes.toString('utf8');
  expect(wholeText).toContain('Björkskolan');
  expect(wholeText).not.toContain(ANSWER); // not sent to the huvudman
});
