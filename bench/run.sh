#!/usr/bin/env bash
# Serving benchmark, side by side: `newsreader serve` against nginx serving `newsreader export`
# of the same generated corpus, with wrk (64 connections), alternating A B A B, three rounds
# each, for an article page and list page 1, uncompressed and with Accept-Encoding: gzip;
# then a search query on newsreader alone, start-up times and peak RSS, in-process search
# latency over 1,000 queries, and hot-reload latency. Prints markdown tables.
#
#   bench/run.sh                 # 10,000 articles
#   ARTICLES=100000 bench/run.sh # 100,000 articles
#   REALISTIC=1 bench/run.sh     # gen_corpus --realistic: Zipf vocabulary, its own query mix
#
# Needs wrk and nginx-light (installed when missing). Writes under target/bench/. newsreader
# runs with NEWSREADER_LOG=warn, as nginx runs with access_log off: no line per request.
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-10000}
REALISTIC=${REALISTIC:-}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
# REALISTIC=1: the Zipf-vocabulary corpus, in its own folder, searched for words it holds.
mode=() search="harbour+budget" suffix=""
if [ "$REALISTIC" = 1 ]; then mode=(--realistic) search="health+ministry" suffix="-realistic"; fi
work="$PWD/target/bench/$ARTICLES$suffix"
seeds="$work/seeds"
site="$work/root/news"
mkdir -p "$work"

for need in wrk:wrk /usr/sbin/nginx:nginx-light; do
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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
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
trap 'kill $app_pid 2>/dev/null; [ -n "${nginx_pid:-}" ] && kill -TERM $nginx_pid 2>/dev/null; true' EXIT
first_page=$(wait_for "http://127.0.0.1:$app_port/news/" 200)
until curl -s "http://127.0.0.1:$app_port/news/metrics" | grep -qx "newsreader_articles $articles"; do sleep 0.02; done
all_served=$(echo "$(now) - $t0" | bc)
ready=$(wait_for "http://127.0.0.1:$app_port/news/readyz" 200)
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$app_pid/status")

# ---- the same bytes from nginx
rm -rf "$work/root" && $bin export --base-path /news --seeds "$seeds" --out "$site" >/dev/null 2>&1
# The export writes a file per article (about 1 GB at 100k): flush it now, or the kernel's
# writeback lands on whichever server is measured first.
sync
nginx_port=$(free_port)
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  gzip on;
  gzip_types text/css application/javascript application/json application/atom+xml;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    etag on;
    location /news/ { root $work/root; try_files \$uri \$uri.html \$uri/index.html =404; }
  }
}
CONF
/usr/sbin/nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
until curl -s -o /dev/null "http://127.0.0.1:$nginx_port/news/"; do sleep 0.05; done

slug=$(curl -s "http://127.0.0.1:$app_port/news/api/articles?page=2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"][0]["slug"])')
article="/news/articles/$slug"
list="/news/"
# The export links list pages as /news/page/N (a file each) where the server has /news/?page=N.
for path in "$article" "$list"; do
  cmp <(curl -s "http://127.0.0.1:$app_port$path") \
    <(curl -s "http://127.0.0.1:$nginx_port$path" | sed -E 's#/news/page/([0-9]+)#/news/?page=\1#g') >/dev/null ||
    { echo "newsreader and nginx serve different bytes for $path" >&2; exit 1; }
done

# wrk URL [HEADER] -> "req/s p99_ms"
load() {
  local out
  if [ $# -gt 1 ]; then out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "$2" "$1"); else out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$1"); fi
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  echo "$rps $p99"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "## newsreader vs nginx, $ARTICLES articles ($corpus_bytes bytes of seeds), $(nproc) cores, wrk -t2 -c$CONNECTIONS -d$DURATION"
echo
echo "| page | encoding | newsreader req/s | nginx req/s | ratio | newsreader p99 ms | nginx p99 ms | p99 ratio |"
echo "|---|---|---|---|---|---|---|---|"
for page in article list; do
  path=$article; [ "$page" = list ] && path=$list
  for encoding in identity gzip; do
    header=()
    [ "$encoding" = gzip ] && header=("Accept-Encoding: gzip")
    a_rps=(); b_rps=(); a_p99=(); b_p99=()
    for _ in $(seq "$ROUNDS"); do
      read -r r p < <(load "http://127.0.0.1:$app_port$path" "${header[@]}"); a_rps+=("$r"); a_p99+=("$p")
      read -r r p < <(load "http://127.0.0.1:$nginx_port$path" "${header[@]}"); b_rps+=("$r"); b_p99+=("$p")
    done
    ar=$(printf '%s\n' "${a_rps[@]}" | median); br=$(printf '%s\n' "${b_rps[@]}" | median)
    ap=$(printf '%s\n' "${a_p99[@]}" | median); bp=$(printf '%s\n' "${b_p99[@]}" | median)
    echo "| $page | $encoding | $ar | $br | $(echo "scale=2; $ar / $br" | bc) | $ap | $bp | $(echo "scale=2; $ap / $bp" | bc) |"
  done
done
echo
echo "Each figure is the median of $ROUNDS rounds, run alternately (newsreader, nginx, ...)."
echo
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
