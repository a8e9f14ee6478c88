# Sourced by scripts/serve.sh and scripts/test.sh: `locked_venv EXTRAS` makes .venv with ftz-rag (editable) and
# the given extras, every package at its version in requirements/lock.txt (refresh it: bash scripts/lock.sh).
PIP_VERSION=26.3

_locked_install() {
  .venv/bin/pip install -q "pip==$PIP_VERSION"
  # -c: only what these extras need, at the locked versions; --build-constraint: setuptools for building ftz-rag;
  # setuptools itself too, since python3.11 -m venv seeds an older one.
  .venv/bin/pip install -q -c requirements/lock.txt --build-constraint requirements/lock.txt setuptools -e ".[$1]"
}

locked_venv() {
  python3 -m venv .venv
  _locked_install "$1"
  if ! .venv/bin/python scripts/check_venv.py requirements/lock.txt; then
    # A .venv from before (or from another lock) keeps packages the lock no longer has: start it afresh once.
    echo "scripts/venv.sh: recreating .venv from the lock" >&2
    python3 -m venv --clear .venv
    _locked_install "$1"
    .venv/bin/python scripts/check_venv.py requirements/lock.txt
  fi
}
