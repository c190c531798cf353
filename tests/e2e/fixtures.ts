// `visit()` opens a page and checks it with axe-core (WCAG 2.0/2.1 A and AA, colour contrast
// included); the `page` fixture fails a test on any CSP violation or uncaught page error.
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Checks the page as it is now. axe needs scripts, so with JavaScript off the same address is
 * opened in a scripting context whose own scripts (our islands) are blocked: the reader's DOM,
 * exactly as the server sent it. */
export async function expectAccessible(page: Page, javaScript = base.info().project.use.javaScriptEnabled !== false) {
  let results;
  if (!javaScript) {
    const browser = page.context().browser()!;
    const context = await browser.newContext({ javaScriptEnabled: true, locale: 'sv-SE' });
    await context.addCookies(await page.context().cookies());
    await context.route('**/pkg/*.{js,wasm}', (route) => route.abort());
    const twin = await context.newPage();
    await twin.goto(page.url());
    results = await new AxeBuilder({ page: twin }).withTags(TAGS).analyze();
    await context.close();
  } else {
    results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  }
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export const test = base.extend<{ visit: (path: string, status?: number) => Promise<void> }>({
  page: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/.test(msg.text())) problems.push(msg.text());
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await use(page);
    expect(problems, 'CSP violations or script errors').toEqual([]);
  },
  visit: async ({ page }, use) => {
    await use(async (path: string, status = 200) => {
      const response = await page.goto(path);
      expect(response?.status(), `status of ${path}`).toBe(status);
      await expectAccessible(page);
    });
  },
});

export { expect };
