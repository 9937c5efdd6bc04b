#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the browser tests (they skip with a reason if it cannot be).
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests (one time)..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
        || echo "Could not install chromium; the browser tests will say so."
else
    echo "No /usr/bin/chromium and no root apt-get: install Debian's chromium to run the browser tests."
fi
exit 0
