"""Exporters, registered by name: ``jsonl``, ``csv``, ``parquet``, ``gdelt``.

``jsonl`` writes the analysed-article records of the contract (what ``extract`` prints);
``csv`` and ``parquet`` write one table of the store; ``gdelt`` writes events as a
GDELT 2.0-style tab-separated file with the columns Rashomon really computes filled and
the others left empty (``docs/export.md`` lists them).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import IO, Any

from ..store import Store
from .writers import write_csv, write_parquet

TABLES: dict[str, str] = {
    "articles": "SELECT id, url, outlet, published, title, language, analyzed, text FROM articles"
    " ORDER BY published, id",
    "actors": "SELECT x.*, (SELECT group_concat(alias, '|') FROM actor_aliases a"
    " WHERE a.actor_id = x.id) AS aliases FROM actors x ORDER BY x.id",
    "article_actors": "SELECT * FROM article_actors ORDER BY article_id, local_id",
    "mentions": "SELECT * FROM mentions ORDER BY article_id, idx",
    "statements": "SELECT s.article_id, s.idx, s.speaker, x.name AS speaker_name,"
    " s.speaker_text, s.speaker_start, s.speaker_end, s.content, s.start, s.\"end\", s.direct,"
    " s.cue, s.channel, s.via, s.negated FROM statements s"
    " LEFT JOIN actors x ON x.id = s.speaker_actor_id ORDER BY s.article_id, s.idx",
    "events": "SELECT e.article_id, e.idx, e.type, e.mode, e.context, e.cameo, e.actor,"
    " x1.name AS actor_name, e.recipient, x2.name AS recipient_name, e.negated, e.modality,"
    " e.date, e.location, e.start, e.\"end\", e.trigger, e.attributed_to FROM events e"
    " LEFT JOIN actors x1 ON x1.id = e.actor_id LEFT JOIN actors x2 ON x2.id = e.recipient_id"
    " ORDER BY e.article_id, e.idx",
    "stories": "SELECT id, title, start, \"end\", n_articles, n_outlets, n_speakers,"
    " n_conflicts, n_agreements FROM stories ORDER BY \"end\" DESC, id",
    "story_articles": "SELECT * FROM story_articles ORDER BY story_id, article_id",
    "comparisons": "SELECT * FROM comparisons ORDER BY story_id, idx",
}

# GDELT 2.0 event table columns, in order.
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)

# Extra columns after the GDELT ones, so a row can be traced back to its sentence.
RASHOMON_COLUMNS: tuple[str, ...] = (
    "PLOVER", "PLOVERMode", "Context", "Negated", "Modality", "ArticleID", "EventIndex",
    "Trigger", "AttributedTo",
)

Exporter = Callable[[Store, IO[Any], str | None], int]


def table_rows(conn: sqlite3.Connection, table: str) -> Iterator[dict[str, Any]]:
    """The rows of one exportable table."""
    for row in conn.execute(TABLES[table]):
        yield dict(row)


def export_jsonl(store: Store, stream: IO[Any], table: str | None) -> int:
    """Analysed-article records, one per line; returns how many."""
    count = 0
    for record in store.iter_records():
        stream.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count


def export_csv(store: Store, stream: IO[Any], table: str | None) -> int:
    """One table of the store as CSV."""
    rows = list(table_rows(store.conn, table or "statements"))
    write_csv(rows, stream, None if rows else _columns(store.conn, table or "statements"))
    return len(rows)


def export_parquet(store: Store, stream: IO[Any], table: str | None) -> int:
    """One table of the store as Parquet."""
    rows = list(table_rows(store.conn, table or "statements"))
    write_parquet(rows, stream)
    return len(rows)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    cursor = conn.execute(f"SELECT * FROM ({TABLES[table]}) LIMIT 0")
    return [d[0] for d in cursor.description]


def _sqldate(value: str | None) -> tuple[str, str, str, str]:
    if not value or len(value) < 10:
        return "", "", "", ""
    y, m, d = value[:4], value[5:7], value[8:10]
    fraction = f"{int(y) + (int(m) - 1) / 12 + (int(d) - 1) / 365:.4f}"
    return f"{y}{m}{d}", f"{y}{m}", y, fraction


def gdelt_rows(conn: sqlite3.Connection) -> Iterator[list[str]]:
    """Events as GDELT 2.0 rows plus Rashomon's trace columns."""
    from ..events.lexicon import cameo_info

    sql = (
        "SELECT e.*, coalesce(e.date, a.published) AS when_, a.url, a.id AS aid,"
        " x1.code AS c1, x1.name AS n1, x1.country AS k1, x1.sector AS s1,"
        " x2.code AS c2, x2.name AS n2, x2.country AS k2, x2.sector AS s2"
        " FROM events e JOIN articles a ON a.id = e.article_id"
        " LEFT JOIN actors x1 ON x1.id = e.actor_id LEFT JOIN actors x2 ON x2.id = e.recipient_id"
        " ORDER BY when_, e.article_id, e.idx"
    )
    added = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    for number, r in enumerate(conn.execute(sql), start=1):
        sqldate, month, year, fraction = _sqldate(r["when_"])
        cameo = r["cameo"] or ""
        quad, goldstein = cameo_info(cameo) if cameo else (None, None)
        values: dict[str, str] = {
            "GLOBALEVENTID": str(number), "SQLDATE": sqldate, "MonthYear": month, "Year": year,
            "FractionDate": fraction,
            "Actor1Code": r["c1"] or "", "Actor1Name": (r["n1"] or "").upper(),
            "Actor1CountryCode": r["k1"] or "", "Actor1Type1Code": r["s1"] or "",
            "Actor2Code": r["c2"] or "", "Actor2Name": (r["n2"] or "").upper(),
            "Actor2CountryCode": r["k2"] or "", "Actor2Type1Code": r["s2"] or "",
            "IsRootEvent": "1" if r["attributed_to"] is None else "0",
            "EventCode": cameo, "EventBaseCode": cameo[:3], "EventRootCode": cameo[:2],
            "QuadClass": "" if quad is None else str(quad),
            "GoldsteinScale": "" if goldstein is None else f"{goldstein:g}",
            "NumMentions": "1", "NumSources": "1", "NumArticles": "1",
            "ActionGeo_FullName": r["location"] or "",
            "DATEADDED": added, "SOURCEURL": r["url"] or "",
        }
        extra = [
            r["type"], r["mode"] or "", ";".join(json.loads(r["context"])),
            str(r["negated"]), r["modality"] or "", r["aid"], str(r["idx"]), r["trigger"],
            "" if r["attributed_to"] is None else str(r["attributed_to"]),
        ]
        yield [values.get(c, "") for c in GDELT_COLUMNS] + extra


def _tsv_cell(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ")


def export_gdelt(store: Store, stream: IO[Any], table: str | None) -> int:
    """Events as GDELT-style TSV with a header line; returns how many rows."""
    stream.write("\t".join(GDELT_COLUMNS + RASHOMON_COLUMNS) + "\n")
    count = 0
    for row in gdelt_rows(store.conn):
        stream.write("\t".join(_tsv_cell(v) for v in row) + "\n")
        count += 1
    return count


EXPORT_FORMATS: dict[str, Exporter] = {
    "jsonl": export_jsonl,
    "csv": export_csv,
    "parquet": export_parquet,
    "gdelt": export_gdelt,
}
BINARY_FORMATS = frozenset({"parquet"})


def export(store: Store, fmt: str, stream: IO[Any], table: str | None = None) -> int:
    """Write the store in ``fmt`` to ``stream``; returns the number of rows or records."""
    if table is not None and table not in TABLES:
        raise KeyError(table)
    return EXPORT_FORMATS[fmt](store, stream, table)
