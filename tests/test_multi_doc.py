"""Several corpus packages in one index: the real notice beside a second package made from the fixture."""
import json

import pytest

from rag.config import load_settings
from rag.contract import answer_dict
from rag.engine import Engine
from rag.errors import IndexMismatchError

from .conftest import REAL_CORPUS, renamed_fixture

# A measure no plan of the real notice has, so only the second package can answer it.
UNIQUE = "开展深海采矿装备保税研发试点。"


def second_package(root):
    package = renamed_fixture(root / "second", "second")
    source = (package / "source.txt").read_text(encoding="utf-8")
    assert source.count("开展跨境电子商务零售进口药品试点工作。") == 1
    (package / "source.txt").write_text(source.replace("开展跨境电子商务零售进口药品试点工作。", UNIQUE), encoding="utf-8")
    rows = []  # its English text follows the renamed zones and the changed measure
    for line in (package / "en.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        kind, _, rest = row["id"].rpartition(":")
        if rest.split("/")[0].split("#")[0] != "notice":  # the cover letter keeps its id
            row["id"] = (kind + ":" if kind else "") + "second-" + rest
        if row["zh"] == "开展跨境电子商务零售进口药品试点工作。":
            row["zh"], row["en"] = UNIQUE, "Carry out pilots of bonded R&D of deep-sea mining equipment."
        rows.append(json.dumps(row, ensure_ascii=False))
    (package / "en.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return package


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    root = tmp_path_factory.mktemp("multi")
    settings = load_settings(corpus=(str(REAL_CORPUS), str(second_package(root))), index_dir=root / "index",
                             cache_path=root / "cache.sqlite", embedders=("hash",),
                             weights_zh={"bm25": 1.0, "hash": 1.0}, weights_en={"bm25": 1.0, "hash": 1.0, "bm25_en": 1.0}, verifier=False)
    return settings, Engine(settings).load(progress=False)


def test_a_question_only_the_second_document_answers_gets_its_passage(both):
    _, engine = both
    answer = answer_dict(engine.ask("哪个自贸区开展深海采矿装备保税研发试点？", top_k=3))
    top = answer["citations"][0]
    assert top["id"] == "second:second-beijing/3/1/2" and top["doc"] == "second" and top["zone"] == "second-beijing"
    assert UNIQUE in top["text"][slice(*top["highlight"])]
    assert engine.index.sources["second"][top["start"]:top["end"]] == top["text"]
    assert answer["found"] and answer["zones"][0] == "second-beijing"
    english = answer_dict(engine.ask("Which zone pilots bonded R&D of deep-sea mining equipment?", top_k=3))
    assert english["citations"][0]["id"] == "second:second-beijing/3/1/2"
    assert "deep-sea mining" in english["answer"] and UNIQUE in english["answer"]


def test_the_real_notice_still_answers_with_its_own_ids_prefixed(both):
    _, engine = both
    answer = engine.ask("哪些自贸区支持开展QFLP试点?", top_k=5)
    assert {c.doc for c in answer.citations} <= {"guofa-2020-10", "second"}
    assert any(c.id.startswith("guofa-2020-10:") and "QFLP" in c.text for c in answer.citations)
    # the not-covered answer names what each document contains
    assert "国发〔2020〕10号" in engine.corpus.not_covered("zh") and "测试通知" in engine.corpus.not_covered("zh")


def test_the_index_records_every_package_and_notices_a_change(both, tmp_path):
    settings, engine = both
    recorded = engine.index.manifest["corpus"]
    assert [c["id"] for c in recorded] == ["guofa-2020-10", "second"] and all(len(c["sha256"]) == 64 for c in recorded)
    only_one = settings.replace(corpus=(str(REAL_CORPUS),))
    with pytest.raises(IndexMismatchError, match="built from corpus"):
        Engine(only_one).load(build_if_missing=False, progress=False)
