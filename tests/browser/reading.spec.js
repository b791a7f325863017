// Reading places: an article remembers the last paragraph in view (in localStorage, by
// permanent slug) and offers "Continue reading" on return; the list marks articles already
// read. Without JavaScript the pages stay as they are.
const { test, expect, axe } = require('./fixtures');
const { BYTEDANCE, VOLKSWAGEN, BYTEDANCE_PATH } = require('./seed');

// The place the page keeps for the article it shows, once it has kept one.
const keptParagraph = (page) => page.evaluate(() => {
  const slug = document.querySelector('article[data-permanent]').dataset.permanent;
  const places = JSON.parse(localStorage.getItem('newsreader-reading') || '{}');
  return places[slug] ? places[slug].paragraph : undefined;
});

// Scrolls so that paragraph `id` is the last one in view: its bottom at the viewport's.
const readUpTo = (page, id) => page.evaluate((target) => {
  document.getElementById(target).scrollIntoView({ block: 'end', behavior: 'instant' });
}, id);

test('an article read to the middle offers "Continue reading" there on return', async ({ page, server }) => {
  await page.goto(server + BYTEDANCE_PATH);
  await expect(page.getByRole('link', { name: 'Continue reading' })).toHaveCount(0);
  await expect.poll(() => keptParagraph(page)).toBeNull(); // opened, not yet scrolled
  await readUpTo(page, 'p10');
  await expect.poll(() => keptParagraph(page)).toBe('p10');

  await page.goto(server);
  await page.goto(server + BYTEDANCE_PATH);
  const offer = page.getByRole('link', { name: 'Continue reading' });
  await expect(offer).toBeVisible();
  await expect(offer).toHaveAttribute('href', '#p10');
  await expect(page.locator('.continue-reading')).toHaveText('Continue reading where you left off');
  // Opening the page again at its top does not move the place.
  expect(await keptParagraph(page)).toBe('p10');

  await offer.click();
  await expect(page.locator('#p10')).toBeInViewport();
  await expect(page.locator('.continue-reading')).toHaveCount(0);
  await expect(page).toHaveURL(`${server}${BYTEDANCE_PATH}#p10`);
});

test('an article read to its last paragraph offers nothing on return', async ({ page, server }) => {
  await page.goto(server + BYTEDANCE_PATH);
  const last = await page.locator('.body p[id]').last().getAttribute('id');
  await readUpTo(page, last);
  await expect.poll(() => keptParagraph(page)).toBe(last);
  await page.goto(server);
  await page.goto(server + BYTEDANCE_PATH);
  await expect(page.locator('h1')).toHaveText(BYTEDANCE);
  await expect(page.locator('.continue-reading')).toHaveCount(0);
});

test('the list marks the articles already read', async ({ page, server }) => {
  await page.goto(server);
  await expect(page.getByText('Already read')).toHaveCount(0);
  await page.getByRole('link', { name: BYTEDANCE }).click();
  await expect(page.locator('h1')).toHaveText(BYTEDANCE);
  // The page's script has kept its place (the heading shows before the script runs).
  await expect.poll(() => keptParagraph(page)).toBeNull();
  await page.goBack();
  const entry = (headline) => page.locator('.entry').filter({ has: page.getByRole('link', { name: headline }) });
  await expect(entry(BYTEDANCE).locator('.read-mark')).toHaveText('Already read');
  await expect(entry(BYTEDANCE)).toHaveClass(/\bis-read\b/);
  await expect(entry(VOLKSWAGEN).locator('.read-mark')).toHaveCount(0);
  // Loaded afresh, too.
  await page.goto(server);
  await expect(page.locator('.read-mark')).toHaveCount(1);
  await expect(entry(BYTEDANCE).locator('.read-mark')).toHaveText('Already read');
});

for (const scheme of ['light', 'dark']) {
  test(`axe finds no violation on the marked list and the offer (${scheme})`, async ({ page, server }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(server + BYTEDANCE_PATH);
    await readUpTo(page, 'p6');
    await expect.poll(() => keptParagraph(page)).toBe('p6');
    await page.goto(server);
    await expect(page.locator('.read-mark')).toHaveCount(1);
    let found = await axe(page);
    expect(found.violations).toEqual([]);
    expect(found.passes).toContain('color-contrast');
    await page.goto(server + BYTEDANCE_PATH);
    await expect(page.getByRole('link', { name: 'Continue reading' })).toBeVisible();
    found = await axe(page);
    expect(found.violations).toEqual([]);
    expect(found.passes).toContain('color-contrast');
  });
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the list and the article read as they always do', async ({ page, server }) => {
    await page.goto(server);
    await expect(page.locator('.entry')).toHaveCount(2);
    await expect(page.locator('.read-mark')).toHaveCount(0);
    await page.getByRole('link', { name: BYTEDANCE }).click();
    await expect(page.locator('h1')).toHaveText(BYTEDANCE);
    await expect(page.locator('.body p[id]')).toHaveCount(18);
    await expect(page.locator('.continue-reading')).toHaveCount(0);
  });
});
