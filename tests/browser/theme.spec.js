// Light and dark: the system setting applies with or without JavaScript; the toggle pins a
// theme, remembers it across pages and reloads, and choosing the system's theme unpins it.
const { test, expect } = require('./fixtures');
const { BYTEDANCE_PATH } = require('./seed');

const LIGHT_BG = 'rgb(251, 250, 247)';
const DARK_BG = 'rgb(20, 21, 24)';
const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

for (const [scheme, expected] of [['light', LIGHT_BG], ['dark', DARK_BG]]) {
  test.describe(`system ${scheme}, no JavaScript`, () => {
    test.use({ colorScheme: scheme, javaScriptEnabled: false });

    test('the system colour scheme applies and the toggle stays hidden', async ({ page, server }) => {
      await page.goto(server + BYTEDANCE_PATH);
      expect(await background(page)).toBe(expected);
      await expect(page.locator('.theme-toggle')).toBeHidden();
      await expect(page.locator('.shortcuts-button')).toBeHidden();
      await expect(page.locator('a[rel=next]')).toBeVisible();
    });
  });
}

test.describe('system light', () => {
  test.use({ colorScheme: 'light' });

  test('the toggle switches to dark and the choice is remembered', async ({ page, server }) => {
    await page.goto(server);
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    expect(await background(page)).toBe(LIGHT_BG);

    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(await background(page)).toBe(DARK_BG);

    await page.goto(server + BYTEDANCE_PATH);
    expect(await background(page)).toBe(DARK_BG);
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');

    await page.getByRole('button', { name: 'Dark theme' }).click();
    expect(await background(page)).toBe(LIGHT_BG);
    expect(await page.evaluate(() => localStorage.getItem('newsreader-theme'))).toBeNull();
  });
});

test.describe('system dark', () => {
  test.use({ colorScheme: 'dark' });

  test('the toggle pins light over a dark system', async ({ page, server }) => {
    await page.goto(server);
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(await background(page)).toBe(DARK_BG);
    await toggle.click();
    expect(await background(page)).toBe(LIGHT_BG);
    await page.reload();
    expect(await background(page)).toBe(LIGHT_BG);
    expect(await page.evaluate(() => localStorage.getItem('newsreader-theme'))).toBe('light');
  });
});

test.describe('reduced motion', () => {
  test.use({ reducedMotion: 'reduce' });

  test('nothing animates or scrolls smoothly', async ({ page, server }) => {
    await page.goto(server + BYTEDANCE_PATH);
    const moving = await page.evaluate(() =>
      [document.documentElement, ...document.querySelectorAll('body *')]
        .map((element) => getComputedStyle(element))
        .filter((style) => style.scrollBehavior === 'smooth' || style.animationName !== 'none' ||
          style.transitionDuration.split(',').some((duration) => parseFloat(duration) > 0)).length);
    expect(moving).toBe(0);
  });
});

test('without a motion preference, in-page jumps scroll smoothly', async ({ page, server }) => {
  await page.goto(server + BYTEDANCE_PATH);
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior)).toBe('smooth');
});
