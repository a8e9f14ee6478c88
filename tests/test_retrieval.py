import numpy as np
import pytest

from rag.errors import QueryError
from rag.fusion import group_max, rrf, zscores
from rag.retrieval import detect_lang


def test_rrf_weights_and_ranks():
    fused = rrf({"a": [1, 2], "b": [2, 3]}, {"a": 1.0, "b": 2.0}, k=10)
    assert fused[2] == pytest.approx(1 / 12 + 2 / 11)
    assert fused[1] == pytest.approx(1 / 11)
    assert fused[3] == pytest.approx(2 / 12)


def test_rrf_zero_weight_leg_is_ignored():
    assert rrf({"a": [1], "b": [2]}, {"a": 1.0, "b": 0.0}) == {1: pytest.approx(1 / 61)}


def test_zscores_and_group_max():
    assert zscores(np.array([1.0, 1.0])).tolist() == [0.0, 0.0]
    z = zscores(np.array([0.0, 0.0, 3.0]))
    assert z.argmax() == 2 and z.mean() == pytest.approx(0)
    best, where = group_max(np.array([0.1, 0.9, 0.5, 0.2]), np.array([0, 0, 1, 1]), 3)
    assert best[:2].tolist() == [0.9, 0.5] and where[:2].tolist() == [1, 2] and best[2] == -np.inf


def test_detect_lang():
    assert detect_lang("哪些自贸区支持开展QFLP试点?") == "zh"
    assert detect_lang("Which zone supports QFLP?") == "en"
    assert detect_lang("What does 第五航权 mean for Hunan airports?") == "en"


def test_zero_bm25_hits_do_not_enter_fusion(mini_engine):
    # An English question shares no token with the Chinese text: BM25 must contribute nothing,
    # so the fused ranking equals the dense ranking alone.
    r = mini_engine.retrieve("completely unrelated english words", top_k=5)
    assert all(h.legs["bm25"] == 0 for h in r.hits)
    dense_only = mini_engine.retriever.retrieve("completely unrelated english words", top_k=5,
                                                weights={"bm25": 0.0, "hash": 1.0})
    assert [h.passage.id for h in r.hits] == [h.passage.id for h in dense_only.hits]


def test_bm25_finds_the_measure(mini_engine):
    r = mini_engine.retrieve("QFLP试点", top_k=3)
    assert r.hits[0].passage.id == "hunan/3/1/1"
    a, b = r.hits[0].highlight
    assert "QFLP" in r.hits[0].passage.text[a:b]


def test_zone_filter_is_a_hard_prefilter(mini_engine):
    r = mini_engine.retrieve("第五航权", top_k=10, zone="hunan")
    assert r.hits and {h.passage.zone for h in r.hits} == {"hunan"}
    with pytest.raises(QueryError, match="unknown zone 'shanghai'"):
        mini_engine.retrieve("第五航权", zone="shanghai")


def test_multi_zone_answer_names_each_zone(mini_engine):
    a = mini_engine.ask("哪些自贸区支持第五航权?", top_k=5)
    assert a.found and set(a.zones) == {"beijing", "hunan"}
    assert "北京" in a.text and "湖南" in a.text


def test_empty_question_is_rejected(mini_engine):
    with pytest.raises(QueryError, match="empty"):
        mini_engine.ask("   ")


def test_question_frame_words_are_not_search_terms(mini_engine):
    """A question such as "which zones' plans mention X" is about X: the words that point at the
    document (its zones, plans, measures, "mention") do not score, in either language or inflection."""
    tokens = mini_engine.retriever.query_tokens
    assert tokens("哪些自贸区的方案提到QFLP试点？", "zh") == tokens("QFLP试点", "zh")
    # The zone's full name goes too (湖南 alone is a zone name, left out already).
    assert tokens("中国（湖南）自由贸易试验区有哪些措施支持QFLP？", "zh") == tokens("支持QFLP", "zh")
    english = tokens("Which FTZ plans and measures mention QFLP pilots?", "en")
    assert "qflp" in english and not {"plan", "plans", "measur", "mention"} & set(english)
    # A frame word inside a longer term is left alone: 综合试验区 is a kind of zone, not "the zone".
    assert "试验区" in tokens("跨境电商综合试验区", "zh")


class _Gated:
    """A model whose encoding waits until the question's other work has run: it finishes only if that work runs
    while it encodes (run one after the other, it would wait out its timeout)."""

    dim = 4

    def __init__(self, name, other_work_ran):
        self.name, self.other_work_ran, self.waited = name, other_work_ran, None

    def embed_query(self, text):
        self.waited = self.other_work_ran.wait(timeout=10)
        return np.ones(self.dim, np.float32) / 2


def test_the_models_encode_while_the_other_work_runs(mini_settings, mini_engine):
    import threading

    from rag.retrieval import Retriever

    ran = threading.Event()
    first, second = _Gated("first", ran), _Gated("second", threading.Event())
    second.other_work_ran.set()  # the last model runs in the calling thread, before the other work
    retriever = Retriever(mini_settings, mini_engine.index, [first, second])
    vectors, side = retriever.encode("QFLP试点", "zh", [], {"first": 1.0, "second": 1.0},
                                     lambda: ran.set() or "lexical scores")
    assert first.waited is True and side == "lexical scores"
    assert set(vectors) == {"first", "second"} and vectors["first"].shape == (4,)


def test_retrieve_hands_the_caller_the_questions_language_and_scope_meanwhile(mini_engine):
    seen = []
    r = mini_engine.retriever.retrieve("哪些自贸区支持第五航权?", meanwhile=lambda lang, scope: seen.append((lang, scope)))
    assert seen == [("zh", r.scope)] and r.scope.listing
