#!/usr/bin/env bash
# newsreader alone on a generated corpus: start-up times and peak RSS, a search query under
# wrk (64 connections), hot-reload latency and in-process search latency over 1,000 queries.
# Prints markdown tables. Serving against nginx, hyper and kiwix-serve is bench/peers.sh.
#
#   bench/run.sh                 # 10,000 articles
#   ARTICLES=100000 bench/run.sh # 100,000 articles
#   REALISTIC=1 bench/run.sh     # gen_corpus --realistic: Zipf vocabulary, its own query mix
#
# Needs wrk (installed when missing). Writes under target/bench/. newsreader runs with
# NEWSREADER_LOG=warn: no line per request.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

ARTICLES=${ARTICLES:-10000}
REALISTIC=${REALISTIC:-}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
# REALISTIC=1: the Zipf-vocabulary corpus, in its own folder, searched for words it holds.
mode=() search="harbour+budget" suffix=""
if [ "$REALISTIC" = 1 ]; then mode=(--realistic) search="health+ministry" suffix="-realistic"; fi
work="$PWD/target/bench/$ARTICLES$suffix"
seeds="$work/seeds"
site="$work/root/news"
mkdir -p "$work"

for need in wrk:wrk; do
  command -v "${need%%:*}" >/dev/null 2>&1 || [ -x "${need%%:*}" ] || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need##*:}" >/dev/null
  }
done

cargo build --release --quiet --bin newsreader --example gen_corpus --example search_latency
bin=target/release/newsreader
if [ ! -f "$seeds.done" ]; then
  rm -rf "$seeds"
  target/release/examples/gen_corpus "${mode[@]}" --articles "$ARTICLES" --seed 1 --out "$seeds" --queries 1000
  touch "$seeds.done"
fi
corpus_bytes=$(du -sb "$seeds" | cut -f1)

now() { date +%s.%N; }
wait_for() { # URL STATUS -> seconds waited, from $t0
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = "$2" ]; do sleep 0.02; done
  echo "$(now) - $t0" | bc
}

# ---- start-up
# How many articles the whole folder holds, to time when every one of them is served.
summary=$($bin check --seeds "$seeds" 2>/dev/null | tail -1 || true)
articles=$(sed -E 's/^.*: ([0-9]+) articles.*$/\1/' <<<"$summary")
app_port=$(free_port)
t0=$(now)
NEWSREADER_LOG=warn $bin serve --no-watch --base-path /news --bind "127.0.0.1:$app_port" --seeds "$seeds" >/dev/null 2>"$work/serve.log" &
app_pid=$!
trap 'kill $app_pid 2>/dev/null; true' EXIT
first_page=$(wait_for "http://127.0.0.1:$app_port/news/" 200)
until curl -s "http://127.0.0.1:$app_port/news/metrics" | grep -qx "newsreader_articles $articles"; do sleep 0.02; done
all_served=$(echo "$(now) - $t0" | bc)
ready=$(wait_for "http://127.0.0.1:$app_port/news/readyz" 200)
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$app_pid/status")


echo "| newsreader alone | req/s | p99 ms |"
echo "|---|---|---|"
read -r r p < <(load "http://127.0.0.1:$app_port/news/search?q=$search"); echo "| search \`${search/+/ }\` | $r | $p |"
echo
echo "| start-up | value |"
echo "|---|---|"
echo "| first page (GET / 200) | ${first_page} s |"
echo "| all $articles articles served (every seed file read) | ${all_served} s |"
echo "| ready (search index built, /readyz 200) | ${ready} s |"
echo "| peak RSS after start-up | $((rss_kb / 1024)) MiB ($(echo "scale=2; $rss_kb * 1024 / $corpus_bytes" | bc)x the seeds on disk) |"
echo

# ---- hot reload: a changed file, until the change is served
kill $app_pid; wait $app_pid 2>/dev/null || true
$bin serve --base-path /news --bind "127.0.0.1:$app_port" --seeds "$seeds" >/dev/null 2>>"$work/serve.log" &
app_pid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$app_port/news/readyz")" = 200 ]; do sleep 0.05; done
marker="Reload Marker $(date +%s%N)"
files=("$seeds"/*.txt)
first=$(basename "${files[0]}")
cp "$seeds/$first" "$work/original.txt"
t0=$(now)
printf '%s\n\nA paragraph written to measure reloads.\n\n\n\n' "$marker" | cat - "$work/original.txt" > "$seeds/$first"
until curl -s "http://127.0.0.1:$app_port/news/" | grep -q "$marker"; do sleep 0.02; done
reload=$(echo "$(now) - $t0" | bc)
cp "$work/original.txt" "$seeds/$first"
echo "| hot reload | value |"
echo "|---|---|"
echo "| changed file -> served | ${reload} s |"
echo

echo "## search latency in process, 1,000 queries"
echo
target/release/examples/search_latency "$seeds" "$seeds.queries.tsv"
