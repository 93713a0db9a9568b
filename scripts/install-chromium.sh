#!/bin/sh
# Installs Debian's Chromium for the browser test (test/browser/), once. Idempotent: does
# nothing when /usr/bin/chromium exists. CI runs as root on a fresh Debian machine where only
# the npm registry and the Debian mirrors are reachable, so Playwright's own browser download
# is not an option; playwright-core launches this binary through `executablePath`.
set -eu

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=
elif command -v sudo >/dev/null 2>&1; then
  SUDO=sudo
else
  echo "install-chromium: $CHROMIUM is missing and this user cannot install packages (not root, no sudo)" >&2
  exit 1
fi

echo "install-chromium: installing Debian's chromium package" >&2
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

if [ ! -x "$CHROMIUM" ]; then
  echo "install-chromium: apt-get finished but $CHROMIUM does not exist" >&2
  exit 1
fi
echo "install-chromium: installed $(dpkg-query -W -f '${Package} ${Version}' chromium 2>/dev/null)" >&2
