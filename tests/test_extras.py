"""The core install (no extras) is the library and the CLI: optional modules are imported only by the commands
that need them, and a missing extra is one `rag: error:` line naming it."""
import os
import subprocess
import sys

from .conftest import ROOT

OPTIONAL = ("matplotlib", "fastapi", "starlette", "uvicorn", "prometheus_client", "httpx", "torch",
            "sentence_transformers", "mcp", "openai", "pytest")


def run_without(blocked, code):
    """Run `code` in a fresh interpreter in which importing any of `blocked` fails as if not installed."""
    prelude = f"import sys\nfor m in {tuple(blocked)!r}:\n    sys.modules[m] = None\n"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    return subprocess.run([sys.executable, "-c", prelude + code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_core_modules_import_no_optional_dependency():
    code = ("import rag.cli, rag.engine, rag.evaluation, rag.index, rag.embedders, rag.metrics\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {OPTIONAL!r}))")
    out = run_without((), code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_serve_without_the_serve_extra_names_it():
    out = run_without(("fastapi", "uvicorn"), "from rag.cli import main\nsys.exit(main(['serve']))")
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "rag: error: rag serve needs the serve extra (fastapi is not installed): pip install 'ftz-rag[serve]'"]


def test_eval_without_the_eval_extra_names_it():
    out = run_without(("matplotlib",), "from rag.cli import main\nsys.exit(main(['eval', '--split', 'dev']))")
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "rag: error: rag eval needs the eval extra (matplotlib is not installed): pip install 'ftz-rag[eval]'"]
    out = run_without(("httpx",), "from rag.cli import main\nsys.exit(main(['eval', '--url', 'http://127.0.0.1:9']))")
    assert out.returncode == 2 and "pip install 'ftz-rag[eval]'" in out.stderr and "httpx" in out.stderr


def test_other_import_errors_are_not_blamed_on_an_extra():
    code = ("from rag.extras import require_extra\n"
            "import importlib\n"
            "def broken(name):\n"
            "    raise ModuleNotFoundError('No module named kiwisolver', name='kiwisolver')\n"
            "importlib.import_module = broken\n"
            "try:\n    require_extra('eval', 'rag eval')\nexcept ModuleNotFoundError as e:\n    print(e.name)\n")
    out = run_without((), code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "kiwisolver"
