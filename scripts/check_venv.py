"""Fail unless every package installed in this interpreter's environment is pinned in the lock, at that version.

Run by scripts/venv.sh after installing, so a dependency the lock lacks (pyproject changed, lock not refreshed)
or a version other than the locked one stops the script instead of slipping in unpinned.
Usage: python scripts/check_venv.py requirements/lock.txt
"""
from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

IGNORED = {"pip", "ftz-rag"}  # the installer (pinned in scripts/venv.sh) and the project itself


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line)
        if m:
            pins[normalize(m.group(1))] = m.group(2)
    return pins


def main(lock: str) -> int:
    pins = locked(Path(lock))
    problems = []
    for dist in metadata.distributions():
        name, version = normalize(dist.metadata["Name"]), dist.version
        if name in IGNORED:
            continue
        if name not in pins:
            problems.append(f"{name}=={version} is installed but not in {lock}")
        elif pins[name] != version:
            problems.append(f"{name}=={version} is installed, {lock} pins {pins[name]}")
    for p in sorted(problems):
        print(f"check_venv: {p}", file=sys.stderr)
    if problems:
        print("check_venv: refresh the lock (bash scripts/lock.sh) or recreate .venv", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "requirements/lock.txt"))
