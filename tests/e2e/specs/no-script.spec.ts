// Without JavaScript nothing that needs a script is offered.
import { test, expect } from '../fixtures';

test('the timer stays hidden when it cannot work', async ({ page, visit, javaScriptEnabled }) => {
  test.skip(javaScriptEnabled, 'only meaningful with JavaScript off');
  await visit('/huvudman/steg/1');
  await expect(page.locator('.timer')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Starta' })).toHaveCount(0);
});
