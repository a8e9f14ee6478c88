"""`rag` command line: build, search, ask, serve, mcp, eval. JSON for machines, text for people.
Library errors become one line on stderr here, and nowhere else."""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time

from .errors import RagError


def _settings(args):
    from .config import load_settings

    overrides = {}
    if getattr(args, "index_dir", None):
        overrides["index_dir"] = args.index_dir
    if getattr(args, "embedders", None):
        overrides["embedders"] = args.embedders
    return load_settings(**overrides)


def _engine(args):
    from .engine import Engine

    return Engine(_settings(args)).load(build_if_missing=True, progress=True)


def cmd_build(args) -> int:
    from . import index
    from .embedders import load_embedders

    settings = _settings(args)
    started = time.perf_counter()
    embedders = load_embedders(settings.index.embedders, settings.index.build_threads)
    path = index.build(settings, embedders, progress=not args.quiet)
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    summary = {"path": str(path), "seconds": round(time.perf_counter() - started, 2), "counts": manifest["counts"],
               "embedders": manifest["embedders"]}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        c = manifest["counts"]
        print(f"built {path} in {summary['seconds']}s: {c['passages']} passages ({c['measures']} measures), "
              f"{c['sentences']} sentences, legs bm25 + {', '.join(e['name'] for e in manifest['embedders'])}")
    return 0


def cmd_search(args) -> int:
    from .contract import search_dict

    engine = _engine(args)
    result = search_dict(engine.retrieve(args.query, top_k=args.k, zone=args.zone), args.k, engine.retriever.legs,
                         args.zone)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for row in result["hits"]:
            legs = " ".join(f"{k}={v:.4f}" for k, v in row["legs"].items())
            print(f"{row['rank']}. {row['id']}  fused={row['fused']} strength={row['strength']:.3f}  {legs}\n"
                  f"   {row['highlight_text']}")
    return 0


def _print_answer(contract: dict) -> None:
    print(contract["answer"])
    print()
    for i, c in enumerate(contract["citations"], 1):
        a, b = c["highlight"]
        print(f"[{i}] {' › '.join(c['path'])}  ({c['id']}, chars {c['start']}–{c['end']})")
        if contract["lang"] == "en" and c.get("text_en") and c.get("highlight_en"):
            ea, eb = c["highlight_en"]
            print(f"    {c['text_en'][ea:eb]}")
        print(f"    {c['text'][a:b]}")


def cmd_ask(args) -> int:
    from .contract import answer_dict

    engine = _engine(args)
    if args.jsonl:
        # One question per line in, one contract per line out, in order; models load once.
        for line in sys.stdin:
            question = line.rstrip("\n")
            if not question.strip():
                continue
            try:
                out = answer_dict(engine.ask(question, top_k=args.top_k, zone=args.zone))
            except RagError as e:
                out = {"question": question, "error": str(e)}
            print(json.dumps(out, ensure_ascii=False), flush=True)
        return 0
    if not args.question:
        print("rag ask: give a QUESTION, or --jsonl to read questions from stdin", file=sys.stderr)
        return 2
    contract = answer_dict(engine.ask(args.question, top_k=args.top_k, zone=args.zone))
    if args.json:
        print(json.dumps(contract, ensure_ascii=False))
    else:
        _print_answer(contract)
    return 0


def cmd_serve(args) -> int:
    from .extras import require_extra

    require_extra("serve", "rag serve")
    import uvicorn

    settings = _settings(args)
    workers = args.workers
    if workers > 1:
        # Each worker process imports the app factory and loads the index read-only once.
        import os
        import tempfile
        from pathlib import Path

        from . import index as index_mod
        from .config import SETTINGS_FILE_ENV, write_settings_file

        try:
            index_mod.load(settings)
        except RagError:
            _engine(args)  # build once here, not in every worker
        # Workers are new processes that call the app factory with no arguments: they read these
        # settings, the command line's overrides included, whole from one file.
        with tempfile.TemporaryDirectory(prefix="rag-serve-") as tmp:
            os.environ[SETTINGS_FILE_ENV] = str(write_settings_file(settings, Path(tmp) / "settings.json"))
            _serve_workers(uvicorn.Config("api.app:create_app", factory=True, host=args.host, port=args.port,
                                          workers=workers, log_level="warning"))
        return 0
    from api.app import create_app

    from .engine import Engine

    app = create_app(settings=settings, engine=Engine(settings).load(build_if_missing=True, progress=True))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def cmd_mcp(args) -> int:
    from .mcp_server import serve

    serve(_settings(args))
    return 0


def _serve_workers(config) -> None:
    """What ``uvicorn.run`` does with workers > 1, on a listening socket that says it is TCP.

    uvicorn binds it with ``proto`` 0 (uvicorn issue #3149); accepted connections inherit that, and
    asyncio turns TCP_NODELAY on only for ``IPPROTO_TCP``. With Nagle's algorithm left on, the body
    of every keep-alive response after the first waited for the client's delayed ACK: +40 ms each."""
    import socket

    from uvicorn.supervisors import Multiprocess

    sock = config.bind_socket()
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto != socket.IPPROTO_TCP:
        sock = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, sock.detach())
    try:
        Multiprocess(config, sockets=[sock]).run()
    except KeyboardInterrupt:
        pass


def cmd_eval(args) -> int:
    from .evaluation import run_cli

    return run_cli(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="Bilingual Q&A over 国发〔2020〕10号 (FTZ plans).")
    parser.add_argument("--index-dir", help="index directory (default: settings / RAG_INDEX_DIR)")
    parser.add_argument("--embedders", help="comma-separated dense legs, e.g. e5,use")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="parse, embed and write the index atomically")
    p.add_argument("--json", action="store_true")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("search", help="ranked passages with per-leg scores")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=10)
    p.add_argument("--zone")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="answer a question with cited passages")
    p.add_argument("question", nargs="?")
    p.add_argument("--top-k", type=int, default=None)
    p.add_argument("--zone")
    p.add_argument("--json", action="store_true", help="print the ask contract")
    p.add_argument("--jsonl", action="store_true", help="questions on stdin, one contract per line out")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("serve", help="run the HTTP service")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1, help="worker processes")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("mcp", help="serve the Model Context Protocol over stdio (tools for agents)")
    p.set_defaults(func=cmd_mcp)

    p = sub.add_parser("eval", help="score configurations on the eval set")
    p.add_argument("--split", default="test", choices=["dev", "test", "all"])
    p.add_argument("--configs", default=None, help="comma-separated configuration names")
    p.add_argument("--url", default=None, help="evaluate through a running HTTP API instead")
    p.add_argument("--out", default=None, help="report directory (default eval/reports)")
    p.add_argument("--limit", type=int, default=None)
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except RagError as e:
        print(f"rag: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
