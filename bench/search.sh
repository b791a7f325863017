#!/usr/bin/env bash
# Search over HTTP on the realistic corpus (`gen_corpus --realistic`, seed 1, and its
# 1,000-query mix): brings the data folder up to date with `newsreader index`, serves it, and
# runs the query mix through wrk (bench/search.lua), first with one connection (latency: p50,
# p99), then with 16 (requests a second), DURATION seconds each. Search pages are not kept in
# the page cache, so every request runs its query.
#
#   bench/search.sh                       # 100,000 articles
#   ARTICLES=1000000 bench/search.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-100000}
DURATION=${DURATION:-20}
cargo build --release --quiet --bin newsreader --example gen_corpus
corpus="$PWD/target/real-$ARTICLES"
queries="$corpus.queries.tsv"
[ -f "$corpus.done" ] || {
  rm -rf "$corpus"
  target/release/examples/gen_corpus --realistic --articles "$ARTICLES" --seed 1 --out "$corpus" --queries 1000
  touch "$corpus.done"
}
mkdir -p target/bench
data="$PWD/target/bench/data-real-$ARTICLES"
NEWSREADER_LOG=warn /usr/bin/time -f "index: %e s, peak RSS %M KiB" target/release/newsreader index --seeds "$corpus" --data "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
NEWSREADER_LOG=warn target/release/newsreader serve --no-watch --access-log off --seeds "$corpus" --data "$data" \
  --bind "127.0.0.1:$port" >/dev/null 2>target/bench/search.log &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; do sleep 0.05; done
for connections in 1 16; do
  threads=$((connections < 2 ? 1 : 2))
  echo "== $connections connection(s), $threads thread(s), ${DURATION}s, the $(wc -l <"$queries")-query mix"
  wrk -t"$threads" -c"$connections" -d"${DURATION}s" --latency -s bench/search.lua "http://127.0.0.1:$port" -- "$queries" |
    grep -E 'Requests/sec|^ +(50|90|99)%|requests in|Non-2xx'
done
echo "RssAnon after: $(awk '/^RssAnon/ {print $2}' "/proc/$pid/status") KiB"
