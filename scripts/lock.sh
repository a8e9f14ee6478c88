#!/usr/bin/env bash
# Refresh requirements/lock.txt: every dependency of pyproject.toml, all extras, pinned for CPython 3.11 on
# linux x86_64 (manylinux_2_28), with uv (itself pinned, installed into .cache/lock-venv).
#
#   bash scripts/lock.sh                      # keep current pins where still allowed, add what is new
#   bash scripts/lock.sh --upgrade            # re-resolve everything to the newest allowed releases
#   bash scripts/lock.sh --upgrade-package X  # move one package
#
# torch: the st extra's torch==2.13.0 is overridden to 2.13.0+cpu (requirements/overrides.txt), which uv finds
# in TORCH_WHEELS (default /opt/wheels, the directory pip's find-links points at on our machines). Elsewhere,
# set TORCH_WHEELS to a directory or index page holding the torch 2.13.0+cpu wheel for cp311 linux x86_64.
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
TORCH_WHEELS="${TORCH_WHEELS:-/opt/wheels}"
if [ ! -x .cache/lock-venv/bin/uv ] || [ "$(.cache/lock-venv/bin/uv --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  python3 -m venv .cache/lock-venv
  .cache/lock-venv/bin/pip install -q "uv==$UV_VERSION"
fi
.cache/lock-venv/bin/uv pip compile pyproject.toml requirements/build.in --all-extras \
  --python-version 3.11 --python-platform x86_64-manylinux_2_28 \
  --override requirements/overrides.txt --find-links "$TORCH_WHEELS" \
  --custom-compile-command "bash scripts/lock.sh" \
  --quiet -o requirements/lock.txt "$@"
if grep -qiE '^(nvidia-|triton==)' requirements/lock.txt || ! grep -qE '^torch==[^ ]+\+cpu$' requirements/lock.txt; then
  echo "scripts/lock.sh: the lock must hold a +cpu torch and no nvidia-*/triton packages" >&2
  exit 1
fi
echo "requirements/lock.txt: $(grep -cE '^[A-Za-z0-9]' requirements/lock.txt) pinned packages"
