"""The real sentence-transformers loading path, offline, with the English model a package ships."""
import os

import numpy as np
import pytest

pytestmark = pytest.mark.st


def test_sentence_transformers_loads_offline_and_embeds(monkeypatch):
    pytest.importorskip("sentence_transformers", reason="install the st extra: pip install -e '.[st]'")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from rag.embedders import SentenceTransformerEmbedder

    emb = SentenceTransformerEmbedder("all-MiniLM-L6-v2").load()
    assert emb.dim == 384 and os.environ["HF_HUB_OFFLINE"] == "1"
    vecs = emb.embed_batch(["foreign banks may hold fund custody licences", "custody of securities investment funds",
                            "the weather is nice today"], "passage")
    assert vecs.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]


def test_unknown_model_fails_clearly_offline(monkeypatch):
    pytest.importorskip("sentence_transformers")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from rag.embedders import SentenceTransformerEmbedder
    from rag.errors import EmbedderUnavailableError

    with pytest.raises(EmbedderUnavailableError, match="offline"):
        SentenceTransformerEmbedder("no-such-org/no-such-model").load()
