import json
import subprocess
import sys

CONTRACT_KEYS = {"question", "lang", "found", "answer", "zones", "citations"}
CITATION_KEYS = {"id", "zone", "zone_name", "section", "measure", "title", "text", "highlight", "start", "end", "score"}


def rag(args, env, stdin=None):
    return subprocess.run([sys.executable, "-m", "rag.cli", *args], env=env, input=stdin, capture_output=True,
                          text=True, timeout=300)


def test_ask_json_contract(cli_env, mini_engine):
    out = rag(["ask", "--json", "--top-k", "3", "QFLP试点在哪里开展?"], cli_env)
    assert out.returncode == 0, out.stderr
    c = json.loads(out.stdout)
    assert CONTRACT_KEYS <= set(c) and c["lang"] == "zh" and c["found"] is True
    assert c["zones"] == ["hunan"]
    assert len(c["citations"]) >= 3
    top = c["citations"][0]
    assert CITATION_KEYS <= set(top)
    assert top["id"] == "hunan/3/1/1" and top["measure"] == 1 and top["zone"] == "hunan"
    source = mini_engine.index.sources[top["doc"]]
    assert source[top["start"]:top["end"]] == top["text"]
    a, b = top["highlight"]
    assert "QFLP" in top["text"][a:b]


def test_ask_jsonl_keeps_order_and_reports_bad_lines(cli_env, mini_engine):
    questions = ["第五航权", "Which zone allows QFLP?", "本外币一体化试点"]
    out = rag(["ask", "--jsonl"], cli_env, stdin="\n".join(questions) + "\n")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["question"] for r in rows] == questions
    assert [r["lang"] for r in rows] == ["zh", "en", "zh"]


def test_unknown_zone_is_a_one_line_error(cli_env, mini_engine):
    out = rag(["ask", "--zone", "hainan", "免税"], cli_env)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines()[-1] == "rag: error: unknown zone 'hainan'; zones are beijing, hunan"


def test_search_prints_legs(cli_env, mini_engine):
    out = rag(["search", "--json", "-k", "2", "外资银行 证券投资基金托管"], cli_env)
    hits = json.loads(out.stdout)["hits"]
    assert hits[0]["id"] == "beijing/3/2/3" and set(hits[0]["legs"]) == {"bm25", "hash"}


def test_bad_setting_is_named(cli_env):
    out = rag(["ask", "x"], {**cli_env, "RAG_EMBEDDERS": "e5,nope"})
    assert out.returncode == 2 and "unknown embedder 'nope'" in out.stderr


def test_bad_per_language_setting_is_named(cli_env):
    out = rag(["ask", "x"], {**cli_env, "RAG_COVERAGE_WEIGHT": '{"zh": -1}'})
    assert out.returncode == 2 and "coverage_weight" in out.stderr and "negative" in out.stderr
    out = rag(["ask", "x"], {**cli_env, "RAG_FOUND_THRESHOLD": '{"fr": 2}'})
    assert out.returncode == 2 and "found_threshold" in out.stderr and "zh and/or en" in out.stderr
