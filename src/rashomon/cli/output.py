"""The output options every listing command shares: ``--format`` and ``--out``.

As in sqlite-utils, a listing can be read as a table in the terminal or taken away as
JSONL, CSV or Parquet, with the same flags everywhere.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import Enum
from pathlib import Path
from typing import IO, Any

from rich.console import Console
from rich.table import Table


class OutputFormat(str, Enum):
    """How a listing is written."""

    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_jsonl(rows: list[dict[str, Any]], stream: IO[str]) -> None:
    """One JSON object per line."""
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_csv(rows: list[dict[str, Any]], stream: IO[str], columns: list[str] | None) -> None:
    """CSV with a header; lists and objects as JSON text."""
    names = columns or (list(rows[0]) if rows else [])
    writer = csv.DictWriter(stream, fieldnames=names, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in names})


def write_parquet(rows: list[dict[str, Any]], target: IO[bytes] | str) -> None:
    """A Parquet file; nested values as JSON text so every column has one type."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    flat = [{k: _cell(v) for k, v in row.items()} for row in rows]
    table = pa.Table.from_pylist(flat) if flat else pa.table({})
    pq.write_table(table, target)


def write_table(
    rows: list[dict[str, Any]],
    columns: list[str] | None,
    title: str | None,
    console: Console | None = None,
) -> None:
    """A Rich table for the terminal; long texts are folded."""
    console = console or Console()
    names = columns or (list(rows[0]) if rows else [])
    table = Table(title=title, show_lines=False, expand=False)
    for name in names:
        table.add_column(name, overflow="fold", max_width=80)
    for row in rows:
        table.add_row(*("" if row.get(n) is None else str(_cell(row.get(n))) for n in names))
    console.print(table)


def emit(
    rows: list[dict[str, Any]],
    fmt: OutputFormat,
    out: Path | None = None,
    columns: list[str] | None = None,
    title: str | None = None,
) -> None:
    """Write ``rows`` in ``fmt`` to ``out`` (default: standard output)."""
    if fmt is OutputFormat.parquet:
        if out is not None:
            write_parquet(rows, str(out))
        else:
            buffer = io.BytesIO()
            write_parquet(rows, buffer)
            sys.stdout.buffer.write(buffer.getvalue())
        return
    if fmt is OutputFormat.table and out is None:
        write_table(rows, columns, title)
        return
    stream: IO[str] = open(out, "w", encoding="utf8", newline="") if out else sys.stdout
    try:
        if fmt is OutputFormat.csv:
            write_csv(rows, stream, columns)
        elif fmt is OutputFormat.table:
            write_table(rows, columns, title, Console(file=stream, width=160))
        else:
            write_jsonl(rows, stream)
    finally:
        if out:
            stream.close()
