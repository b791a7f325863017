#!/usr/bin/env bash
# The one test command: installs what is missing, then runs the Rust tests and the browser
# tests against the real server binary. Works on a fresh Debian machine as root (or with sudo).
#
# To add a system package another test needs, add one `need_apt COMMAND PACKAGE` line below.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_updated=0
# need_apt COMMAND PACKAGE: installs Debian's PACKAGE unless COMMAND (a path or a name) exists.
need_apt() {
  if [ -x "$1" ] || command -v "$1" >/dev/null 2>&1; then return; fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  if [ "$apt_updated" -eq 0 ]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
  echo "test.sh: installing $2" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}

# ---- system packages
need_apt /usr/bin/chromium chromium
need_apt /usr/sbin/nginx nginx-light
need_apt /usr/bin/systemd-socket-activate systemd

# ---- npm packages, exactly as the lock file says (no browser download: Playwright uses Debian's)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
(cd tests/browser && npm ci --no-audit --no-fund)

# ---- Rust tests (they also build target/debug/newsreader, which the browser tests start)
cargo test --locked

# ---- browser tests (screenshots go to target/screenshots/)
NEWSREADER_BIN="$PWD/target/debug/newsreader" npm --prefix tests/browser test
