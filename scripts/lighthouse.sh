#!/usr/bin/env bash
# Lighthouse (npm lighthouse@12.2.3, pinned in scripts/lighthouse/package-lock.json) run with
# Debian's Chromium against the release server: prints the four category scores (0-100) for the
# list and an article, and the bytes an article page transfers on a first load.
# Usage: scripts/lighthouse.sh            (reports are kept in target/lighthouse/)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! [ -x /usr/bin/chromium ]; then
  echo "lighthouse.sh: /usr/bin/chromium is missing: run scripts/test.sh once, or apt-get install chromium" >&2
  exit 1
fi
(cd scripts/lighthouse && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
cargo build --release --locked

out=target/lighthouse
mkdir -p "$out"
server_log="$out/server.log"
target/release/newsreader serve --bind 127.0.0.1:0 --seeds seeds >"$out/server.url" 2>"$server_log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  if [ -s "$out/server.url" ]; then break; fi
  sleep 0.1
done
base=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$out/server.url")
article=$(curl -s "$base" | grep -o 'href="/articles/[^"]*"' | head -n 1 | cut -d'"' -f2)

export CHROME_PATH=/usr/bin/chromium
flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
printf '%-10s %12s %14s %14s %4s  %s\n' page performance accessibility best-practices seo "bytes transferred"
for page in list article; do
  if [ "$page" = list ]; then url="$base"; else url="${base%/}$article"; fi
  profile=$(mktemp -d)
  scripts/lighthouse/node_modules/.bin/lighthouse "$url" --quiet --output=json --output-path="$out/$page.json" \
    --chrome-flags="$flags --user-data-dir=$profile" --only-categories=performance,accessibility,best-practices,seo
  rm -rf "$profile"
  node -e '
    const report = require(process.argv[1]);
    const score = (id) => Math.round(report.categories[id].score * 100);
    const bytes = report.audits["total-byte-weight"].numericValue;
    console.log([process.argv[2].padEnd(10), String(score("performance")).padStart(12),
      String(score("accessibility")).padStart(14), String(score("best-practices")).padStart(14),
      String(score("seo")).padStart(4), " " + bytes].join(" "));
  ' "$PWD/$out/$page.json" "$page"
done
