"""Listing responses: a JSON page with a ``next`` link, or a CSV / JSONL download."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from .deps import next_link

ListFormat = Literal["json", "csv", "jsonl"]


def _cell(value: Any) -> Any:
    # Lists and objects (via, context) go into one CSV cell as JSON.
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


# Rows are written in chunks of about this many characters: one chunk per row cost a trip
# through the event loop each (a 1,000-row CSV took 600 ms, most of it in sending).
CHUNK = 64 * 1024


def _csv_lines(rows: list[dict[str, Any]]) -> Iterator[str]:
    if not rows:
        return
    columns = list(rows[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.getvalue():
        yield buffer.getvalue()


def _jsonl_lines(rows: list[dict[str, Any]]) -> Iterator[str]:
    chunk: list[str] = []
    size = 0
    for row in rows:
        line = json.dumps(row, ensure_ascii=False) + "\n"
        chunk.append(line)
        size += len(line)
        if size >= CHUNK:
            yield "".join(chunk)
            chunk, size = [], 0
    if chunk:
        yield "".join(chunk)


def listing(
    request: Request,
    rows: list[dict[str, Any]],
    limit: int,
    offset: int,
    fmt: ListFormat,
    name: str,
) -> Response:
    """Answer with one page of ``rows`` (fetched with ``limit + 1`` to know if more follow)."""
    more = len(rows) > limit
    rows = rows[:limit]
    link = next_link(request, limit, offset, more)
    headers = {"Link": f'<{link}>; rel="next"'} if link else {}
    # The rows are in memory already, so a download is sent as one body: streamed, each
    # chunk was a trip through the thread pool, which under load meant waiting for a thread
    # again and again (a 1,000-row download took two seconds with 50 clients).
    if fmt == "csv":
        headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return Response("".join(_csv_lines(rows)), media_type="text/csv; charset=utf-8",
                        headers=headers)
    if fmt == "jsonl":
        headers["Content-Disposition"] = f'attachment; filename="{name}.jsonl"'
        return Response("".join(_jsonl_lines(rows)), media_type="application/x-ndjson",
                        headers=headers)
    body = {"items": rows, "limit": limit, "offset": offset, "count": len(rows), "next": link}
    return JSONResponse(body, headers=headers)
