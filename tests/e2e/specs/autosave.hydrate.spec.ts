// With JavaScript on: what a member types is saved as their own text without a button, and
// survives a cut network and an ended session. The status line says where it stands.
import { test, expect, expectAccessible } from '../fixtures';
import { signIn } from '../mail';

test('autosave keeps the text through a network cut and a lapsed session', async ({ page }, info) => {
  test.setTimeout(120_000);
  const address = `auto.${info.project.name}.${Date.now()}@ekby.se`;
  await signIn(page, address);
  await page.getByRole('link', { name: 'Anmäl din organisation' }).click();
  await page.getByLabel('Ditt namn').fill('Ada Autosson');
  await page.getByLabel('Huvudmannens namn').fill('Autoby kommun');
  await page.getByLabel('Kommunal').check();
  await page.getByRole('button', { name: 'Anmäl' }).click();
  await page.getByRole('link', { name: 'Steg 1: Gemensam grund' }).click();
  await page.getByRole('button', { name: 'Öppna steg 1' }).click();
  const task = page.locator('#uppgift-kartlagg-idag');
  const field = page.locator('#svar-kartlagg-idag-anvands');
  const status = task.locator('.autosave [role=status]');
  await expect(status).toHaveAttribute('data-hydrated', 'true');

  // Typing is enough: saved within seconds, and there after a reload.
  await field.fill('Årshjulet används på APT.');
  await expect(status).toHaveText('Sparat som din text.', { timeout: 10_000 });
  await expectAccessible(page);
  await page.reload();
  await expect(field).toHaveValue('Årshjulet används på APT.');

  // Typed before the page's script has started (a slow phone): saved all the same.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.reload({ waitUntil: 'domcontentloaded' });
  await expect(status).toHaveAttribute('data-hydrated', 'false');
  await field.fill('Årshjulet används på APT, skrivet tidigt.');
  release();
  await expect(status).toHaveText('Sparat som din text.', { timeout: 10_000 });
  await page.unroute('**/*.wasm');
  await page.reload();
  await expect(field).toHaveValue('Årshjulet används på APT, skrivet tidigt.');

  // The network is cut while typing: the text waits in the browser, and a reload brings it
  // back and saves it.
  await page.route('**/api/work/draft', (route) => route.abort('internetdisconnected'));
  await expect(status).toHaveAttribute('data-hydrated', 'true');
  await field.fill('Årshjulet används på APT, men sällan i arbetslagen.');
  await expect(status).toContainText('Inte sparat än', { timeout: 10_000 });
  await page.unroute('**/api/work/draft');
  await page.reload();
  await expect(field).toHaveValue('Årshjulet används på APT, men sällan i arbetslagen.');
  await expect(status).toHaveText('Sparat som din text.', { timeout: 10_000 });

  // The session ends while typing: the text stays in this browser; after signing in again it
  // comes back and is saved.
  await page.context().clearCookies();
  await field.fill('Skrivet efter att sessionen tog slut.');
  await expect(status).toContainText('Du är utloggad', { timeout: 10_000 });
  const step = page.url();
  await signIn(page, address);
  await page.goto(step);
  await expect(field).toHaveValue('Skrivet efter att sessionen tog slut.');
  await expect(status).toHaveText('Sparat som din text.', { timeout: 10_000 });
  await page.reload();
  await expect(field).toHaveValue('Skrivet efter att sessionen tog slut.');

  // Written here without a network while the text changed elsewhere: the copy is offered, never
  // forced over the newer text.
  await page.route('**/api/work/draft', (route) => route.abort('internetdisconnected'));
  await field.fill('Skrivet här utan nät.');
  await expect(status).toContainText('Inte sparat än', { timeout: 10_000 });
  const group = page.url().match(/grupper\/([^/]+)/)![1];
  const elsewhere = await page.request.post('/api/work/draft', {
    headers: { origin: new URL(page.url()).origin, accept: 'application/json' },
    form: { group_id: group, number: '1', task: 'kartlagg-idag', 'answers[anvands]': 'Skrivet i en annan flik.' },
  });
  expect(await elsewhere.text()).toBe('"Done"');
  await page.reload();
  await expect(field).toHaveValue('Skrivet i en annan flik.');
  await expect(task).toContainText('Sedan dess har texten på servern ändrats.');
  await expectAccessible(page);
  await page.unroute('**/api/work/draft');
  await task.getByRole('button', { name: 'Sätt tillbaka min osparade text' }).click();
  await expect(field).toHaveValue('Skrivet här utan nät.');
  await expect(status).toHaveText('Sparat som din text.', { timeout: 10_000 });
  await page.reload();
  await expect(field).toHaveValue('Skrivet här utan nät.');
});
