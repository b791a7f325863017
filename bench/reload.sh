#!/usr/bin/env bash
# Reloads on a large corpus: starts `newsreader serve` (watching its seeds) on a copy of a
# generated corpus with a filled data folder, then RELOADS times either changes one seed file
# (a paragraph appended to its last article; odd rounds) or sends SIGHUP (even rounds). For a
# changed file it times the write to the new paragraph being found by search (so read, indexed
# and served); for SIGHUP the signal to the new snapshot's index. It prints those times and the server's
# anonymous memory (RssAnon) after start-up and after the reloads, each after SETTLE seconds
# of quiet, with their ratio.
#
#   bench/reload.sh                        # 100,000 articles, 20 reloads
#   ARTICLES=1000000 bench/reload.sh
#   BIN=/path/to/other/newsreader bench/reload.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-100000}
RELOADS=${RELOADS:-20}
SETTLE=${SETTLE:-12}
. bench/corpus.sh
BIN=${BIN:-target/release/newsreader}
# Hard links: a changed file is written anew and renamed over its link, never in place.
seeds="$PWD/target/bench/reload-seeds-$ARTICLES"
rm -rf "$seeds"
cp -al "$corpus" "$seeds"
data="$PWD/target/bench/reload-data-$ARTICLES"
log="$PWD/target/bench/reload.log"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

now() { date +%s.%N; }
indexed() { grep -cE 'search index (built|up to date|updated)' "$log" || true; }
kib() { awk -v name="$1:" '$1 == name {print $2}' "/proc/$pid/status"; }

# A first run fills the data folder; the measured one starts on it.
rm -rf "$data"
NEWSREADER_LOG=info "$BIN" serve --no-watch --seeds "$seeds" --data "$data" --bind "127.0.0.1:$port" >/dev/null 2>"$log" &
pid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz")" = 200 ]; do sleep 0.05; done
kill "$pid"; wait "$pid" 2>/dev/null || true

NEWSREADER_LOG=info "$BIN" serve --seeds "$seeds" --data "$data" --bind "127.0.0.1:$port" >/dev/null 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz")" = 200 ]; do sleep 0.05; done
curl -s -o /dev/null "$base/search?q=harbour+budget"
sleep "$SETTLE"
fresh=$(kib RssAnon)

changed=()
signalled=()
for i in $(seq "$RELOADS"); do
  if [ $((i % 2)) = 1 ]; then
    file="$seeds/$(ls "$seeds" | sed -n "${i}p")"
    t0=$(now)
    { cat "$file"; printf '\n\n\nReload Probe %d Zebrafinch%d\n\nThe zebrafinch%d paragraph of the reload benchmark, round %d.\n' "$i" "$i" "$i" "$i"; } >"$file.new"
    mv "$file.new" "$file"
    until curl -s "$base/search?q=zebrafinch$i" | grep -qi "<mark>zebrafinch$i</mark>"; do sleep 0.01; done
    changed+=("$(echo "$(now) - $t0" | bc)")
  else
    before=$(indexed)
    t0=$(now)
    kill -HUP "$pid"
    until [ "$(indexed)" -gt "$before" ]; do sleep 0.01; done
    signalled+=("$(echo "$(now) - $t0" | bc)")
  fi
done
sleep "$SETTLE"
after=$(kib RssAnon)

stats() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {printf "%.2f s median, %.2f s max", v[int((NR+1)/2)], v[NR]}'; }
echo "| $ARTICLES articles | time | RssAnon |"
echo "|---|---|---|"
printf '| after start-up (filled data folder) | | %.0f MiB |\n' "$((fresh / 1024))"
printf '| %d changed files, write to found by search | %s | |\n' "${#changed[@]}" "$(stats "${changed[@]}")"
printf '| %d SIGHUP, signal to index up to date | %s | |\n' "${#signalled[@]}" "$(stats "${signalled[@]}")"
awk -v f="$fresh" -v a="$after" 'BEGIN { printf "| after the reloads | | %.0f MiB (%.2f times) |\n", a/1024, a/f }'
