#!/usr/bin/env bash
# Fresh machine → every test, the real-model and browser ones included.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! fc-list 2>/dev/null | grep -qi wqy; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null
  fi
fi
python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test,st,mcp]'
# pytest exits 5 when no test ran: set -e turns that into a failure too.
.venv/bin/python -m pytest "$@"
