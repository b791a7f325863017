#!/usr/bin/env bash
# Memory across reloads: starts `newsreader serve` on a seeds folder, serves a little traffic,
# then reloads it RELOADS times by SIGHUP (each time waiting until the new snapshot's search
# index is built, then asking for the list, an article and a search), and prints the
# server's anonymous memory (RssAnon) and resident set (VmRSS) when fresh and at the end,
# each read after SETTLE seconds of quiet, with their ratio.
#
#   bench/soak.sh                          # the shipped seeds, 500 reloads
#   SEEDS=target/corpus-5k RELOADS=50 bench/soak.sh
#   BIN=/path/to/other/newsreader bench/soak.sh   # the same run against another build
#
# Builds target/release/newsreader unless BIN is given. Writes its log under target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."

SEEDS=${SEEDS:-seeds}
RELOADS=${RELOADS:-500}
SETTLE=${SETTLE:-12}
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --bin newsreader
  BIN=target/release/newsreader
fi
mkdir -p target/bench
log="$PWD/target/bench/soak.log"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

NEWSREADER_LOG=info "$BIN" serve --no-watch --seeds "$SEEDS" --bind "127.0.0.1:$port" >/dev/null 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz")" = 200 ]; do sleep 0.05; done

builds() { grep -cE 'search index (built|up to date|updated|opened)' "$log" || true; }
traffic() { # one round of light traffic: the list, its first article, a search
  local slug
  slug=$(curl -s "$base/api/articles" | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"][0]["slug"])')
  curl -s -o /dev/null "$base/"
  curl -s -o /dev/null "$base/articles/$slug"
  curl -s -o /dev/null "$base/search?q=the+$1"
}
kib() { awk -v name="$1:" '$1 == name {print $2}' "/proc/$pid/status"; }

traffic 0
sleep "$SETTLE"
fresh_anon=$(kib RssAnon); fresh_rss=$(kib VmRSS)
for i in $(seq "$RELOADS"); do
  before=$(builds)
  kill -HUP "$pid"
  until [ "$(builds)" -gt "$before" ]; do sleep 0.02; done
  traffic "$i"
done
sleep "$SETTLE"
end_anon=$(kib RssAnon); end_rss=$(kib VmRSS)

echo "| seeds | reloads | RssAnon fresh | RssAnon after | ratio | VmRSS fresh | VmRSS after | ratio |"
echo "|---|---|---|---|---|---|---|---|"
awk -v s="$SEEDS" -v n="$RELOADS" -v fa="$fresh_anon" -v ea="$end_anon" -v fr="$fresh_rss" -v er="$end_rss" 'BEGIN {
  printf "| %s | %d | %.1f MiB | %.1f MiB | %.2f | %.1f MiB | %.1f MiB | %.2f |\n",
    s, n, fa/1024, ea/1024, ea/fa, fr/1024, er/1024, er/fr }'
