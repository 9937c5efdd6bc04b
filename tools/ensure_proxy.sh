#!/usr/bin/env bash
# Install JupyterHub's configurable-http-proxy (npm) into .venv/node for the hub test (it skips with a
# reason if it cannot be installed). Usage: tools/ensure_proxy.sh [VENV]   (default .venv)
set -u
CHP_VERSION=5.3.0
VENV="${1:-.venv}"
BIN="$VENV/node/node_modules/.bin/configurable-http-proxy"
if [ -x "$BIN" ] && grep -q "\"version\": \"$CHP_VERSION\"" "$VENV/node/node_modules/configurable-http-proxy/package.json" 2>/dev/null; then
    exit 0
fi
if ! command -v npm >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's nodejs and npm for the hub test (one time)..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null) \
        || echo "Could not install npm; the hub test will say so."
fi
if command -v npm >/dev/null; then
    echo "Installing configurable-http-proxy $CHP_VERSION into $VENV/node for the hub test..."
    mkdir -p "$VENV/node"
    npm install --silent --no-fund --no-audit --prefix "$VENV/node" "configurable-http-proxy@$CHP_VERSION" \
        || echo "Could not install configurable-http-proxy; the hub test will say so."
else
    echo "No npm: install Node.js and npm to run the hub test (it is skipped until then)."
fi
exit 0
