"""An ``Answer`` as Markdown for chat clients (the OpenAI-compatible API): the answer text with
numbered citation markers, then the list of sources. Pure; ``[n]`` is always ``answer.citations[n-1]``,
so a client can match a marker to the ``citations`` array it receives beside the text."""
from __future__ import annotations

import re

from .types import Answer, Citation

_HEADINGS = {"zh": ("来源", "相近段落"), "en": ("Sources", "Nearest passages")}  # found, not found
# Passage text is plain text: characters Markdown would read as markup are escaped.
_MARKUP = re.compile(r"([\\`*_\[\]<>#|])")


def _escape(text: str) -> str:
    return _MARKUP.sub(r"\\\1", text)


def _measure(c: Citation, lang: str) -> str:
    if c.measure is None:
        return ""
    return f" (measure {c.measure})" if lang == "en" else f"（第{c.measure}条）"


def _source(n: int, c: Citation, lang: str) -> str:
    # The heading path starts with the zone's name; say it once, in bold.
    rest = c.path[1:] if c.path and c.path[0] == c.zone_name else c.path
    path = " › ".join([f"**{_escape(c.zone_name)}**", *(_escape(p) for p in rest)])
    line = f"- **[{n}]** {path}{_measure(c, lang)} · `{c.id}`"
    quote = c.quote.strip()
    english = (c.quote_en or "").strip() if lang == "en" else ""
    if english:  # an English reader reads the translation; the Chinese source of record follows it
        quote = f"{english} (原文: {quote})" if quote else english
    return line + (f"\n  > {_escape(quote)}" if quote else "")


def cited_markdown(answer: Answer) -> str:
    """The answer text, each zone's line ending in the marker of the passage it quotes, then the sources."""
    number = {c.id: n for n, c in enumerate(answer.citations, 1)}
    lines = [line for line in answer.text.split("\n") if line.strip()]
    if answer.found and lines:
        # The composer writes a lead-in line, then one line per named zone quoting answer.cited[i].
        body = [_escape(lines[0]), ""]
        for i, line in enumerate(lines[1:]):
            cid = answer.cited[i] if i < len(answer.cited) else None
            body.append(f"- {_escape(line)}" + (f" [{number[cid]}]" if cid in number else ""))
    else:
        body = "\n\n".join(_escape(line) for line in lines).split("\n")
    if answer.citations:
        found, nearest = _HEADINGS.get(answer.lang, _HEADINGS["en"])
        body += ["", f"**{found if answer.found else nearest}**", ""]
        body += [_source(n, c, answer.lang) for n, c in enumerate(answer.citations, 1)]
    return "\n".join(body) + "\n"
