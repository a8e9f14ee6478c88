"""Tune fusion weights per language and the answer thresholds on the DEV split only.

    .venv/bin/python scripts/tune.py              # weights and thresholds (printed)
    .venv/bin/python scripts/tune.py --verifier   # fit the verifier on dev, write rag/data/verifier.json

Prints the best settings; copy them into rag/config.py defaults by hand (and say so in the commit).
Query vectors are memoized, so each grid point costs only search + fusion.
"""
from __future__ import annotations

import itertools
import sys
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.answer import Composer  # noqa: E402
from rag.config import load_settings  # noqa: E402
from rag.engine import Engine  # noqa: E402
from rag.evaluation import load_questions  # noqa: E402
from rag.metrics import aggregate, score_question  # noqa: E402
from rag.retrieval import Retriever  # noqa: E402


class Memo:
    def __init__(self, embedder):
        self.inner, self.name, self.model_id, self.dim = embedder, embedder.name, embedder.model_id, embedder.dim
        self.embed_query = lru_cache(maxsize=None)(embedder.embed_query)


def fit_verifier() -> None:
    """The verifier step: each dev question's candidates (a zone's best passage, as the answer picks them),
    their features, and a logistic regression over them with per-language thresholds
    (rag.verify.fit), written to rag/data/verifier.json with the dev split's sha256."""
    import json

    from rag.answer import choose_zones, zone_evidence
    from rag.evaluation import dev_sha256
    from rag.verify import MODEL_PATH, Verifier, fit

    base = Engine(load_settings()).load()
    verifier = Verifier(base.corpus, model={}, tokenizer=base.index.tokenizer)
    samples = []
    for q in load_questions("dev"):
        r = base.retriever.retrieve(q["question"], top_k=10)
        candidates = {} if r.scope.out_of_scope else zone_evidence(r, base.settings.answer, base.corpus.zone_by_id)
        gate = bool(choose_zones(r, base.settings.answer, base.corpus.zone_by_id)[0])
        row = {"qid": q["id"], "lang": q["lang"], "gold": q["zones"], "gate": gate}
        samples.append({**row, "zone": None, "features": {}})
        for z, f in verifier.features(r, candidates).items():
            samples.append({**row, "zone": z, "features": f})
    model = fit(samples, dev_sha256())
    MODEL_PATH.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print("ROC AUC per signal on dev: candidate answers the question / leading candidate's question is answerable")
    question = model.get("auc_question", {})
    for name, value in sorted(model["auc"].items(), key=lambda kv: -abs(kv[1] - 0.5)):
        coef = dict(zip(model["features"], model["coef"])).get(name)
        qv = question.get(name)
        print(f"  {name:18s} AUC {value:.3f}" + (f" / {qv:.3f}" if qv is not None else "") +
              (f"  coef {coef:+.3f}" if coef is not None else ""))
    print("thresholds:", model["thresholds"], "→", MODEL_PATH)


def main() -> None:
    if "--verifier" in sys.argv[1:]:
        fit_verifier()
        return
    base = Engine(load_settings()).load()
    embedders = [Memo(e) for e in base.embedders]
    questions = load_questions("dev")
    grid = [0.0, 0.5, 1.0, 1.5]

    # Coordinate ascent over every leg the index has (the *_en legs too, where the corpus has an
    # English text): from the shipped weights, try each leg at each grid value and keep the best;
    # two passes. A full grid over six legs would be 4^6 configurations.
    legs = Retriever(base.settings, base.index, embedders).legs
    best_weights = {}
    for lang in ("zh", "en"):
        qs = [q for q in questions if q["lang"] == lang and q["zones"]]

        def score(w: dict) -> tuple:
            settings = base.settings.replace(**{f"weights_{lang}": w})
            retriever = Retriever(settings, base.index, embedders)
            composer = Composer(settings.answer, base.corpus, tokenizer=base.index.tokenizer)
            rows = [score_question(composer.compose(retriever.retrieve(q["question"], top_k=10), 10), q) for q in qs]
            for r in rows:
                r["answerable"] = True
            m = aggregate(rows)
            return (round(m["hit@1"] + m["recall@5"] + m["mrr@10"], 6), m["hit@1"], m["recall@5"])

        current = {leg: base.settings.retrieval.weights(lang).get(leg, 0.0) for leg in legs}
        best = score(current)
        for _ in range(2):
            for leg in legs:
                for value in grid:
                    trial = {**current, leg: value}
                    if trial == current or not any(trial.values()):
                        continue
                    s = score(trial)
                    # ties go to the smaller total weight: fewer legs to compute
                    if (s[0], -sum(trial.values())) > (best[0], -sum(current.values())):
                        current, best = trial, s
        shipped = score({leg: base.settings.retrieval.weights(lang).get(leg, 0.0) for leg in legs})
        print(lang, f"best score={best[0]:.3f} hit@1={best[1]:.3f} recall@5={best[2]:.3f}",
              {k: v for k, v in current.items() if v}, f"(shipped: score={shipped[0]:.3f})")
        best_weights[lang] = {k: v for k, v in current.items() if v}

    # Thresholds are calibrated for the shipped weights: weights chosen for ranking alone can cost
    # more in "not found" than they gain (dropping USE for English did), so adopting new weights
    # means re-running this with them shipped.
    settings = base.settings
    retriever = Retriever(settings, base.index, embedders)
    retrievals = [(q, retriever.retrieve(q["question"], top_k=10)) for q in questions]
    # The not-found operating point, per language: the coverage weight and threshold that abstain
    # most while keeping the found-rate on answerable questions at 0.97 or more.
    for lang in ("zh", "en"):
        table = []
        subset = [(q, r) for q, r in retrievals if q["lang"] == lang]
        for weight in (0.0, 1.0, 2.0, 3.0):
            for threshold in [x / 4 for x in range(4, 17)]:
                s = settings.replace(coverage_weight={lang: weight}, found_threshold=threshold)
                composer = Composer(s.answer, base.corpus, tokenizer=base.index.tokenizer)
                m = aggregate([score_question(composer.compose(r, 10), q) for q, r in subset])
                table.append((m, weight, threshold))
        ok = [t for t in table if t[0]["found_rate"] >= 0.97] or table
        ok.sort(key=lambda t: -(t[0]["abstention"] + t[0]["zone_exact"]))
        for m, weight, threshold in ok[:5]:
            print(f"{lang} coverage_weight={weight} found_threshold={threshold}: abstention={m['abstention']:.3f} "
                  f"found_rate={m['found_rate']:.3f} zone_exact={m['zone_exact']:.3f}")
    print("best weights for ranking:", best_weights, "shipped:", {"zh": settings.retrieval.weights_zh, "en": settings.retrieval.weights_en})


if __name__ == "__main__":
    main()
