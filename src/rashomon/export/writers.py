"""Writers for rows of plain values: JSONL, CSV and Parquet."""

from __future__ import annotations

import csv
import json
from typing import IO, Any


def cell(value: Any) -> Any:
    """A value fit for one flat column: lists and objects become JSON text."""
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
        writer.writerow({k: cell(row.get(k)) for k in names})


def write_parquet(rows: list[dict[str, Any]], target: IO[bytes] | str) -> None:
    """A Parquet file; nested values as JSON text so every column has one type."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    flat = [{k: cell(v) for k, v in row.items()} for row in rows]
    table = pa.Table.from_pylist(flat) if flat else pa.table({})
    pq.write_table(table, target)
