// Layout from 320 px to 1920 px, touch targets, the reading measure, print, and screenshots
// for a person to look at (target/screenshots/).
const path = require('node:path');
const { test, expect } = require('./fixtures');
const { BYTEDANCE, VOLKSWAGEN, BYTEDANCE_PATH, VOLKSWAGEN_PATH, MISSING_PATH, SCREENSHOTS } = require('./seed');

const PAGES = [['list', ''], ['article', BYTEDANCE_PATH], ['404', MISSING_PATH]];
const NOT_FOUND_STATUS = /status of 404/;
test.use({ allowedConsole: [NOT_FOUND_STATUS] });

for (const width of [320, 390, 768, 1366, 1920]) {
  test.describe(`${width} px wide`, () => {
    test.use({ viewport: { width, height: 800 } });

    test('no page scrolls sideways', async ({ page, server }) => {
      for (const [, pagePath] of PAGES) {
        await page.goto(server + pagePath);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, pagePath || 'list').toBeLessThanOrEqual(0);
      }
    });
  });
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('every link and button outside running text is at least 44 px square', async ({ page, server }) => {
    for (const [, pagePath] of PAGES) {
      await page.goto(server + pagePath);
      const small = await page.evaluate(() =>
        [...document.querySelectorAll('a[href], button, input, select, textarea')]
          // Links inside running text are exempt (WCAG 2.5.8 "inline"); a link that is a
          // paragraph's only content is not.
          .filter((element) => element.checkVisibility() &&
            !(element.closest('p') && element.closest('p').textContent.trim() !== element.textContent.trim()))
          .map((element) => ({ element, box: element.getBoundingClientRect() }))
          .filter(({ box }) => box.width < 44 || box.height < 44)
          .map(({ element, box }) => `${element.textContent.trim()} ${Math.round(box.width)}x${Math.round(box.height)}`));
      expect(small, pagePath || 'list').toEqual([]);
    }
  });
});

// The paragraph permalink (¶) is invisible until hovered: it must never move the text, not
// even when a paragraph's last line is full and the mark would wrap onto a line of its own.
for (const width of [320, 390, 768, 1280, 1920]) {
  test(`paragraph permalinks change no paragraph's height at ${width} px`, async ({ page, server }) => {
    await page.setViewportSize({ width, height: 900 });
    for (const articlePath of [BYTEDANCE_PATH, VOLKSWAGEN_PATH]) {
      await page.goto(server + articlePath);
      const heights = () => page.$$eval('.body p', (paragraphs) => paragraphs.map((p) => p.getBoundingClientRect().height));
      const withMarks = await heights();
      // Each mark, shown when focused, stays on the screen.
      const outside = await page.$$eval('.body p > .permalink', (marks) => marks
        .map((mark) => mark.getBoundingClientRect())
        .filter((box) => box.left < 0 || box.right > window.innerWidth)
        .map((box) => `${Math.round(box.left)}..${Math.round(box.right)}`));
      expect(outside, articlePath).toEqual([]);
      await page.$$eval('.body p > .permalink', (marks) => marks.forEach((mark) => mark.remove()));
      const without = await heights();
      expect(withMarks.length, articlePath).toBeGreaterThan(1);
      expect(withMarks, articlePath).toEqual(without);
    }
  });
}

// Characters per line of the body text: the paragraph's width over the mean advance of its
// own characters in its own font.
async function measure(page) {
  return page.evaluate(() => {
    const paragraph = document.querySelector('.body p:nth-of-type(2)');
    const context = document.createElement('canvas').getContext('2d');
    context.font = getComputedStyle(paragraph).font;
    const text = paragraph.textContent;
    const advance = context.measureText(text).width / text.length;
    return paragraph.clientWidth / advance;
  });
}

for (const width of [1366, 1920]) {
  test.describe(`reading at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 }, javaScriptEnabled: false });

    test('body text runs 60 to 75 characters a line', async ({ page, server }) => {
      await page.goto(server + BYTEDANCE_PATH);
      const perLine = await measure(page);
      expect(perLine).toBeGreaterThanOrEqual(60);
      expect(perLine).toBeLessThanOrEqual(75);
    });
  });
}

test('the list shows headline, lede, reading time and the photo agency', async ({ page, server }) => {
  await page.goto(server);
  const entries = page.locator('.entry');
  await expect(entries.locator('h2')).toHaveText([BYTEDANCE, VOLKSWAGEN]);
  await expect(entries.locator('.lede').first()).toHaveText(/^TikTok's Chinese parent ByteDance plans/);
  await expect(entries.locator('.reading-time')).toHaveText(['3 min read', '3 min read']);
  await expect(entries.locator('.agency')).toHaveText(['Photo: Reuters', 'Photo: Reuters']);
});

test('the article shows reading time, permanent link, caption, credit and its neighbours', async ({ page, server }) => {
  await page.goto(server + VOLKSWAGEN_PATH);
  await expect(page.locator('.article-header .meta .reading-time')).toHaveText('3 min read');
  const permanent = page.locator('.article-header .meta a.permanent-link');
  await expect(permanent).toHaveText('Permanent link');
  await expect(permanent).toHaveAttribute('href', new RegExp(`^/${VOLKSWAGEN_PATH}-[0-9a-f]{8}$`));
  await expect(page.locator('figcaption .caption')).toHaveText(/^The Volkswagen logo is displayed/);
  await expect(page.locator('figcaption .credit')).toHaveText('REUTERS/Annegret Hilse/File Photo');
  await expect(page.locator('img')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'More articles' }).getByRole('link'))
    .toHaveText([`Previous ${BYTEDANCE}`, 'All articles']);
});

test('print shows the article alone, with its address', async ({ page, server }) => {
  await page.goto(server + BYTEDANCE_PATH);
  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['.site-header', '.site-footer', '.pager', '.skip-link']) {
    await expect(page.locator(hidden)).toBeHidden();
  }
  await expect(page.locator('h1')).toBeVisible();
  await expect(page.locator('.print-url')).toHaveText(server + BYTEDANCE_PATH);
  expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe('rgb(0, 0, 0)');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'article-print.png'), fullPage: true });
});

// What a reader sees first on each page, and the end of an article (its pager and footer).
for (const [width, height] of [[390, 844], [1366, 900]]) {
  for (const scheme of ['light', 'dark']) {
    test.describe(`screenshots ${width}x${height} ${scheme}`, () => {
      test.use({ viewport: { width, height }, colorScheme: scheme });

      test('list, article and 404 page', async ({ page, server }) => {
        const shot = (name) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}x${height}-${scheme}.png`) });
        for (const [name, pagePath] of PAGES) {
          await page.goto(server + pagePath);
          await shot(name);
        }
        await page.goto(server);
        await page.keyboard.press('j');
        await page.keyboard.press('j');
        await shot('list-selected');
        await page.goto(server + BYTEDANCE_PATH);
        await page.locator('.site-footer').scrollIntoViewIfNeeded();
        await shot('article-end');
        await page.keyboard.press('?');
        await shot('help');
      });
    });
  }
}
