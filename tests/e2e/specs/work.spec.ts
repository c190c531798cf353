// The group's work on a step, with JavaScript on and off: the leader opens step 1, writes the
// group's answer, a second member (always without JavaScript, in a browser of her own) starts
// from the same version and meets a conflict instead of overwriting it, keeps her text
// knowingly; the leader marks the answer agreed, marks the step done and finalises the step's
// document. axe-core checks every state of every page.
import { test, expect, expectAccessible } from '../fixtures';
import { linkFromMail, signIn } from '../mail';

test('open a step, answer together, meet a conflict, agree', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const stamp = `${info.project.name}.${Date.now()}`;
  await signIn(page, `leder.${stamp}@ekby.se`);
  await page.getByRole('link', { name: 'Anmäl din organisation' }).click();
  await page.getByLabel('Ditt namn').fill('Anna Berg');
  await page.getByLabel('Huvudmannens namn').fill('Ekby kommun');
  await page.getByLabel('Kommunal').check();
  await page.getByRole('button', { name: 'Anmäl' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ekby kommun');
  const cia = `cia.${stamp}@ekby.se`;
  await page.getByLabel('E-postadresser').fill(cia);
  await page.getByRole('button', { name: 'Skicka inbjudningar' }).click();
  await expect(page.getByRole('status').first()).toContainText('Inbjudna: 1.');

  // The leader opens step 1 from the group's list of steps.
  await page.getByRole('link', { name: 'Steg 1: Gemensam grund' }).click();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Öppna steg 1' }).click();
  await expect(page.getByText('Steget är öppet.')).toBeVisible();
  await expectAccessible(page);

  // Cia joins in a browser of her own and opens the same step: she starts from no answer.
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'sv-SE' });
  const ciaPage = await context.newPage();
  await ciaPage.goto(new URL(await linkFromMail(cia)).pathname);
  await ciaPage.getByLabel('Ditt namn').fill('Cia Lärare');
  await ciaPage.getByRole('button', { name: 'Gå med i gruppen' }).click();
  await ciaPage.getByRole('link', { name: 'Steg 1: Gemensam grund' }).click();
  const field = '#svar-kartlagg-idag-anvands';
  const task = '#uppgift-kartlagg-idag';

  // Anna saves the group's answer first.
  await page.locator(field).fill('Årshjulet används på APT.');
  await page.locator(task).getByRole('button', { name: 'Spara till gruppens svar' }).click();
  await expect(page.locator(task).locator('p.notice')).toHaveText('Sparat.');

  // Cia, from the older version: a conflict, both texts on the page, hers still in the box.
  await ciaPage.locator(field).fill('Vi läser kvalitetsrapporten en gång om året.');
  await ciaPage.locator(task).getByRole('button', { name: 'Spara till gruppens svar' }).click();
  await expect(ciaPage.getByText('Någon annan sparade gruppens svar medan du skrev.')).toBeVisible();
  await expect(ciaPage.locator(task)).toContainText('Årshjulet används på APT.');
  await expect(ciaPage.locator(field)).toHaveValue('Vi läser kvalitetsrapporten en gång om året.');
  await expectAccessible(ciaPage, false);
  // She weaves them together and saves knowingly.
  await ciaPage.locator(field).fill('Årshjulet används på APT. Kvalitetsrapporten läses en gång om året.');
  await ciaPage.locator(task).getByRole('button', { name: 'Spara till gruppens svar' }).click();
  await expect(ciaPage.locator(task).locator('p.notice')).toHaveText('Sparat.');
  // A note under a discussion prompt, on the prompt's own page; the step page counts it.
  await ciaPage.locator('#fraga-vad-anvands').getByRole('link', { name: 'Skriv en anteckning' }).click();
  await ciaPage.getByLabel('Din anteckning').fill('Årshjulet används, enkäten mest av vana.');
  await ciaPage.getByRole('button', { name: 'Lägg till anteckningen' }).click();
  await expect(ciaPage.getByRole('region', { name: '1 anteckning' })).toContainText('Årshjulet används, enkäten mest av vana.');
  await expectAccessible(ciaPage, false);
  await ciaPage.getByRole('link', { name: 'Tillbaka till steg 1' }).click();
  await expect(ciaPage.locator('#fraga-vad-anvands')).toContainText('1 anteckning');
  await context.close();

  // Anna sees version 2, answers the task's other fields, and marks the task agreed: every
  // field at once.
  await page.reload();
  await expect(page.locator(task)).toContainText('Version 2, sparad av Cia Lärare');
  await expect(page.locator(task)).toContainText('fält saknar gruppens svar');
  await page.locator('#svar-kartlagg-idag-dokument').fill('Kvalitetsrapporten');
  await page.locator('#svar-kartlagg-idag-forum').fill('APT');
  await page.locator(task).getByRole('button', { name: 'Spara till gruppens svar' }).click();
  // Her own text in the third field is older than Cia's version: she takes the group's.
  await expect(page.getByText('Någon annan sparade gruppens svar medan du skrev.')).toBeVisible();
  await page.locator(task).getByRole('button', { name: 'Ta gruppens text' }).click();
  await expect(page.locator(task).locator('p.notice')).toHaveText('Sparat.');
  await page.locator(task).getByRole('button', { name: 'Markera uppgiften som överenskommen: ”Kartlägg hur ni arbetar i dag”' }).click();
  await expect(page.locator(task).locator('.progress')).toHaveText('Överenskommet');
  // The others' texts and the answer's versions are a link away, on the field's own page.
  await page.locator(task).getByRole('link', { name: /Tidigare versioner \(2\)/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Det här används, och det här görs mest av vana');
  await expect(page.getByText('Årshjulet används på APT. Kvalitetsrapporten läses en gång om året.').first()).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Tillbaka till uppgiften i steg 1' }).click();
  // Who has written where, for the leader, on its own page.
  await page.getByRole('link', { name: 'Se vem som har skrivit en egen text i vilken uppgift' }).click();
  await expect(page.getByRole('table').getByRole('row', { name: /Cia Lärare/ })).toContainText('Har skrivit');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Tillbaka till steg 1' }).click();
  await expectAccessible(page);

  // Done, though not every task is agreed: the leader is asked first.
  await page.getByRole('button', { name: 'Markera steget som klart' }).click();
  await expect(page.getByRole('alert')).toContainText('Alla uppgifter är inte överenskomna än.');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Markera som klart ändå' }).click();
  await expect(page.getByText('Steget är klart.')).toBeVisible();

  // The step's document: built from the answers, then finalised as version 1.
  await page.getByRole('link', { name: 'Stegets dokument: SKA-beskrivning' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SKA-beskrivning');
  await expect(page.getByText('Årshjulet används på APT. Kvalitetsrapporten läses en gång om året.')).toBeVisible();
  await expect(page.getByText('Inte överenskommet').first()).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Fastställ version 1' }).click();
  await expect(page.getByRole('status')).toHaveText('Version 1 är fastställd.');
  await expectAccessible(page);
  await page.getByRole('link', { name: /^Version 1, / }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SKA-beskrivning, version 1');
  await expect(page.getByText('Årshjulet används på APT. Kvalitetsrapporten läses en gång om året.')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Ekby kommun' }).click();
  await expect(page.locator('.step-list li').first()).toContainText('1 av 5 uppgifter överenskomna');
  await expect(page.locator('.step-list li').first()).toContainText('Klart');
  await expectAccessible(page);
});
