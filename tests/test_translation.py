"""Every bundled corpus package's English text (en.jsonl) against its parsed document: one row per
unit, the Chinese as parsed, the English complete. These checks hold for any future package too."""
import json
import re

import pytest

from rag.corpus import Package, bundled_dir
from rag.parse import units

from .conftest import FIXTURE

# Every bundled package with a translation, and the test fixture's.
PACKAGES = sorted(p for p in bundled_dir().iterdir() if (p / "en.jsonl").exists()) + [FIXTURE]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
ACRONYM = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# 万 and 亿 amounts are said in millions and billions in English: 5000万 → "50 million".
SCALED = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿)")


def _english_forms(number: str, unit: str) -> set[str]:
    value = float(number) * (1e4 if unit == "万" else 1e8)
    forms = {f"{value:,.0f}", f"{value:.0f}"}
    for scale, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if value >= scale:
            forms.add(f"{value / scale:g} {word}")
    return forms


def missing_tokens(zh: str, en: str) -> list[str]:
    """The numbers and Latin acronyms of ``zh`` that ``en`` does not state."""
    missing = []
    scaled = {m.start(1) for m in SCALED.finditer(zh)}
    for m in SCALED.finditer(zh):
        if m.group(1) not in en and not any(f in en for f in _english_forms(m.group(1), m.group(2))):
            missing.append(m.group(0))
    for m in NUMBER.finditer(zh):
        if m.start() not in scaled and m.group() not in en:
            missing.append(m.group())
    missing += [a for a in ACRONYM.findall(zh) if a not in en]
    return missing


@pytest.fixture(scope="module", params=PACKAGES, ids=[p.name for p in PACKAGES])
def package(request):
    package = Package.read(request.param)
    rows = [json.loads(line) for line in (request.param / "en.jsonl").read_text(encoding="utf-8").splitlines()]
    return package, package.document(), rows


def test_there_is_a_bundled_translation():
    assert len(PACKAGES) > 1, "no bundled corpus package has en.jsonl"


def test_one_row_per_unit_with_the_chinese_as_parsed(package):
    _, doc, rows = package
    expected = units(doc)
    assert [r["id"] for r in rows] == [uid for uid, _ in expected], "en.jsonl rows do not follow the parsed units"
    assert [r["zh"] for r in rows] == [zh for _, zh in expected]
    assert all(set(r) == {"id", "zh", "en"} for r in rows)


def test_english_is_never_empty_nor_chinese(package):
    _, _, rows = package
    assert [r["id"] for r in rows if not r["en"].strip() or CJK.search(r["en"])] == []


def test_every_number_and_acronym_is_carried_over(package):
    _, _, rows = package
    gaps = {r["id"]: missing_tokens(r["zh"], r["en"]) for r in rows}
    assert {k: v for k, v in gaps.items() if v} == {}


def test_headings_and_measure_titles_agree_with_titles_en(package):
    pkg, _, rows = package
    titles = pkg.titles_en()
    by_id = {r["id"]: r["en"] for r in rows}
    for uid, en in by_id.items():
        if uid.startswith("h:"):
            if uid[2:] not in titles:
                continue  # a package need not title every heading in English
            title = titles[uid[2:]].rstrip(".").lower()
            assert title in en.lower(), (uid, en, title)
    for pid, title in titles.items():
        if pid.count("/") == 3:  # a measure: its first sentence is "N.标题。"
            assert by_id[f"{pid}#0"].lower().startswith(f"{pid.rsplit('/', 1)[1]}. {title.rstrip('.').lower()}"), pid


def test_the_number_check_catches_a_dropped_amount():
    assert missing_tokens("给予2亿元支持，开展QFLP试点", "grant 200 million yuan and pilot QFLP") == []
    assert missing_tokens("给予2亿元支持，开展QFLP试点", "grant support and pilot QFLP") == ["2亿"]
    assert missing_tokens("面积119.68平方公里", "an area of 119.6 square kilometers") == ["119.68"]
