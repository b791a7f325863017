// Moving around: list -> article -> next -> back, by mouse and by keyboard, and the help overlay.
const { test, expect } = require('./fixtures');
const { BYTEDANCE, VOLKSWAGEN, BYTEDANCE_PATH, VOLKSWAGEN_PATH } = require('./seed');

test('list -> article -> next -> back by mouse', async ({ page, server }) => {
  await page.goto(server);
  await page.getByRole('link', { name: BYTEDANCE }).click();
  await expect(page).toHaveURL(server + BYTEDANCE_PATH);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(BYTEDANCE);

  await page.getByRole('link', { name: `Next ${VOLKSWAGEN}` }).click();
  await expect(page).toHaveURL(server + VOLKSWAGEN_PATH);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(VOLKSWAGEN);

  await page.getByRole('link', { name: `Previous ${BYTEDANCE}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(BYTEDANCE);
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(VOLKSWAGEN);
  await page.getByRole('link', { name: 'All articles' }).click();
  await expect(page).toHaveURL(server);
});

test('list -> article -> next -> back by keyboard shortcuts', async ({ page, server }) => {
  await page.goto(server);
  const headlineLink = (name) => page.getByRole('link', { name, exact: true });

  await page.keyboard.press('j');
  await expect(headlineLink(BYTEDANCE)).toBeFocused();
  await page.keyboard.press('j');
  await expect(headlineLink(VOLKSWAGEN)).toBeFocused();
  await page.keyboard.press('j'); // stays on the last entry
  await expect(headlineLink(VOLKSWAGEN)).toBeFocused();
  await page.keyboard.press('k');
  await expect(headlineLink(BYTEDANCE)).toBeFocused();

  await page.keyboard.press('o');
  await expect(page).toHaveURL(server + BYTEDANCE_PATH);
  await page.waitForLoadState('domcontentloaded'); // shortcuts start with the page's script
  await page.keyboard.press('n');
  await expect(page).toHaveURL(server + VOLKSWAGEN_PATH);
  await page.waitForLoadState('domcontentloaded'); // shortcuts start with the page's script
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(VOLKSWAGEN);
  await page.keyboard.press('n'); // no next article: stays
  await expect(page).toHaveURL(server + VOLKSWAGEN_PATH);
  await page.waitForLoadState('domcontentloaded'); // shortcuts start with the page's script
  await page.keyboard.press('p');
  await expect(page).toHaveURL(server + BYTEDANCE_PATH);
  await page.waitForLoadState('domcontentloaded'); // shortcuts start with the page's script

  await page.goBack();
  await expect(page).toHaveURL(server + VOLKSWAGEN_PATH);
  await page.waitForLoadState('domcontentloaded'); // shortcuts start with the page's script
  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL(server);
  await page.waitForLoadState('domcontentloaded'); // shortcuts start with the page's script
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(VOLKSWAGEN);
});

test('Tab and Enter reach every article without shortcuts', async ({ page, server }) => {
  await page.goto(server);
  const focused = [];
  for (let step = 0; step < 6; step += 1) {
    await page.keyboard.press('Tab');
    focused.push(await page.evaluate(() => document.activeElement.getAttribute('aria-label')
      || document.activeElement.labels?.[0]?.textContent.trim() || document.activeElement.textContent.trim()));
  }
  expect(focused).toEqual(['Skip to content', 'newsreader', 'Dark theme', 'Search articles', 'Search', BYTEDANCE]);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(BYTEDANCE);
});

test('? shows the keyboard help and Esc closes it', async ({ page, server }) => {
  await page.goto(server + BYTEDANCE_PATH);
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toHaveCount(0);
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  await expect(help.locator('dt')).toHaveText(['j / k', 'Enter or o', 'n / p', '/', '?', 'Esc']);
  await page.keyboard.press('n'); // shortcuts rest while the help is open
  await expect(page).toHaveURL(server + BYTEDANCE_PATH);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toBeHidden();
});

test('/ focuses the search box', async ({ page, server }) => {
  await page.goto(server);
  const search = page.getByRole('searchbox');
  test.skip((await search.count()) === 0, 'the list has no search box yet');
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await page.keyboard.type('j');
  await expect(search).toHaveValue('j'); // typing in the box is not a shortcut
});

test('shortcuts leave modified keys to the browser', async ({ page, server }) => {
  await page.goto(server + BYTEDANCE_PATH);
  await page.keyboard.press('Control+n');
  await page.keyboard.press('Alt+n');
  await expect(page).toHaveURL(server + BYTEDANCE_PATH);
});
