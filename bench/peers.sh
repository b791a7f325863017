#!/usr/bin/env bash
# Serving benchmark against the peers, side by side on one generated corpus and its export:
#   - newsreader serve (log level warn, no access log);
#   - nginx tuned as an operator tunes it for static files: sendfile, tcp_nopush,
#     keepalive_requests 100000, open_file_cache, gzip_static and brotli_static serving the
#     .gz and .br files the export writes beside each page, access_log off;
#   - the ceiling: examples/ceiling.rs, a bare hyper server answering the same exported bytes
#     from memory (what hyper itself allows);
#   - kiwix-serve (Debian kiwix-tools) serving a ZIM of the export built with zimwriterfs
#     (Debian zim-tools), full-text index included, its default 4 threads, without the bar it
#     puts over pages (--nosearchbar): the same article and list page, and a search.
# wrk -t2 -c64, alternating the servers, ROUNDS rounds, for an article page and list page 1,
# uncompressed, gzip and br; prints a markdown table of medians (req/s and p99) and each
# server's ratio to nginx.
#
#   bench/peers.sh                  # 10,000 articles
#   ARTICLES=100000 bench/peers.sh
#
# Installs wrk, nginx-light, its brotli static module, kiwix-tools and zim-tools when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

ARTICLES=${ARTICLES:-10000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
work="$PWD/target/bench/$ARTICLES"
seeds="$work/seeds"
peers="$work/peers"
mkdir -p "$peers"

missing=()
for need in wrk:wrk /usr/sbin/nginx:nginx-light \
  /usr/lib/nginx/modules/ngx_http_brotli_static_module.so:libnginx-mod-http-brotli-static \
  kiwix-serve:kiwix-tools zimwriterfs:zim-tools; do
  command -v "${need%%:*}" >/dev/null 2>&1 || [ -e "${need%%:*}" ] || missing+=("${need##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cargo build --release --quiet --bin newsreader --example gen_corpus --example ceiling
bin=target/release/newsreader
if [ ! -f "$seeds.done" ]; then
  rm -rf "$seeds"
  target/release/examples/gen_corpus --articles "$ARTICLES" --seed 1 --out "$seeds" --queries 1000
  touch "$seeds.done"
fi

pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT
up() { until curl -s -o /dev/null "$1"; do sleep 0.05; done; }

# ---- the export, and newsreader on the same seeds
# One public URL for both, as an operator sets it: the same absolute links in every page.
public=https://news.example/news
rm -rf "$peers/root" && $bin export --base-path /news --public-url "$public" --seeds "$seeds" --out "$peers/root/news" >/dev/null 2>&1
sync
app_port=$(free_port)
NEWSREADER_LOG=warn $bin serve --no-watch --access-log off --base-path /news --public-url "$public" --bind "127.0.0.1:$app_port" \
  --seeds "$seeds" --data "$peers/data" >/dev/null 2>"$peers/serve.log" &
pids+=($!)
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$app_port/news/readyz")" = 200 ]; do sleep 0.05; done
slug=$(curl -s "http://127.0.0.1:$app_port/news/api/articles?page=2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"][0]["slug"])')
article="/news/articles/$slug"
list="/news/"

# ---- nginx, tuned
nginx_port=$(free_port)
mkdir -p "$peers/nginx"
cat > "$peers/nginx/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;
daemon off;
worker_processes auto;
pid $peers/nginx/nginx.pid;
error_log $peers/nginx/error.log;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  open_file_cache max=20000 inactive=60s;
  open_file_cache_valid 60s;
  gzip_static on;
  gzip_vary on;
  brotli_static on;
  client_body_temp_path $peers/nginx/body; proxy_temp_path $peers/nginx/proxy;
  fastcgi_temp_path $peers/nginx/fastcgi; uwsgi_temp_path $peers/nginx/uwsgi; scgi_temp_path $peers/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    etag on;
    location /news/ { root $peers/root; try_files \$uri \$uri/index.html =404; }
  }
}
CONF
/usr/sbin/nginx -p "$peers/nginx" -c "$peers/nginx/nginx.conf" &
pids+=($!)
up "http://127.0.0.1:$nginx_port/news/"

# ---- the ceiling: bare hyper, the exported bytes from memory
ceiling_port=$(free_port)
target/release/examples/ceiling "127.0.0.1:$ceiling_port" "$peers/root" "$article" "$list" &
pids+=($!)
up "http://127.0.0.1:$ceiling_port$list"

# ---- kiwix-serve on a ZIM of the export (its pages only: the ZIM compresses them itself)
if [ ! -f "$peers/news.zim" ] || [ "$peers/news.zim" -ot "$peers/root/news/index.html" ]; then
  rm -rf "$peers/zim" "$peers/news.zim"
  cp -r "$peers/root/news" "$peers/zim"
  find "$peers/zim" \( -name '*.gz' -o -name '*.br' \) -delete
  # The permanent-address pages redirect to absolute paths, which zimwriterfs cannot follow.
  grep -rlZ 'http-equiv="refresh"' "$peers/zim" --include=index.html | xargs -0 -r rm
  # zimwriterfs asks for a 48x48 PNG illustration: one grey square.
  python3 - "$peers/zim/illustration.png" <<'PY'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
rows = b"".join(b"\0" + b"\x80\x80\x80" * 48 for _ in range(48))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 48, 48, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
  zimwriterfs --welcome=index.html --illustration=illustration.png --language=eng --title=newsreader \
    --description="newsreader export" --creator=newsreader --publisher=newsreader --name=news \
    "$peers/zim" "$peers/news.zim" >"$peers/zimwriterfs.log" 2>&1
fi
kiwix_port=$(free_port)
# --nosearchbar: the page as the ZIM holds it, without the bar kiwix-serve puts over each page.
kiwix-serve --nosearchbar --address=127.0.0.1 --port="$kiwix_port" "$peers/news.zim" >"$peers/kiwix.log" 2>&1 &
pids+=($!)
up "http://127.0.0.1:$kiwix_port/"
kiwix_article="/news/articles/$slug/index.html"
kiwix_list="/news/index.html"
kiwix_search="/search?content=news&pattern=harbour+budget"

# Every server sends the same page bytes (nginx and the ceiling: the export's own files; the
# export links list pages as /news/page/N where the server has /news/?page=N).
same() { cmp <(curl -s "$1" | sed -E 's#/news/page/([0-9]+)#/news/?page=\1#g') <(curl -s "$2" | sed -E 's#/news/page/([0-9]+)#/news/?page=\1#g') >/dev/null; }
for path in "$article" "$list"; do
  for port in "$nginx_port" "$ceiling_port"; do
    same "http://127.0.0.1:$app_port$path" "http://127.0.0.1:$port$path" ||
      { echo "newsreader and the server on port $port send different bytes for $path" >&2; exit 1; }
  done
done
# kiwix-serve adds one tag of its own to each page's head, and nothing else.
cmp <(curl -s "http://127.0.0.1:$nginx_port$article") \
  <(curl -s "http://127.0.0.1:$kiwix_port$kiwix_article" | sed 's#<link type="root" href="[^"]*">##') >/dev/null ||
  { echo "kiwix-serve sends other bytes for the article" >&2; exit 1; }

ratio() { echo "scale=2; $1 / $2" | bc; }

echo "## newsreader and its peers, $ARTICLES articles, $(nproc) cores, wrk -t2 -c$CONNECTIONS -d$DURATION, medians of $ROUNDS rounds"
echo
echo "| page | coding | newsreader req/s (p99 ms) | nginx, tuned | bare hyper | kiwix-serve | newsreader / nginx | newsreader / hyper |"
echo "|---|---|---|---|---|---|---|---|"
for page in article list; do
  for coding in identity gzip br; do
    header=()
    [ "$coding" != identity ] && header=("Accept-Encoding: $coding")
    declare -A rps=() p99=()
    for server in newsreader nginx hyper kiwix; do rps[$server]=""; p99[$server]=""; done
    for _ in $(seq "$ROUNDS"); do
      for server in newsreader nginx hyper kiwix; do
        case $server in
          newsreader) url="http://127.0.0.1:$app_port" ;;
          nginx) url="http://127.0.0.1:$nginx_port" ;;
          hyper) url="http://127.0.0.1:$ceiling_port" ;;
          kiwix) url="http://127.0.0.1:$kiwix_port" ;;
        esac
        path=$article; [ "$page" = list ] && path=$list
        if [ "$server" = kiwix ]; then path=$kiwix_article; [ "$page" = list ] && path=$kiwix_list; fi
        read -r r p < <(load "$url$path" "${header[@]}")
        rps[$server]+="$r "; p99[$server]+="$p "
      done
    done
    row="| $page | $coding |"
    for server in newsreader nginx hyper kiwix; do
      declare "m_$server=$(tr ' ' '\n' <<<"${rps[$server]}" | grep . | median)"
      declare "q_$server=$(tr ' ' '\n' <<<"${p99[$server]}" | grep . | median)"
      m="m_$server" q="q_$server"
      row+=" ${!m} (${!q}) |"
    done
    echo "$row $(ratio "$m_newsreader" "$m_nginx") | $(ratio "$m_newsreader" "$m_hyper") |"
  done
done
echo
echo "| search \`harbour budget\` | req/s (p99 ms) |"
echo "|---|---|"
read -r r p < <(load "http://127.0.0.1:$app_port/news/search?q=harbour+budget"); echo "| newsreader | $r ($p) |"
read -r r p < <(load "http://127.0.0.1:$kiwix_port$kiwix_search"); echo "| kiwix-serve | $r ($p) |"
