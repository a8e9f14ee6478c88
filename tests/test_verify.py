"""The verifier (rag/verify.py): each signal on small made-up inputs, the tier decision, the fit, and the
stored model's provenance. Pure, except the few tests over the fixture corpus (no models)."""
from __future__ import annotations

import json

import pytest

from rag import verify
from rag.corpus import Corpus
from rag.evaluation import dev_sha256
from rag.retrieval import Retrieval
from rag.types import Hit, Passage, Scope
from rag.verify import ANSWERED, NOT_COVERED, RELATED, Verifier, decide, expected_type, holds_type, salience

from .conftest import FIXTURE


@pytest.fixture(scope="module")
def verifier():
    return Verifier(Corpus.load([str(FIXTURE)]), model=verify.load_model())


# -- a. salience ---------------------------------------------------------------------------------

def test_common_words_weigh_nothing_rare_ones_most():
    assert salience("the", "en") == 0.0 and salience("的", "zh") == 0.0
    assert salience("outbound", "en") > salience("travel", "en") > salience("what", "en")
    assert salience("qflp", "en") == verify.ZIPF_CEILING["en"]  # unknown to general language: the most salient


def test_terms_leave_out_zone_names_and_frame_words(verifier):
    terms = dict(verifier.terms("Which zones' plans mention QFLP pilots?", "en"))
    assert "qflp" in terms and "plans" not in terms and "mention" not in terms
    zh = dict(verifier.terms("哪些自贸区支持开展QFLP试点?", "zh"))
    assert "qflp" in zh and "自贸区" not in zh


# -- b. corpus grounding -------------------------------------------------------------------------

def test_a_term_the_corpus_states_is_grounded_one_it_never_states_is_not(verifier):
    assert verifier.grounded("qflp", "zh") == 1.0
    assert verifier.grounded("屠宰", "zh") == 0.0
    assert verifier.grounded("limited", "en") == 1.0  # in the English text (qualified foreign limited partner)
    assert verifier.grounded("cryptocurrency", "en") == 0.0


def test_an_english_word_is_grounded_through_cedict_when_its_chinese_is_in_the_corpus(verifier):
    # nowhere in the fixture's English, but CC-CEDICT translates a Chinese word the fixture states with it
    words = sorted(w for w in verifier.cedict_en() if w.isalpha() and len(w) > 4
                   and verify.stem_english(w) not in verifier.en_all and w not in verifier.en_surface)
    assert words, "CC-CEDICT gives some English word for the fixture's Chinese"
    assert verifier.grounded(words[0], "en") == 1.0


def test_ungrounded_share_and_unknown_names(verifier):
    scope = Scope((), (), False)
    stated = verifier.question_features("Which zone supports QFLP pilots?", "en", scope)
    made_up = verifier.question_features("Which zone supports XYZQ cryptocurrency exchanges?", "en", scope)
    assert stated["ungrounded"] < made_up["ungrounded"]
    assert stated["unknown_name"] == 0.0 and made_up["unknown_name"] == 1.0
    area = verifier.question_features("温州片区发展哪些产业？", "zh", Scope((), (), False, False, ("温州",)))
    assert area["unknown_name"] == 1.0  # an area the corpus never names


# -- c/d. quote grounding, co-occurrence, phrases ------------------------------------------------

def _passage(text: str, pid: str = "z/3/1/1", zone: str = "z") -> Passage:
    return Passage(pid, "doc", zone, ("三",), 1, "标题", text, 0, len(text), ((0, len(text)),))


def test_quote_grounding_counts_the_salient_terms_the_quote_states(verifier):
    terms = [("外资", 2.0), ("旅行社", 3.0), ("出境", 3.0)]
    full = _passage("允许外资旅行社从事出境旅游业务。")
    part = _passage("支持旅行社发展。")
    assert verifier.states("旅行社", "zh", full.text, frozenset())
    score = {p.text: sum(w for t, w in terms if verifier.states(t, "zh", p.text, frozenset())) for p in (full, part)}
    assert score[full.text] == 8.0 and score[part.text] == 3.0


def test_an_english_term_is_stated_by_its_cedict_translation_in_the_chinese(verifier):
    # The English stems lack the word; the Chinese states 保税, which CC-CEDICT gives as "bonded".
    text = "支持开展保税维修业务。"
    assert verifier.states("bonded", "en", text, frozenset())
    assert not verifier.states("cryptocurrency", "en", text, frozenset())
    assert not verifier.states("bonded", "en", "加快建设。", frozenset())
    # one-character translations are not used: they stand inside unrelated words
    assert all(len(f) >= verify.CEDICT_MIN_CHARS for forms in verifier.zh_forms.values() for f in forms)


def test_an_english_term_stated_through_the_chinese_counts_for_the_whole_passage(verifier):
    pid = next(p.id for p in verifier.corpus.passages if "保税" in p.text)
    assert pid in verifier.stating(verify.stem_english("bonded"))
    assert verifier.states("bonded", "en", "", frozenset(), pid)
    assert not verifier.states("cryptocurrency", "en", "", frozenset(), pid)


def test_phrase_grounding_needs_the_terms_near_each_other(verifier):
    terms = [("期货", 2.0), ("交易所", 2.0)]
    assert verifier.phrases(terms, "zh", _passage("设立大宗商品期货交易所。")) == 1.0
    far = _passage("发展期货业务" + "，支持其他各类金融机构在区内设立分支机构并开展业务" + "，建设证券交易所。")
    assert verifier.phrases(terms, "zh", far) == 0.0
    assert verifier.phrases([("期货", 0.5)], "zh", far) == 1.0  # no salient pair: nothing to check


# -- e. expected answer type ---------------------------------------------------------------------

@pytest.mark.parametrize("question, kind", [
    ("浙江片区面积是多少平方公里？", "number"), ("By what year will the railway be finished?", "year"),
    ("由哪几家单位共建？", "organization"), ("Who approves the licences?", "organization"),
    ("Where is the inspection site?", "place"), ("Does the plan support QFLP?", None),
    ("When will the railway be finished?", "year"),
    # "when" inside the sentence joins a clause: this asks which zones, not for a time
    ("Which zones let banks rely on these principles when serving companies?", None)])
def test_expected_answer_type(question, kind):
    from rag.scope import _QUANTITY

    assert expected_type(question, Scope((), (), bool(_QUANTITY.search(question)))) == kind


def test_a_quote_must_hold_the_type_asked_for():
    assert holds_type("year", "到2025年基本建成。") and not holds_type("year", "加快建设。")
    assert holds_type("organization", "由中国人民银行牵头。") and not holds_type("organization", "加快建设。")
    assert holds_type("place", "在岳阳片区设立。") and holds_type(None, "anything")
    assert holds_type("number", "面积46平方公里。") and not holds_type("number", "扩大开放。")


# -- f + the decision ----------------------------------------------------------------------------

def test_decide_names_the_best_and_every_zone_over_the_zone_threshold():
    th = {ANSWERED: 0.5, RELATED: 0.2, "zone": 0.6}
    assert decide([("a", 0.55), ("b", 0.4)], th) == (ANSWERED, {"a"})
    assert decide([("a", 0.9), ("b", 0.7), ("c", 0.55)], th) == (ANSWERED, {"a", "b"})
    assert decide([("a", 0.3), ("b", 0.1)], th) == (RELATED, set())
    assert decide([("a", 0.1)], th) == (NOT_COVERED, set())
    assert decide([], th) == (NOT_COVERED, set())


def test_judge_gives_each_candidate_a_tier(verifier):
    p = _passage("允许外资旅行社从事出境旅游业务。", "z/3/1/1", "z")
    q = _passage("支持发展会展经济。", "y/3/1/1", "y")
    hits = [Hit(p, 1.0, {"e5": 0.9}), Hit(q, 0.5, {"e5": 0.3})]
    r = Retrieval("哪个自贸区允许外资旅行社从事出境旅游？", "zh", hits, {p.id: 4.0, q.id: 0.2}, Scope((), (), False),
                  coverage={p.id: 0.9, q.id: 0.0})
    judged = {j.zone: j for j in verifier.judge(r, {"z": hits[0], "y": hits[1]})}
    assert judged["z"].p > judged["y"].p
    assert judged["z"].tier == ANSWERED and judged["y"].tier == NOT_COVERED
    assert set(judged["z"].features) == set(verify.FEATURES)


def test_fit_learns_a_model_and_thresholds_from_samples():
    samples = []
    for i in range(40):
        answerable = i % 3 != 0
        qid, gold = f"q{i}", ["z"] if answerable else []
        samples.append({"qid": qid, "lang": "zh" if i % 2 else "en", "zone": None, "gold": gold, "features": {}})
        for zone, good in (("z", answerable), ("y", False)):
            f = {n: 0.0 for n in verify.FEATURES}
            f.update(strength=(3.0 if good else 0.5) + (i % 5) * 0.1, quote_grounding=0.8 if good else 0.2)
            samples.append({"qid": qid, "lang": "zh" if i % 2 else "en", "zone": zone, "gold": gold, "features": f})
    model = verify.fit(samples, "sha")
    assert model["features"] == list(verify.FEATURES) and model["dev_sha256"] == "sha"
    assert model["auc"]["strength"] == 1.0 and model["auc"]["model"] == 1.0
    for lang in ("zh", "en"):
        th = model["thresholds"][lang]
        assert set(th) == {ANSWERED, RELATED, "zone"} and all(0.0 <= v <= 1.0 for v in th.values())
    # the answered threshold separates the made-up good candidates from the bad ones
    probe = verify.Verifier.__new__(verify.Verifier)
    probe.model = model
    good = {**{n: 0.0 for n in verify.FEATURES}, "strength": 3.2, "quote_grounding": 0.8}
    bad = {**{n: 0.0 for n in verify.FEATURES}, "strength": 0.6, "quote_grounding": 0.2}
    assert probe.probability(good) >= model["thresholds"]["zh"][ANSWERED] > probe.probability(bad)


def test_the_gate_stops_an_answer_and_the_related_threshold_still_applies():
    th = {ANSWERED: 0.3, RELATED: 0.5, "zone": 0.6}
    assert decide([("a", 0.9)], th, gate=False) == (RELATED, set())
    assert decide([("a", 0.4)], th, gate=False) == (NOT_COVERED, set())
    assert decide([("a", 0.4)], th, gate=True) == (ANSWERED, {"a"})


def test_the_stored_model_was_fitted_on_this_dev_split():
    model = verify.load_model()
    assert model["features"] == list(verify.FEATURES), "the feature list changed: refit the verifier"
    assert model["dev_sha256"] == dev_sha256(), (
        "eval/questions.jsonl's dev split changed since rag/data/verifier.json was fitted: refit it with "
        "`.venv/bin/python scripts/tune.py --verifier` (needs the real index: `rag build`) and commit the JSON")
    assert set(model["thresholds"]) == {"zh", "en"}
    assert json.loads(verify.MODEL_PATH.read_text(encoding="utf-8")) == model


# -- the composer's use of the judgement ---------------------------------------------------------

class _Fixed:
    """A verifier stand-in: the given probability per zone, thresholds as given."""

    def __init__(self, p: dict[str, float], th: dict):
        self.p, self.th = p, th

    def judge(self, retrieval, candidates, gate=True):
        tier, named = decide([(z, self.p[z]) for z in candidates], self.th, gate)
        out = [verify.Judgement(z, h, ANSWERED if z in named else
                                RELATED if tier == RELATED and self.p[z] >= self.th[RELATED] else NOT_COVERED,
                                self.p[z], {}) for z, h in candidates.items()]
        return sorted(out, key=lambda j: -j.p)


def _composed(p, th, lang="en", strength=4.0):
    from rag.answer import Composer
    from rag.config import AnswerSettings

    corpus = Corpus.load([str(FIXTURE)])
    passages = {z: next(x for x in corpus.passages if x.zone == z and x.measure) for z in ("beijing", "hunan")}
    hits = [Hit(passages["hunan"], 1.0), Hit(passages["beijing"], 0.5)]
    r = Retrieval("Which zone supports QFLP pilots?", lang, hits,
                  {passages["hunan"].id: strength, passages["beijing"].id: 0.5}, Scope((), (), False))
    settings = AnswerSettings(found_threshold=2.5, coverage_weight={}, zone_floor=2.0)
    return Composer(settings, corpus, verifier=_Fixed(p, th)).compose(r, 3)


def test_an_answer_the_verifier_accepts_names_the_zones_the_rules_name():
    a = _composed({"hunan": 0.9, "beijing": 0.8}, {ANSWERED: 0.5, RELATED: 0.2, "zone": 0.6})
    assert a.status == ANSWERED and a.found and a.zones == ("hunan",)  # beijing's evidence is below the floor


def test_the_verifier_vetoes_and_the_answer_lists_the_nearest_measures():
    a = _composed({"hunan": 0.3, "beijing": 0.1}, {ANSWERED: 0.5, RELATED: 0.2, "zone": 0.6})
    assert a.status == RELATED and not a.found and a.zones == () and a.cited == ()
    assert a.text.startswith("The plans do not say this. The nearest measures:\n")
    assert a.citations[0].zone == "hunan"
    zh = _composed({"hunan": 0.3, "beijing": 0.1}, {ANSWERED: 0.5, RELATED: 0.2, "zone": 0.6}, lang="zh")
    assert zh.text.startswith("方案没有写明这一点。相近的措施：\n")
    from rag.contract import answer_dict, answer_from_dict

    d = answer_dict(a)
    assert d["status"] == "related" and d["found"] is False and answer_from_dict(d).tier == RELATED


def test_weak_evidence_is_not_covered_whatever_the_verifier_says():
    a = _composed({"hunan": 0.95, "beijing": 0.1}, {ANSWERED: 0.5, RELATED: 0.99, "zone": 0.6}, strength=1.0)
    assert a.status == NOT_COVERED and not a.found and a.zones == ()
