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
    const context = await browser.newContext({ javaScriptEnabled: true, locale: 'sv-SE', viewport: page.viewportSize() });
    await context.addCookies(await page.context().cookies());
    await context.route('**/pkg/*.{js,wasm}', (route) => route.abort());
    const twin = await context.newPage();
    await twin.goto(page.url());
    results = await new AxeBuilder({ page: twin }).withTags(TAGS).analyze();
    await expectLaidOut(twin);
    await context.close();
  } else {
    results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    await expectLaidOut(page);
  }
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** What the eye would catch, checked on every page the tests visit, at its current width:
 * every radio button and checkbox on the same line as its label; no table cut off or wider
 * than the screen unless it scrolls in its own region with the cue beside it; no chart text
 * running out of its chart. Returns nothing; fails with the offending elements. */
export async function expectLaidOut(page: Page) {
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''}`;
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    for (const input of Array.from(document.querySelectorAll('input[type=radio], input[type=checkbox]')) as HTMLInputElement[]) {
      if (!visible(input)) continue;
      const label = input.labels?.[0];
      if (!label) { found.push(`no label: ${name(input)}`); continue; }
      const i = input.getBoundingClientRect();
      const middle = i.top + i.height / 2;
      // The label's first line box: its text's rectangles, or the label itself.
      const range = document.createRange();
      range.selectNodeContents(label);
      const lines = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
      const first = lines.find((r) => r.right > i.right) ?? label.getBoundingClientRect();
      if (middle < first.top - 2 || middle > first.bottom + 2) {
        found.push(`label not beside its control: ${name(input)} at ${Math.round(middle)}, label line ${Math.round(first.top)}-${Math.round(first.bottom)}`);
      }
    }
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) {
      // Name what sticks out, outside any region that scrolls on its own.
      const out = Array.from(document.querySelectorAll('body *')).filter((el) => {
        if (el.getBoundingClientRect().right <= width + 1 && el.scrollWidth <= el.clientWidth + 1) return false;
        for (let up = el.parentElement; up; up = up.parentElement) {
          if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(up).overflowX)) return false;
        }
        return true;
      }).map(name).slice(-3);
      found.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${width} (${out.join(', ')})`);
    }
    for (const table of Array.from(document.querySelectorAll('table'))) {
      if (!visible(table)) continue;
      let scroller: HTMLElement | null = table.parentElement;
      while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
      const wide = scroller ? scroller.scrollWidth > scroller.clientWidth + 1 : false;
      const r = table.getBoundingClientRect();
      if (!scroller && r.right > width + 1) found.push(`table cut off: ${name(table)} ends at ${Math.round(r.right)} of ${width}`);
      if (wide && !(scroller!.classList.contains('table-wrap') && scroller!.tabIndex === 0)) {
        found.push(`table scrolls without its region: ${name(table)}`);
      }
      if (wide) {
        const hint = scroller!.nextElementSibling;
        if (width <= 768 && !(hint && hint.classList.contains('scroll-hint') && visible(hint))) {
          found.push(`table scrolls with no cue: ${name(table)}`);
        }
      }
    }
    for (const chart of Array.from(document.querySelectorAll('.chart'))) {
      const c = chart.getBoundingClientRect();
      for (const text of Array.from(chart.querySelectorAll('.chart-label, .chart-value')) as HTMLElement[]) {
        const t = text.getBoundingClientRect();
        if (t.left < c.left - 1 || t.right > c.right + 1 || text.scrollWidth > text.clientWidth + 1) {
          found.push(`chart text outside its chart: "${text.textContent}" ${Math.round(t.left)}-${Math.round(t.right)} in ${Math.round(c.left)}-${Math.round(c.right)}`);
        }
        const size = parseFloat(getComputedStyle(text).fontSize);
        const body = parseFloat(getComputedStyle(document.body).fontSize);
        if (size < body) found.push(`chart text smaller than the body: "${text.textContent}" ${size}px`);
      }
    }
    return found;
  });
  expect(problems, `layout on ${page.url()} at ${page.viewportSize()?.width} px`).toEqual([]);
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
