#!/usr/bin/env bash
# Fresh machine → running service on the embedded defaults (builds the index on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
# The library, the HTTP service and the MCP server, at the versions in requirements/lock.txt.
source scripts/venv.sh
locked_venv serve,mcp
exec .venv/bin/rag serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
