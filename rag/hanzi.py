"""Traditional and simplified Chinese. The corpus, its aliases and the indexes' tokens are in simplified
characters; a question in traditional ones (臺灣、跨境電商) is read in simplified, or jieba's words, the glossary
and the verifier's terms would all miss. OpenCC's t2s leaves simplified text as it is (checked on every eval
question and the whole bundled corpus: ``tests/test_hanzi.py``)."""
from __future__ import annotations

import re
from functools import lru_cache

_HAN = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text) if _HAN.search(text) else text


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text) if _HAN.search(text) else text
