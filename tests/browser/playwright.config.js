// Playwright drives Debian's Chromium (/usr/bin/chromium); it never downloads a browser.
// The server under test is the real newsreader binary, started by server.js on a free port.
const { defineConfig } = require('@playwright/test');

module.exports = defineConfig({
  testDir: '.',
  testMatch: '*.spec.js',
  outputDir: '../../target/playwright',
  globalSetup: require.resolve('./server.js'),
  // Two cores are shared with compilers: one worker, and no retries that would hide a flake.
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    // Playwright gives every launch a fresh, empty --user-data-dir of its own.
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
