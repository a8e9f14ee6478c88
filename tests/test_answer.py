"""Deciding which zones an answer names, on hand-made retrievals (pure, no models)."""
from rag.answer import choose_zones
from rag.config import AnswerSettings
from rag.retrieval import Retrieval
from rag.types import Hit, Passage, Scope


def _hit(zone: str, n: int) -> Hit:
    text = "一句话。"
    return Hit(Passage(f"{zone}/3/1/{n}", "doc", zone, ("三",), n, "标题", text, 0, len(text), ((0, len(text)),)), 1.0 / n)


def _retrieval(strength: dict[str, float], coverage: dict[str, float], listing: bool) -> Retrieval:
    hits = [_hit(z, i + 1) for i, z in enumerate(strength)]
    return Retrieval("q", "zh", hits, {h.passage.id: strength[h.passage.zone] for h in hits},
                     Scope((), (), False, listing), coverage={h.passage.id: coverage[h.passage.zone] for h in hits})


SETTINGS = AnswerSettings(found_threshold=2.5, coverage_weight={}, zone_floor=2.5, zone_ratio=0.7, zone_ratio_listing=0.5,
                    zone_coverage_listing=0.85)
ZONES = ("beijing", "hunan", "anhui", "zhejiang")
STRENGTH = {"anhui": 3.0, "zhejiang": 2.8, "hunan": 2.1, "beijing": 1.2}
COVERAGE = {"anhui": 0.6, "zhejiang": 0.6, "hunan": 0.55, "beijing": 0.6}


def test_listing_question_names_a_weaker_zone_whose_quote_covers_the_question():
    zones = [z for z, _ in choose_zones(_retrieval(STRENGTH, COVERAGE, listing=True), SETTINGS, ZONES)[0]]
    # hunan: below the found threshold but above half the top, and its quote covers as much;
    # beijing covers as much too, but is below half the top's strength
    assert zones == ["anhui", "zhejiang", "hunan"]


def test_listing_question_leaves_out_a_zone_whose_quote_misses_the_terms():
    coverage = {**COVERAGE, "hunan": 0.3}
    zones = [z for z, _ in choose_zones(_retrieval(STRENGTH, coverage, listing=True), SETTINGS, ZONES)[0]]
    assert zones == ["anhui", "zhejiang"]


def test_other_questions_need_the_threshold_for_every_zone():
    zones = [z for z, _ in choose_zones(_retrieval(STRENGTH, COVERAGE, listing=False), SETTINGS, ZONES)[0]]
    assert zones == ["anhui", "zhejiang"]


def test_nothing_above_the_threshold_means_not_found():
    weak = {z: s / 2 for z, s in STRENGTH.items()}
    assert choose_zones(_retrieval(weak, COVERAGE, listing=True), SETTINGS, ZONES) == ([], 1.5)


def test_a_number_for_one_area_is_not_the_answer_for_another():
    text = "宁波片区 46 平方公里。"
    passage = Passage("zhejiang/2/1", "doc", "zhejiang", ("二",), None, "实施范围", text, 0, len(text), ((0, len(text)),))
    hit = Hit(passage, 1.0)

    def ask(question_areas):
        r = Retrieval("q", "zh", [hit], {passage.id: 4.0}, Scope(("zhejiang",), (), True, False, question_areas))
        return [z for z, _ in choose_zones(r, SETTINGS, ZONES)[0]]

    assert ask(("宁波",)) == ["zhejiang"]
    assert ask(("舟山",)) == []


def test_coverage_lifts_a_passage_whose_quote_states_the_question_to_found():
    settings = SETTINGS.model_copy(update={"found_threshold": 3.0, "coverage_weight": {"zh": 2.0}})
    strength = {"anhui": 2.4, "zhejiang": 1.0, "hunan": 0.5, "beijing": 0.2}
    stated = _retrieval(strength, {**COVERAGE, "anhui": 0.5}, listing=False)
    assert choose_zones(stated, settings, ZONES) == ([("anhui", stated.hits[0])], 3.4)
    vague = _retrieval(strength, {**COVERAGE, "anhui": 0.2}, listing=False)
    assert choose_zones(vague, settings, ZONES) == ([], 2.8)
