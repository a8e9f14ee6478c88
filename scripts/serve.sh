#!/usr/bin/env bash
# Fresh machine → running service on the embedded defaults (builds the index on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[mcp]'  # the mcp extra: `rag mcp` for agents
exec .venv/bin/rag serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
