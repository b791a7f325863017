#!/usr/bin/env bash
# Server CPU time per request of two newsreader binaries side by side, for the cached
# article page and list page 1, identity and gzip: wrk -t1 -c16 for 5 s against each in
# turn, the server's task-clock read by `perf stat`, divided by the requests wrk made.
# Alternates the binaries, ROUNDS rounds; prints every round. A lower figure is cheaper.
#
#   bench/cpu.sh BEFORE_BINARY AFTER_BINARY      # 10,000 generated articles
#
# Copy the binaries out of target/ first (cp target/release/newsreader /tmp/after) so a
# build cannot replace one during the run. Installs wrk and perf (linux-perf) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

[ $# -eq 2 ] || { echo "usage: bench/cpu.sh BEFORE_BINARY AFTER_BINARY" >&2; exit 2; }
ROUNDS=${ROUNDS:-3}
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v perf >/dev/null || missing+=(linux-perf)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
work="$PWD/target/bench/10000"
seeds="$work/seeds"
if [ ! -f "$seeds.done" ]; then
  cargo build --release --quiet --example gen_corpus
  rm -rf "$seeds"
  target/release/examples/gen_corpus --articles 10000 --seed 1 --out "$seeds" --queries 1000
  touch "$seeds.done"
fi

pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT
declare -A port pid
for side in before after; do
  binary=$1; [ "$side" = after ] && binary=$2
  port[$side]=$(free_port)
  rm -rf "$work/cpu-$side"
  NEWSREADER_LOG=warn "$binary" serve --no-watch --access-log off --base-path /news \
    --public-url https://news.example/news --bind "127.0.0.1:${port[$side]}" --seeds "$seeds" \
    --data "$work/cpu-$side" >/dev/null 2>&1 &
  pid[$side]=$!
  pids+=($!)
done
for side in before after; do
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port[$side]}/news/readyz")" = 200 ]; do sleep 0.1; done
done
slug=$(curl -s "http://127.0.0.1:${port[before]}/news/api/articles?page=2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"][0]["slug"])')

echo "| page | coding | round | before µs/request | after µs/request |"
echo "|---|---|---|---|---|"
for page in "/news/articles/$slug" /news/; do
  for coding in identity gzip; do
    for round in $(seq "$ROUNDS"); do
      [ "$page" = /news/ ] || row="| article | $coding | $round |"
      [ "$page" = /news/ ] && row="| list | $coding | $round |"
      for side in before after; do
        url="http://127.0.0.1:${port[$side]}$page"
        wrk -t1 -c16 -d1s -H "Accept-Encoding: $coding" "$url" >/dev/null
        perf stat -x, -e task-clock -p "${pid[$side]}" -o "$work/cpu-$side.stat" -- sleep 6 &
        stat=$!
        requests=$(wrk -t1 -c16 -d5s -H "Accept-Encoding: $coding" "$url" | awk '/requests in/ {print $1}')
        wait "$stat"
        row+=" $(awk -F, -v requests="$requests" '$3 ~ /task-clock/ {printf "%.2f", $1 * 1000 / requests}' "$work/cpu-$side.stat") |"
      done
      echo "$row"
    done
  done
done
