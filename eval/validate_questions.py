#!/usr/bin/env python3
"""Validate eval/questions.jsonl against corpus/guofa-2020-10/source.txt.

Stdlib only. Usage:
    python3 eval/validate_questions.py [--corpus PATH] [--questions PATH] [--quiet]

Checks (errors -> exit code 1):
  * every line is a JSON object written as UTF-8 (no \\uXXXX escapes), with
    exactly the fields id, split, lang, type, question, zones, evidence
  * ids are unique and look like q0001; question texts are unique
  * split in {dev, test}; lang in {zh, en}; type in the six known types
  * zh questions contain Chinese; en questions contain no CJK characters
  * zones: known zone ids, no duplicates
  * unanswerable: zones == [] and evidence == []
  * answerable: zones non-empty, evidence non-empty, and the set of evidence
    zones equals the set of zones (every answer zone has evidence, and no
    evidence comes from a zone outside the answer); multi_zone has >= 2 zones
  * evidence text: no whitespace, 8-40 characters, contains no sentence
    boundary (。 ； ！ ？), and occurs in the whitespace-stripped document inside
    the plan of its zone without straddling a heading line
  * evidence that occurs in all four plans (boilerplate) is an error
  * counts: >= 200 questions, >= 25 unanswerable, >= 30 multi_zone, >= 20 of
    every other type; zh share within every type between 40% and 60%;
    |dev - test| <= 1 within every (type, lang) group
Warnings (reported, not fatal): evidence occurring more than once in its
zone's plan, or occurring in three of the four plans; a zh question copying
15 or more consecutive characters verbatim from the document.
"""
import argparse
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(HERE, "..", "corpus", "guofa-2020-10", "source.txt")
DEFAULT_QUESTIONS = os.path.join(HERE, "questions.jsonl")

ZONE_TITLES = [
    ("beijing", "中国（北京）自由贸易试验区总体方案"),
    ("hunan", "中国（湖南）自由贸易试验区总体方案"),
    ("anhui", "中国（安徽）自由贸易试验区总体方案"),
    ("zhejiang", "中国（浙江）自由贸易试验区扩展区域方案"),
]
ZONES = [z for z, _ in ZONE_TITLES]
TYPES = ["fact", "multi_zone", "number", "area", "colloquial", "unanswerable"]
LANGS = ["zh", "en"]
SPLITS = ["dev", "test"]
FIELDS = {"id", "split", "lang", "type", "question", "zones", "evidence"}

MIN_TOTAL = 200
MIN_UNANSWERABLE = 25
MIN_MULTI = 30
MIN_OTHER_TYPE = 20
EV_MIN, EV_MAX = 8, 40
SENTENCE_BREAKS = "。；！？"
COPY_WARN = 15  # zh questions should paraphrase; warn on long verbatim copies

HEADING_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
CJK_RE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
HAN_RE = re.compile(r"[\u4e00-\u9fff]")


def strip_ws(s):
    return "".join(s.split())


def load_corpus(path):
    """Return (stripped_doc, zone_spans, heading_spans).

    zone_spans: zone -> (start, end) offsets in the stripped document.
    heading_spans: list of (start, end) offsets of heading lines.
    """
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    parts = []
    off = 0
    starts = {}
    headings = []
    for line in raw.split("\n"):
        s = strip_ws(line)
        if not s:
            continue
        for zone, title in ZONE_TITLES:
            if s == title and zone not in starts:
                starts[zone] = off
        if HEADING_RE.match(s) or any(s == t for _, t in ZONE_TITLES):
            headings.append((off, off + len(s)))
        parts.append(s)
        off += len(s)
    doc = "".join(parts)
    missing = [z for z in ZONES if z not in starts]
    if missing:
        raise SystemExit("corpus: could not find plan title line(s) for %s" % missing)
    spans = {}
    for i, zone in enumerate(ZONES):
        end = starts[ZONES[i + 1]] if i + 1 < len(ZONES) else len(doc)
        spans[zone] = (starts[zone], end)
    return doc, spans, headings


def occurrences(doc, text):
    out = []
    i = doc.find(text)
    while i != -1:
        out.append(i)
        i = doc.find(text, i + 1)
    return out


def longest_copied_span(doc, question):
    """Longest substring of the question that also occurs in the document."""
    s = strip_ws(question)
    best = ""
    for i in range(len(s)):
        j = i + len(best) + 1
        while j <= len(s) and s[i:j] in doc:
            best = s[i:j]
            j += 1
    return best


def straddles_heading(start, end, headings):
    for hs, he in headings:
        if start < he and hs < end:  # overlaps heading line
            if not (hs <= start and end <= he):  # and is not wholly inside it
                return True
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--questions", default=DEFAULT_QUESTIONS)
    ap.add_argument("--quiet", action="store_true", help="do not list warnings")
    args = ap.parse_args()

    doc, spans, headings = load_corpus(args.corpus)
    errors, warnings = [], []

    def err(qid, msg):
        errors.append("%s: %s" % (qid, msg))

    def warn(qid, msg):
        warnings.append("%s: %s" % (qid, msg))

    questions = []
    with open(args.questions, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                err("line %d" % n, "blank line")
                continue
            if "\\u" in line:
                err("line %d" % n, "contains \\u escapes (write with ensure_ascii=False)")
            try:
                q = json.loads(line)
            except json.JSONDecodeError as e:
                err("line %d" % n, "invalid JSON: %s" % e)
                continue
            if not isinstance(q, dict):
                err("line %d" % n, "not a JSON object")
                continue
            questions.append(q)

    seen_ids, seen_q = set(), {}
    for q in questions:
        qid = q.get("id", "<no id>")
        keys = set(q)
        if keys != FIELDS:
            err(qid, "fields %s (missing %s, extra %s)" % (sorted(keys), sorted(FIELDS - keys), sorted(keys - FIELDS)))
            continue
        if not isinstance(qid, str) or not re.fullmatch(r"q\d{4}", qid):
            err(qid, "bad id format")
        if qid in seen_ids:
            err(qid, "duplicate id")
        seen_ids.add(qid)
        if q["split"] not in SPLITS:
            err(qid, "bad split %r" % q["split"])
        if q["lang"] not in LANGS:
            err(qid, "bad lang %r" % q["lang"])
        if q["type"] not in TYPES:
            err(qid, "bad type %r" % q["type"])
        text = q["question"]
        if not isinstance(text, str) or not text.strip():
            err(qid, "empty question")
            continue
        norm = strip_ws(text).lower()
        if norm in seen_q:
            err(qid, "duplicate question text (same as %s)" % seen_q[norm])
        seen_q[norm] = qid
        if q["lang"] == "zh" and not HAN_RE.search(text):
            err(qid, "zh question without Chinese characters")
        if q["lang"] == "zh":
            span = longest_copied_span(doc, text)
            if len(span) >= COPY_WARN:
                warn(qid, "question copies %d characters verbatim from the document: %s" % (len(span), span))
        if q["lang"] == "en" and CJK_RE.search(text):
            err(qid, "en question contains CJK characters: %r" % "".join(CJK_RE.findall(text)))

        zones, evidence = q["zones"], q["evidence"]
        if not isinstance(zones, list) or not all(isinstance(z, str) for z in zones):
            err(qid, "zones must be a list of strings")
            continue
        if not isinstance(evidence, list):
            err(qid, "evidence must be a list")
            continue
        bad = [z for z in zones if z not in ZONES]
        if bad:
            err(qid, "unknown zones %s" % bad)
        if len(set(zones)) != len(zones):
            err(qid, "duplicate zones")

        if q["type"] == "unanswerable":
            if zones or evidence:
                err(qid, "unanswerable must have zones == [] and evidence == []")
            continue
        if not zones:
            err(qid, "answerable question without zones")
        if not evidence:
            err(qid, "answerable question without evidence")
        if q["type"] == "multi_zone" and len(zones) < 2:
            err(qid, "multi_zone needs >= 2 zones")

        ev_zones = set()
        for ev in evidence:
            if not isinstance(ev, dict) or set(ev) != {"zone", "text"}:
                err(qid, "evidence item must be {zone, text}: %r" % (ev,))
                continue
            z, t = ev["zone"], ev["text"]
            ev_zones.add(z)
            if z not in ZONES:
                err(qid, "evidence zone %r unknown" % z)
                continue
            if not isinstance(t, str):
                err(qid, "evidence text not a string")
                continue
            if re.search(r"\s", t):
                err(qid, "evidence contains whitespace: %r" % t)
            t = strip_ws(t)
            if not (EV_MIN <= len(t) <= EV_MAX):
                err(qid, "evidence length %d not in [%d, %d]: %s" % (len(t), EV_MIN, EV_MAX, t))
            brk = [c for c in SENTENCE_BREAKS if c in t]
            if brk:
                err(qid, "evidence crosses sentence boundary %s: %s" % ("".join(brk), t))
            occ = occurrences(doc, t)
            if not occ:
                err(qid, "evidence not found in document: %s" % t)
                continue
            a, b = spans[z]
            inzone = [o for o in occ if a <= o and o + len(t) <= b]
            if not inzone:
                err(qid, "evidence not inside the %s plan: %s" % (z, t))
                continue
            ok = [o for o in inzone if not straddles_heading(o, o + len(t), headings)]
            if not ok:
                err(qid, "evidence straddles a heading line: %s" % t)
            if len(inzone) > 1:
                warn(qid, "evidence occurs %d times in %s plan: %s" % (len(inzone), z, t))
            nplans = sum(1 for zz in ZONES if any(spans[zz][0] <= o < spans[zz][1] for o in occ))
            if nplans == len(ZONES):
                err(qid, "boilerplate evidence (occurs in all four plans): %s" % t)
            elif nplans == 3:
                warn(qid, "evidence occurs in three plans: %s" % t)
        if ev_zones - set(zones):
            err(qid, "evidence zones %s not in zones %s" % (sorted(ev_zones - set(zones)), zones))
        if set(zones) - ev_zones:
            err(qid, "zones without evidence: %s" % sorted(set(zones) - ev_zones))

    # ---- counts -------------------------------------------------------------
    cnt = collections.Counter((q.get("type"), q.get("lang"), q.get("split")) for q in questions)
    by_type = collections.Counter(q.get("type") for q in questions)
    total = len(questions)
    if total < MIN_TOTAL:
        err("counts", "only %d questions (< %d)" % (total, MIN_TOTAL))
    if by_type["unanswerable"] < MIN_UNANSWERABLE:
        err("counts", "only %d unanswerable (< %d)" % (by_type["unanswerable"], MIN_UNANSWERABLE))
    if by_type["multi_zone"] < MIN_MULTI:
        err("counts", "only %d multi_zone (< %d)" % (by_type["multi_zone"], MIN_MULTI))
    for t in TYPES:
        if t not in ("unanswerable", "multi_zone") and by_type[t] < MIN_OTHER_TYPE:
            err("counts", "only %d %s (< %d)" % (by_type[t], t, MIN_OTHER_TYPE))
        zh = sum(cnt[(t, "zh", s)] for s in SPLITS)
        if by_type[t] and not (0.4 <= zh / by_type[t] <= 0.6):
            err("counts", "type %s: zh share %.0f%% outside 40-60%%" % (t, 100.0 * zh / by_type[t]))
        for l in LANGS:
            d, te = cnt[(t, l, "dev")], cnt[(t, l, "test")]
            if abs(d - te) > 1:
                err("counts", "type %s lang %s: dev %d vs test %d (unbalanced)" % (t, l, d, te))

    # ---- summary ------------------------------------------------------------
    hdr = "%-13s %7s %7s %7s %7s | %5s %5s %5s %5s | %5s" % (
        "type", "zh/dev", "zh/test", "en/dev", "en/test", "zh", "en", "dev", "test", "total")
    print(hdr)
    print("-" * len(hdr))
    col = collections.Counter()
    for t in TYPES:
        row = [cnt[(t, l, s)] for l in LANGS for s in SPLITS]
        zh, en = row[0] + row[1], row[2] + row[3]
        dev, test = row[0] + row[2], row[1] + row[3]
        for k, v in zip(("zd", "zt", "ed", "et"), row):
            col[k] += v
        print("%-13s %7d %7d %7d %7d | %5d %5d %5d %5d | %5d" % (t, *row, zh, en, dev, test, zh + en))
    print("-" * len(hdr))
    print("%-13s %7d %7d %7d %7d | %5d %5d %5d %5d | %5d" % (
        "all", col["zd"], col["zt"], col["ed"], col["et"], col["zd"] + col["zt"],
        col["ed"] + col["et"], col["zd"] + col["ed"], col["zt"] + col["et"], total))
    zc = collections.Counter(z for q in questions for z in (q.get("zones") or []))
    print("questions per answer zone: " + ", ".join("%s %d" % (z, zc[z]) for z in ZONES))
    nev = sum(len(q.get("evidence") or []) for q in questions)
    print("evidence items: %d" % nev)

    if warnings:
        print("\n%d warning(s)" % len(warnings))
        if not args.quiet:
            for w in warnings:
                print("  WARN " + w)
    if errors:
        print("\n%d error(s)" % len(errors))
        for e in errors:
            print("  ERROR " + e)
        sys.exit(1)
    print("\nOK: no errors")


if __name__ == "__main__":
    main()
