// The `test` every spec uses. Its `page` is guarded: every page from the server must carry the
// server's own Content-Security-Policy (`default-src 'self'`, no inline scripts or styles),
// any request to another host is blocked and recorded, and after the test there must be no
// console error, no uncaught exception, no CSP violation and no off-host request.
const base = require('@playwright/test');
const AxeBuilder = require('@axe-core/playwright').default;

const CSP = "default-src 'self'";

const test = base.test.extend({
  server: async ({}, use) => {
    const url = process.env.NEWSREADER_URL;
    if (!url) throw new Error('NEWSREADER_URL is unset: run through playwright.config.js');
    await use(url);
  },

  // Console messages a test expects (such as the 404 status of the not-found page), as RegExps.
  allowedConsole: [[], { option: true }],

  page: async ({ page, server, allowedConsole }, use) => {
    const origin = new URL(server).origin;
    const problems = [];
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
      });
    });
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (new URL(url).origin !== origin) {
        problems.push(`request to another host: ${url}`);
        return route.abort('blockedbyclient');
      }
      const response = await route.fetch();
      const policy = response.headers()['content-security-policy'] || '';
      if (!policy.startsWith(CSP)) problems.push(`${url} lacks the policy "${CSP}": "${policy}"`);
      return route.fulfill({ response });
    });
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && !allowedConsole.some((allowed) => allowed.test(text))) {
        problems.push(`console error: ${text}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    await use(page);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    base.expect(problems, 'console errors, CSP violations and off-host requests').toEqual([]);
  },
});

// The WCAG 2.2 AA and best-practice rules every page must pass.
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

// axe's findings on the page as it is now, one line each ("rule: selectors"), and the rules
// it checked and passed.
async function axe(page) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const violations = results.violations.map((violation) =>
    `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  return { violations, passes: results.passes.map((pass) => pass.id) };
}

module.exports = { test, expect: base.expect, CSP, axe };
