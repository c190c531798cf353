// The whole loop between a unit and its huvudman, led by the pages' own next-step lines: the
// test never types a known address after signing in, it reads "Nästa steg" (or "Att göra nu")
// and follows its link. A unit leader opens step 1, marks it done, finalises the document and
// sends it; the kvalitetschef finds it under "Att göra nu" and asks for completion; the unit is
// led back (reopen, change, finalise version 2, send it); the kvalitetschef sees version 2 and
// what changed, and the whole picture's cell opens it. With JavaScript on and off, axe-core and
// the layout checks on every page.
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, expectLaidOut } from '../fixtures';
import { addUnit, joinAsLeader, registerHuvudman } from '../organisation';

/** Back to the group's page by the step page's own link, and the next-step box there. */
async function nextOnGroupPage(page: Page) {
  await page.getByRole('link', { name: 'Till gruppens sida' }).click();
  return page.getByRole('region', { name: 'Nästa steg' });
}

test('the loop between a unit and its huvudman, led by the next-step lines', async ({ page, browser }, info) => {
  test.setTimeout(180_000);
  const javaScript = info.project.use.javaScriptEnabled !== false;
  const stamp = `${info.project.name}.${Date.now()}`;
  const rut = `rut.${stamp}@bjork.se`;

  // The kvalitetschef registers the huvudman and a unit with its leader.
  const { organisation } = await registerHuvudman(page, `anna.${stamp}@ekby.se`);
  await page.goto(organisation);
  await expect(page.getByRole('region', { name: 'Att göra nu' })).toContainText('Inget från enheterna väntar på er just nu.');
  await addUnit(page, organisation, 'Björkskolan', rut);

  // Rut joins and is told to open step 1, and what that means.
  const unit = await joinAsLeader(browser, javaScript, rut, 'Rut');
  let next = unit.getByRole('region', { name: 'Nästa steg' });
  await expect(next).toContainText('Öppna steg 1. När steget är öppet kan medlemmarna skriva sina svar');
  await expectAccessible(unit, javaScript);
  await next.getByRole('link', { name: 'Till steg 1' }).click();
  await unit.getByRole('button', { name: 'Öppna steg 1' }).click();
  await expect(unit.getByText('Steget är öppet.')).toBeVisible();

  // Open: how far the tasks have come, and the way to them. One answer, then done.
  next = await nextOnGroupPage(unit);
  await expect(next).toContainText(/Steg 1 är öppet: 0 av \d+ uppgifter överenskomna\./);
  await next.getByRole('link', { name: 'Fortsätt i steg 1' }).click();
  const task = unit.locator('#uppgift-kartlagg-idag');
  await unit.locator('#svar-kartlagg-idag-anvands').fill('Årshjulet hjälper, enkäten görs av vana.');
  await task.getByRole('button', { name: 'Spara till gruppens svar' }).click();
  await expect(task.locator('p.notice')).toHaveText('Sparat.');
  await unit.getByRole('button', { name: 'Markera steget som klart' }).click();
  await unit.getByRole('button', { name: 'Markera som klart ändå' }).click();
  await expect(unit.getByText('Steget är klart.')).toBeVisible();

  // Done: finalise the document; finalised: send it up.
  next = await nextOnGroupPage(unit);
  await expect(next).toContainText('Steg 1 är klart. Fastställ dokumentet som version 1.');
  await next.getByRole('link', { name: 'Till dokumentet för steg 1' }).click();
  await unit.getByRole('button', { name: 'Fastställ version 1' }).click();
  await expect(unit.getByRole('status')).toHaveText('Version 1 är fastställd.');
  await unit.getByRole('link', { name: 'Björkskolan' }).first().click();
  next = unit.getByRole('region', { name: 'Nästa steg' });
  await expect(next).toContainText('Skicka ”Er SKA-beskrivning och självskattning” till huvudmannen.');
  await expectAccessible(unit, javaScript);
  await next.getByRole('link', { name: 'Skicka till huvudmannen' }).click();
  await unit.getByRole('button', { name: 'Skicka SKA-beskrivning, version 1, till huvudmannen' }).click();
  await expect(unit.getByRole('status').filter({ hasText: 'Skickat.' })).toHaveText('Skickat. Huvudmannen har fått version 1.');

  // The kvalitetschef finds it under "Att göra nu" and asks for completion.
  await page.goto(organisation);
  const inbox = page.getByRole('region', { name: 'Att göra nu' });
  await expect(inbox).toContainText('1 inskickad version väntar på ert svar');
  await expectAccessible(page);
  await inbox.getByRole('link', { name: 'Björkskolan: SKA-beskrivning, version 1 (steg 1)' }).click();
  await page.getByLabel('Be enheten komplettera och skicka igen.').check();
  await page.getByLabel('Ert svar (behövs inte för en kvittering)').fill('Beskriv elevhälsans del.');
  await page.getByRole('button', { name: 'Skicka svaret' }).click();
  await expect(page.getByRole('status')).toHaveText('Svaret är skickat till enheten.');

  // Rut sees it in "Mina grupper" and on the group page, and is led back step by step.
  await unit.goto('/mina-grupper');
  await expect(unit.locator('.group-list')).toContainText('Huvudmannen ber er komplettera');
  await expectAccessible(unit, javaScript);
  await unit.locator('.group-list').getByRole('link', { name: 'Björkskolan' }).click();
  next = unit.getByRole('region', { name: 'Nästa steg' });
  await expect(next).toContainText('Beskriv elevhälsans del.');
  await expect(next).toContainText('Öppna steg 1 igen. (nu)');
  await expectAccessible(unit, javaScript);
  await next.getByRole('link', { name: 'Till steg 1, för att öppna det igen' }).click();
  await unit.getByRole('button', { name: 'Öppna steget igen' }).click();
  next = await nextOnGroupPage(unit);
  await expect(next).toContainText('Ändra svaren i steg 1. (nu)');
  await next.getByRole('link', { name: 'Till uppgifterna i steg 1' }).click();
  await unit.locator('#svar-kartlagg-idag-anvands').fill('Årshjulet hjälper. Elevhälsan är med på varje APT.');
  await task.getByRole('button', { name: 'Spara till gruppens svar' }).click();
  await expect(task.locator('p.notice')).toHaveText('Sparat.');
  next = await nextOnGroupPage(unit);
  await expect(next).toContainText('Fastställ en ny version av dokumentet. (nu)');
  await next.getByRole('link', { name: 'Till dokumentet för steg 1' }).click();
  await unit.getByRole('button', { name: 'Fastställ version 2' }).click();
  await expect(unit.getByRole('status')).toHaveText('Version 2 är fastställd.');
  await unit.getByRole('link', { name: 'Björkskolan' }).first().click();
  next = unit.getByRole('region', { name: 'Nästa steg' });
  await expect(next).toContainText('Skicka version 2 till huvudmannen. (nu)');
  await next.getByRole('link', { name: 'Skicka till huvudmannen' }).click();
  await unit.getByRole('button', { name: 'Skicka SKA-beskrivning, version 2, till huvudmannen' }).click();
  await expect(unit.getByRole('status').filter({ hasText: 'Skickat.' })).toHaveText('Skickat. Huvudmannen har fått version 2.');

  // Version 2 arrives; its page shows what changed since version 1.
  await page.goto(organisation);
  await inbox.getByRole('link', { name: 'Björkskolan: SKA-beskrivning, version 2 (steg 1)' }).click();
  const changes = page.getByRole('region', { name: 'Det här har ändrats sedan version 1' });
  await expect(changes).toContainText('Årshjulet hjälper, enkäten görs av vana.');
  await expect(changes).toContainText('Årshjulet hjälper. Elevhälsan är med på varje APT.');
  await expectAccessible(page);

  // The whole picture's cell opens the newest submission.
  await page.goto(organisation);
  await page.getByRole('link', { name: 'Helheten: enheternas läge, svar och skattningar' }).click();
  const matrix = page.getByRole('table', { name: 'Varje enhets läge i varje steg, med antal överenskomna uppgifter' });
  await expectAccessible(page);
  await matrix.getByRole('row', { name: /Björkskolan/ }).getByRole('link', { name: 'Skickat' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SKA-beskrivning, version 2');
  const submission = page.url();

  // On a phone, a larger phone and a laptop: every label beside its control, no table cut off
  // without its cue, no chart text outside its chart.
  const unitHome = new URL(unit.url()).pathname.replace(/\/steg\/.*$/, '');
  for (const width of [320, 390, 1280]) {
    for (const [who, path] of [
      [page, new URL(organisation).pathname], [page, `${new URL(organisation).pathname}/helhet`],
      [page, new URL(submission).pathname], [unit, '/mina-grupper'], [unit, unitHome],
      [unit, `${unitHome}/steg/1`], [unit, `${unitHome}/steg/1/dokument`], [unit, '/installningar'],
    ] as [Page, string][]) {
      await who.setViewportSize({ width, height: 800 });
      await who.goto(path);
      await expectLaidOut(who);
    }
  }
});
