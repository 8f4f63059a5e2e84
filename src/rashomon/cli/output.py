"""The output options every listing command shares: ``--format`` and ``--out``.

As in sqlite-utils, a listing can be read as a table in the terminal or taken away as
JSONL, CSV or Parquet, with the same flags everywhere.
"""

from __future__ import annotations

import io
import sys
from enum import Enum
from pathlib import Path
from typing import IO, Any

from rich.console import Console
from rich.table import Table

from ..export.writers import cell as _cell
from ..export.writers import write_csv, write_jsonl, write_parquet


class OutputFormat(str, Enum):
    """How a listing is written."""

    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def write_table(
    rows: list[dict[str, Any]],
    columns: list[str] | None,
    title: str | None,
    console: Console | None = None,
) -> None:
    """A Rich table for the terminal; long texts are folded."""
    if console is None:
        console = Console()
        if not console.is_terminal:
            # Piped or captured: no terminal width to respect, so do not fold every cell.
            console = Console(width=200)
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
