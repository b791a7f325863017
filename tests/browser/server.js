// Global setup: starts the real newsreader binary on 127.0.0.1:0 with the shipped seeds and
// hands its URL to the tests as NEWSREADER_URL. Returns the teardown that stops it.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

const repo = path.resolve(__dirname, '..', '..');

// NEWSREADER_BIN, else the debug binary `cargo test` builds, else the release one.
function binary() {
  const candidates = [
    process.env.NEWSREADER_BIN,
    path.join(repo, 'target', 'debug', 'newsreader'),
    path.join(repo, 'target', 'release', 'newsreader'),
  ].filter(Boolean);
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`no newsreader binary at ${candidates.join(' or ')}: run cargo build first`);
  return found;
}

module.exports = async function startServer() {
  const child = spawn(binary(), ['serve', '--bind', '127.0.0.1:0', '--seeds', path.join(repo, 'seeds')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // The default data folder goes under target/, not the user's cache folder.
    env: { ...process.env, NO_COLOR: '1', NEWSREADER_LOG: 'warn', XDG_CACHE_HOME: path.join(repo, 'target', 'browser-cache') },
  });
  child.stderr.pipe(process.stderr);
  const url = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`newsreader exited with status ${code} before serving`)));
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      const match = line.match(/http:\/\/127\.0\.0\.1:\d+\/?/);
      if (match) resolve(match[0].replace(/\/?$/, '/'));
      else reject(new Error(`unexpected first line from newsreader: ${line}`));
    });
  });
  child.removeAllListeners('exit');
  // Wait until the search index is built too, so every page answers as it will for readers.
  for (let tries = 0; tries < 200; tries += 1) {
    const ready = await fetch(`${url}readyz`).then((response) => response.ok, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  process.env.NEWSREADER_URL = url;
  return async () => {
    child.kill('SIGTERM');
  };
};
