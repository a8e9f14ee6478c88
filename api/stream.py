"""Server-Sent Events for /ask/stream: meta → delta… → done, each event id "<message_id>:<seq>".

Events are rendered once per message and kept in a bounded LRU, so a client that reconnects
with ``Last-Event-ID`` gets the rest of the same message without recomputation.
"""
from __future__ import annotations

import json
import re
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from rag.contract import answer_dict
from rag.types import Answer

_LAST_EVENT_ID = re.compile(r"^([0-9a-f]{32}):(\d{1,6})$")
# Sentence ends: CJK terminators, or Latin ones followed by space and a capital (so "No. 10" stays whole).
_SENTENCE_END = re.compile(r"[。！？]|[.!?]\s+(?=[A-Z])")


@dataclass(frozen=True)
class Message:
    request_key: tuple
    events: tuple[str, ...]  # rendered SSE events, index = seq


def parse_last_event_id(value: str) -> tuple[str, int] | None:
    m = _LAST_EVENT_ID.match(value.strip())
    return (m.group(1), int(m.group(2))) if m else None


def _split_sentences(text: str) -> list[str]:
    pieces, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        pieces.append(text[start:m.end()])
        start = m.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def answer_pieces(answer: Answer) -> list[tuple[str, list[str]]]:
    """The answer as (text, citation ids) pieces whose texts concatenate to the answer.

    A found answer is a heading line and one line per zone; each zone line cites that zone's
    best passage, the one its quote comes from.
    """
    if not answer.found:
        return [(s, []) for s in _split_sentences(answer.text)]
    lines = answer.text.split("\n")
    pieces = []
    for i, line in enumerate(lines):
        text = line + ("\n" if i < len(lines) - 1 else "")
        zone = answer.zones[i - 1] if 0 < i <= len(answer.zones) else None
        pieces.append((text, _zone_citation(answer, zone, line)))
    return pieces


def _zone_citation(answer: Answer, zone: str | None, line: str) -> list[str]:
    if zone is None:
        return []
    own = [c for c in answer.citations if c.zone == zone]
    for c in own:
        if c.quote.strip() and c.quote.strip() in line:
            return [c.id]
    return [own[0].id] if own else []


def _event(name: str, message_id: str, seq: int, data: dict) -> str:
    payload = json.dumps({"message_id": message_id, "seq": seq, **data}, ensure_ascii=False)
    return f"event: {name}\nid: {message_id}:{seq}\ndata: {payload}\n\n"


def render_events(message_id: str, answer: Answer) -> tuple[str, ...]:
    contract = answer_dict(answer)
    events = [_event("meta", message_id, 0, {
        "question": contract["question"], "lang": contract["lang"], "found": contract["found"],
        "status": contract["status"], "zones": contract["zones"], "confidence": contract["confidence"], "citations": contract["citations"],
        "groups": contract["groups"]})]
    for text, ids in answer_pieces(answer):
        events.append(_event("delta", message_id, len(events), {"text": text, "citation_ids": ids}))
    events.append(_event("done", message_id, len(events), {
        "answer": contract["answer"], "found": contract["found"], "status": contract["status"],
        "zones": contract["zones"],
        "citation_ids": [c["id"] for c in contract["citations"]]}))
    return tuple(events)


def error_event(message_id: str, seq: int, status: int, message: str) -> str:
    return _event("error", message_id, seq, {"status": status, "message": message})


def new_message_id() -> str:
    return uuid.uuid4().hex


class MessageStore:
    """Bounded LRU of recent messages, per process (a reconnect to another worker recomputes)."""

    def __init__(self, capacity: int = 512):
        self.capacity = capacity
        self._messages: OrderedDict[str, Message] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, message_id: str, message: Message) -> None:
        with self._lock:
            self._messages[message_id] = message
            self._messages.move_to_end(message_id)
            while len(self._messages) > self.capacity:
                self._messages.popitem(last=False)

    def get(self, message_id: str) -> Message | None:
        with self._lock:
            message = self._messages.get(message_id)
            if message is not None:
                self._messages.move_to_end(message_id)
            return message
