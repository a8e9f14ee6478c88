"""What a question asks for, read before retrieval."""
import pytest

from rag.corpus import Corpus
from rag.scope import ScopeReader, has_quantity

from .conftest import REAL_CORPUS

analyze = ScopeReader(Corpus.load([REAL_CORPUS]).zones).analyze


@pytest.mark.parametrize("question", [
    "湖南自贸试验区的面积是多少？",
    "What is the maximum foreign shareholding in a securities company?",
    "What fines apply to late filings?",
    "What is the price of industrial land?",
    "What corporate income tax rate do chip makers pay?",
    "单个项目的补贴上限是多少？",
])
def test_questions_asking_for_a_number(question):
    assert analyze(question).quantity


@pytest.mark.parametrize("question", [
    "Which zone lets foreign travel agencies run outbound tours?",
    "北京自贸试验区在数字贸易方面有哪些举措？",
    "How does Anhui support top scientists?",
    "哪几个自贸区把机器人列为重点产业？",  # 哪几个 asks "which", not "how many"
])
def test_questions_not_asking_for_a_number(question):
    assert not analyze(question).quantity


@pytest.mark.parametrize("question, listing", [
    ("哪些自贸区支持开展QFLP试点？", True),
    ("Which of these FTZs push for fifth freedom rights?", True),
    ("Which zones run QFLP pilots?", True),
    ("Do any of these plans use blockchain? Which ones?", True),
    ("哪几个自贸区把机器人列为重点产业？", True),
    ("Which one covers the most land?", False),
    ("What does the Beijing plan say about digital currency?", False),
])
def test_listing_questions(question, listing):
    assert analyze(question).listing is listing


def test_zone_names_and_other_ftzs():
    s = analyze("海南自由贸易港和北京自贸区有什么不同？")
    assert s.zones == ("beijing",) and s.other_ftz and not s.out_of_scope
    assert analyze("What incentives does the Fujian FTZ offer?").out_of_scope


def test_has_quantity_reads_chinese_numerals():
    assert has_quantity("经过三至五年改革探索")
    assert has_quantity("实施范围 119.76 平方公里")
    assert not has_quantity("深化投资领域改革")


@pytest.mark.parametrize("question, areas", [
    ("浙江自贸试验区原有的舟山片区面积是多少？", ("舟山",)),  # not in the zones file: its place name
    ("How large is the Yueyang area of the Hunan FTZ?", ("岳阳",)),
    ("北京高端产业片区占地多少？", ("高端产业",)),
    ("What is the size of the Wuhu comprehensive bonded zone?", ()),
])
def test_named_areas(question, areas):
    assert analyze(question).areas == areas
