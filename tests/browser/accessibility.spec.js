// Accessibility: axe finds nothing on any page in either theme; landmarks, one h1, lang, a
// working skip link and a visible focus ring.
const { test, expect, axe } = require('./fixtures');
const { BYTEDANCE_PATH, MISSING_PATH } = require('./seed');

const PAGES = [
  ['list', '', 200],
  ['article', BYTEDANCE_PATH, 200],
  ['404 page', MISSING_PATH, 404],
  ['search results', 'search?q=Ascend+910B', 200],
];
const NOT_FOUND_STATUS = /status of 404/;

for (const scheme of ['light', 'dark']) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme, allowedConsole: [NOT_FOUND_STATUS] });

    for (const [name, path, status] of PAGES) {
      test(`axe finds no violation on the ${name}`, async ({ page, server }) => {
        const response = await page.goto(server + path);
        expect(response.status()).toBe(status);
        const { violations, passes } = await axe(page);
        expect(violations).toEqual([]);
        expect(passes).toContain('color-contrast');
      });
    }
  });
}

test.describe('structure', () => {
  test.use({ allowedConsole: [NOT_FOUND_STATUS] });

  for (const [name, path] of PAGES) {
    test(`the ${name} has lang, landmarks and one h1`, async ({ page, server }) => {
      await page.goto(server + path);
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await expect(page.getByRole('banner')).toHaveCount(1);
      await expect(page.getByRole('navigation', { name: 'Site' })).toHaveCount(1);
      await expect(page.getByRole('main')).toHaveCount(1);
      await expect(page.getByRole('contentinfo')).toHaveCount(1);
      await expect(page.locator('h1')).toHaveCount(1);
    });
  }
});

test('the skip link is the first stop and moves focus to the main content', async ({ page, server }) => {
  await page.goto(server + BYTEDANCE_PATH);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await page.keyboard.press('Tab');
  // The next stop is inside main: the first link after the skip target.
  expect(await page.evaluate(() => document.activeElement.closest('main') !== null)).toBe(true);
});

test('focus is visible on links and buttons', async ({ page, server }) => {
  await page.goto(server);
  for (let step = 0; step < 4; step += 1) {
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
  }
});
