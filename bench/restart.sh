#!/usr/bin/env bash
# Start-up with and without a data folder: starts `newsreader serve` on a generated corpus
# with an empty data folder (the index is built and the seed manifest written), stops it, and
# starts it again RESTARTS times on the same folder (the index and manifest are opened). For
# each start: seconds to the first page, seconds to `/readyz` 200, and anonymous memory
# (RssAnon) after SETTLE seconds of quiet.
#
#   bench/restart.sh                      # 100,000 articles
#   ARTICLES=10000 bench/restart.sh
#   KEEP=1 RESTARTS=3 ARTICLES=1000000 bench/restart.sh   # the data folder of the last run, kept:
#                                         # no build; after a rebuild of newsreader, its first
#                                         # start reads every seed file (the manifest is the old build's)
#   BIN=/path/to/other/newsreader bench/restart.sh   # another build (without --data: one start)
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-100000}
SETTLE=${SETTLE:-12}
. bench/corpus.sh
BIN=${BIN:-target/release/newsreader}
seeds="$corpus"
data="$PWD/target/bench/data-$ARTICLES"
[ -n "${KEEP:-}" ] || rm -rf "$data"

now() { date +%s.%N; }
start() { # LABEL [OPTIONS...]: one start, one table row
  local label=$1; shift
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  local t0; t0=$(now)
  NEWSREADER_LOG=warn "$BIN" serve --no-watch --seeds "$seeds" --bind "127.0.0.1:$port" "$@" >/dev/null 2>>target/bench/restart.log &
  local pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")" = 200 ]; do sleep 0.02; done
  local first; first=$(echo "$(now) - $t0" | bc)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; do sleep 0.02; done
  local ready; ready=$(echo "$(now) - $t0" | bc)
  curl -s -o /dev/null "http://127.0.0.1:$port/search?q=harbour+budget"
  sleep "$SETTLE"
  local anon; anon=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '| %s | %.2f s | %.2f s | %.0f MiB |\n' "$label" "$first" "$ready" "$((anon / 1024))"
}

echo "| start ($ARTICLES articles) | first page | /readyz 200 | RssAnon after |"
echo "|---|---|---|---|"
if [ -n "${REFERENCE:-}" ]; then
  BIN=$REFERENCE start "reference build, index in memory"
fi
[ -n "${KEEP:-}" ] || start "empty data folder (index built)" --data "$data"
for _ in $(seq "${RESTARTS:-1}"); do
  start "same data folder (index and seed manifest opened)" --data "$data"
done
