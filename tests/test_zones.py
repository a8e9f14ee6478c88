"""Zone facts come from the document's 实施范围 and 功能划分 sections (pure functions, real corpus)."""
import pytest

from rag.corpus import Corpus
from rag.zones import parse_focus, parse_scope, zone_facts

from .conftest import FIXTURE, REAL_CORPUS


@pytest.fixture(scope="module")
def facts():
    corpus = Corpus.load([REAL_CORPUS])
    return {z.id: z for z in zone_facts(corpus.passages, corpus.zones)}


def area(facts, zone, name):
    return next(a for a in facts[zone].areas if a.name_zh == name)


def test_parse_scope_reads_total_areas_and_included_bonded_zones():
    scope = parse_scope("自贸试验区的实施范围 119.68 平方公里，涵盖三个片区：科技创新片区31.85 平方公里，"
                        "国际商务服务片区 48.34 平方公里（含北京天竺综合保税区5.466 平方公里），高端产业片区 39.49 平方公里。")
    assert scope.total_km2 == 119.68
    assert [(name, size) for name, size, _ in scope.areas] == [
        ("科技创新片区", 31.85), ("国际商务服务片区", 48.34), ("高端产业片区", 39.49)]
    assert [(s.name_zh, s.area_km2) for s in scope.areas[1][2]] == [("北京天竺综合保税区", 5.466)]


def test_parse_focus_attributes_clauses_to_the_named_area():
    focus = parse_focus("甲片区重点发展A产业；乙片区重点发展B产业，打造C。乙的补充说明。", ["甲片区", "乙片区"])
    assert focus == {"甲片区": "重点发展A产业", "乙片区": "重点发展B产业，打造C；乙的补充说明"}


def test_parse_scope_without_figures_is_empty():
    assert parse_scope("没有数字").total_km2 is None and parse_scope("").areas == ()


def test_real_totals_and_areas(facts):
    assert [z for z in facts] == ["beijing", "hunan", "anhui", "zhejiang"]
    assert facts["beijing"].total_km2 == 119.68
    assert area(facts, "beijing", "科技创新片区").area_km2 == 31.85
    assert facts["zhejiang"].total_km2 == 119.5
    assert [(a.name_zh, a.area_km2) for a in facts["zhejiang"].areas] == [
        ("宁波片区", 46.0), ("杭州片区", 37.51), ("金义片区", 35.99)]
    assert [s.name_zh for s in area(facts, "zhejiang", "宁波片区").includes] == [
        "宁波梅山综合保税区", "宁波北仑港综合保税区", "宁波保税区"]
    assert facts["hunan"].total_km2 == 119.76 and area(facts, "hunan", "长沙片区").area_km2 == 79.98
    assert facts["anhui"].total_km2 == 119.86 and area(facts, "anhui", "芜湖片区").area_km2 == 35


def test_real_areas_add_up_and_have_focus_and_english_names(facts):
    for z in facts.values():
        assert len(z.areas) == 3
        assert sum(a.area_km2 for a in z.areas) == pytest.approx(z.total_km2, abs=0.011)
        for a in z.areas:
            assert a.name_en and a.name_en.endswith("Area")
            assert a.focus and not a.focus.startswith(a.name_zh)
    assert "数字经济试验区" in area(facts, "beijing", "科技创新片区").focus
    assert "小商品" in area(facts, "zhejiang", "金义片区").focus


def test_real_measure_counts(facts):
    assert {z.id: z.measures for z in facts.values()} == {"beijing": 22, "hunan": 23, "anhui": 19, "zhejiang": 12}
    for z in facts.values():
        assert sum(n for _, n in z.measures_by_section) == z.measures


def test_a_plan_without_a_scope_section_has_no_figures():
    corpus = Corpus.load([FIXTURE])
    mini = {z.id: z for z in zone_facts(corpus.passages, corpus.zones)}
    assert mini["beijing"].total_km2 == 119.68
    assert mini["hunan"].total_km2 is None and mini["hunan"].areas == () and mini["hunan"].measures == 2
