"""Statements in the format of the PolNeAR quote scorer (``../shared/tools/score_quotes.py``).

PolNeAR annotates one attribution per content, with coordinated speakers in one source span,
and a quotation split by its attribution as one attribution with several content spans;
Rashomon keeps one statement per speaker and per passage. These turn an analysed-article
record (as a dict) into what the scorer counts, for the bench and the training script.
"""

from __future__ import annotations

from typing import Any


def one_per_content(record: dict[str, Any]) -> dict[str, Any]:
    """The record with one statement per content span: PolNeAR annotates one attribution per
    content, with coordinated speakers in one source span ("X and Y said"), where Rashomon
    gives each speaker a statement; the first speaker's stands for them all."""
    seen: set[tuple[int, int]] = set()
    kept = []
    for statement in record.get("statements", []):
        key = (statement["start"], statement["end"])
        if key not in seen:
            seen.add(key)
            kept.append(statement)
    return {**record, "statements": kept}


def joined_quotations(record: dict[str, Any]) -> dict[str, Any]:
    """The record in the scorer's own format, with the passages of one quotation (a quote
    split by its attribution, or quoted sentences of one speaker in one paragraph) as one
    quote of several content spans, the way PolNeAR annotates them. The statements
    themselves stay one per passage; ``statements.quotations`` links them."""
    from ..records import Statement
    from ..statements.component import quotations

    record = one_per_content(record)
    names = {a["id"]: a.get("name") for a in record.get("actors", [])}
    statements = [Statement(**s) for s in record.get("statements", [])]
    quotes = []
    for group in quotations(statements, record["text"]):
        parts = [statements[i] for i in group]
        first = next((s for s in parts if s.speaker_start is not None), parts[0])
        quotes.append({
            "quote_start": parts[0].start, "quote_end": parts[-1].end,
            "content_spans": [[s.start, s.end] for s in parts],
            "speaker": first.speaker_text, "speaker_resolved": names.get(first.speaker),
            "speaker_start": first.speaker_start, "speaker_end": first.speaker_end,
            "cue": first.cue,
        })
    return {"id": record["id"], "quotes": quotes}
