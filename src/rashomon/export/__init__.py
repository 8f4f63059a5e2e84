"""Exports: analysed-article JSONL, tables as CSV or Parquet, events as GDELT-style TSV."""

from .formats import EXPORT_FORMATS, TABLES, export

__all__ = ["EXPORT_FORMATS", "TABLES", "export"]
