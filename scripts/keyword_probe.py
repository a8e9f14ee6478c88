"""Keyword lookups made from the document itself: does the answer stay right whatever the question's frame?

    .venv/bin/python scripts/keyword_probe.py [--terms 300] [--seed 0]

Each probe is a glossary term that occurs in at most five passages of the plans, asked in five
frames per language ("X", "哪些自贸区提到X？", "Which zones' plans mention X?", …). Its gold is every
zone whose plan contains the Chinese term. Nothing here comes from the eval questions, so it can
be run as often as wanted; it measures robustness to wording, not answer quality in general:
"mentions X" is a lexical question, and a real question asks for more than a mention.

Prints, per frame, the share of probes whose named zones are exactly the gold ones, and the share
answered at all (every probe has an answer).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.config import load_settings  # noqa: E402
from rag.engine import Engine  # noqa: E402

FRAMES = {
    "zh": ["{}", "哪些自贸区提到{}？", "哪些自贸区的方案提到{}？", "{}在哪些自贸区？", "哪个自贸区有关于{}的措施？"],
    "en": ["{}", "Which zones mention {}?", "Which zones' plans mention {}?", "Where is {} mentioned?",
           "Which FTZ has measures on {}?"],
}
MAX_PASSAGES = 5  # a term more common than this says little about where something is allowed


def probes(engine: Engine, n_terms: int, seed: int) -> list[tuple[str, str, set[str]]]:
    texts = [(p.zone, re.sub(r"\s+", "", p.text)) for p in engine.index.passages if p.zone in engine.corpus.zone_by_id]
    out = []
    for entry in engine.corpus.glossary:
        holders = [zone for zone, text in texts if entry.zh in text]
        if len(entry.zh) >= 2 and 0 < len(holders) <= MAX_PASSAGES:
            out.append((entry.zh, entry.en, set(holders)))
    random.Random(seed).shuffle(out)
    return out[:n_terms]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    engine = Engine(load_settings()).load()
    terms = probes(engine, args.terms, args.seed)
    print(f"{len(terms)} terms × {sum(map(len, FRAMES.values()))} frames")
    totals = {}
    for lang, frames in FRAMES.items():
        exact = found = 0
        for frame in frames:
            e = f = 0
            for zh, en, gold in tqdm(terms, desc=frame, file=sys.stderr, leave=False):
                answer = engine.ask(frame.format(zh if lang == "zh" else en), top_k=10)
                e += set(answer.zones) == gold
                f += answer.found
            print(f"  {lang}  exact {e / len(terms):.3f}  found {f / len(terms):.3f}  {frame}")
            exact, found = exact + e, found + f
        totals[lang] = (exact / (len(terms) * len(frames)), found / (len(terms) * len(frames)))
    for lang, (e, f) in totals.items():
        print(f"{lang} overall: exact {e:.3f}, found {f:.3f}")


if __name__ == "__main__":
    main()
