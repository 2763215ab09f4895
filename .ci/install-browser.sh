#!/bin/sh
# Installs Debian's Chromium for the report browser tests (playwright-core drives it; no test tool
# ever downloads a browser). Idempotent: does nothing when /usr/bin/chromium exists.
set -eu
if [ -x /usr/bin/chromium ]; then
  echo "chromium: already installed ($(/usr/bin/chromium --version 2>/dev/null || echo unknown version))"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version
