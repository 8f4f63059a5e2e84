"""The public Python API: what ``import rashomon`` offers notebooks and pipelines.

``extract`` analyses texts, article dicts, ``Article`` records or files without a database;
``open`` gives a :class:`Store` that analyses into a database and reads it back with the
filters of the command line. The CLI and the HTTP API read the store through these same
methods, so there is one way in. Nothing here imports spaCy until something is analysed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .config import Settings, load_settings
from .errors import DocumentFailure, Errors, RashomonError, failure_error
from .lemmas import use_model
from .records import AnalyzedArticle, Article, Story
from .store import queries
from .store.db import Store as StoreBase

if TYPE_CHECKING:
    import pandas
    import pyarrow

    from .jobs import RunSummary

log = logging.getLogger(__name__)

Item = str | Mapping[str, Any] | Article | os.PathLike[str]
Items = Item | Iterable[Item]
OnError = Literal["skip", "raise"]

# The columns a listing shows as a table (the terminal's and the notebook's); every field is
# still in each row.
STATEMENT_COLUMNS = ["published", "outlet", "speaker", "cue", "channel", "content", "article_id",
                     "idx"]
EVENT_COLUMNS = ["date", "type", "cameo", "actor", "recipient", "trigger", "negated", "modality",
                 "location", "outlet", "article_id"]
ACTOR_COLUMNS = ["name", "type", "code", "role", "mentions", "articles", "statements", "events"]
STORY_COLUMNS = ["id", "title", "start", "end", "n_articles", "n_outlets", "n_speakers",
                 "n_conflicts", "n_agreements"]
ARTICLE_COLUMNS = ["published", "outlet", "title", "statements", "events", "actors", "story", "id"]
CHECK_COLUMNS = ["claim", "stance", "score", "outlet", "speaker", "article", "evidence"]
COMPARISON_COLUMNS = ["kind", "topic", "a", "b", "explanation"]
STANCES = ("supports", "disputes", "discusses", "unrelated")


class Rows(list[dict[str, Any]]):
    """Rows of a listing: a plain ``list`` of dicts that also shows itself as a table.

    Attributes:
        name: what the rows are ("statements", "stories", …), the table's title.
        columns: the columns shown in a table; every row keeps all of its fields.
        texts: article texts by id, for showing a claim check's evidence in its sentence.
    """

    def __init__(
        self, rows: Iterable[dict[str, Any]] = (), *, name: str = "rows",
        columns: list[str] | None = None, texts: dict[str, str] | None = None,
    ) -> None:
        super().__init__(rows)
        self.name = name
        self.columns = columns
        self.texts: dict[str, str] = texts or {}

    def to_arrow(self) -> pyarrow.Table:
        """The rows as a ``pyarrow.Table`` (nested values as JSON text, as in Parquet)."""
        import pyarrow as pa

        from .export.writers import cell

        return pa.Table.from_pylist([{k: cell(v) for k, v in row.items()} for row in self])

    def to_pandas(self) -> pandas.DataFrame:
        """The rows as a ``pandas.DataFrame`` (needs pandas)."""
        import pandas as pd

        return pd.DataFrame(list(self))

    def _repr_html_(self) -> str:
        from .display import rows_html

        return rows_html(self)


class Records(list[AnalyzedArticle]):
    """Analysed-article records, with the documents that could not be read or analysed."""

    def __init__(self, records: Iterable[AnalyzedArticle] = (),
                 failures: list[DocumentFailure] | None = None) -> None:
        super().__init__(records)
        self.failures: list[DocumentFailure] = failures or []

    def to_dicts(self) -> list[dict[str, Any]]:
        """Every record as JSON-ready data (what ``rashomon extract`` prints, line by line)."""
        return [record.to_dict() for record in self]

    def _repr_html_(self) -> str:
        from .display import records_html

        return records_html(self)


# -- analysis without a store -----------------------------------------------------------


def settings_with(config: str | os.PathLike[str] | None = None, **overrides: object) -> Settings:
    """Settings from every layer (package, file, ``RASHOMON_*``), with ``overrides`` on top."""
    return load_settings(_path(config),
                         overrides={k: v for k, v in overrides.items() if v is not None})


def _path(path: str | os.PathLike[str] | None) -> Path | None:
    return Path(path) if path is not None else None


def _as_items(items: Items) -> Iterable[Item]:
    """One item is a list of one: a text must not be read as a sequence of characters."""
    if isinstance(items, str | Mapping | Article | os.PathLike):
        return [items]
    return items


@dataclass(slots=True)
class _Outcome:
    failures: list[DocumentFailure] = field(default_factory=list)


def _failed(failure: DocumentFailure, on_error: OnError, outcome: _Outcome) -> None:
    if on_error == "raise":
        raise failure_error(failure)
    outcome.failures.append(failure)


def _extract(items: Items, settings: Settings, on_error: OnError,
             outcome: _Outcome) -> Iterator[AnalyzedArticle]:
    from .ingest.items import articles_from_items
    from .jobs import RunSummary, analyzed_records, identify_persons

    summary = RunSummary()
    articles = articles_from_items(_as_items(items), settings)
    # Persons are joined across the whole run before any record leaves, so that the records
    # are the same whatever the engine, the batch size or the input order.
    records = list(analyzed_records(articles, settings, summary))
    for failure in summary.failures:
        _failed(failure, on_error, outcome)
    identify_persons(records, settings)
    yield from records


def extract_iter(
    items: Items,
    *,
    n_process: int = 1,
    engine: str = "local",
    model: str | None = None,
    config: str | os.PathLike[str] | None = None,
    on_error: OnError = "skip",
) -> Iterator[AnalyzedArticle]:
    """Analyse articles without a database, yielding the records one by one.

    Args:
        items: a text, an article dict (``text`` or ``html``, and ``id``, ``url``, ``outlet``,
            ``published``, ``title``, ``language``), an ``Article``, a ``pathlib.Path`` to a
            file, directory or glob — or an iterable of these.
        n_process: worker processes (with ``engine="ray"``: pipeline actors).
        engine: ``"local"`` or ``"ray"``.
        model: a spaCy pipeline to use instead of the ``model`` setting.
        config: a settings file merged over the defaults.
        on_error: ``"skip"`` logs a document that cannot be read or analysed and goes on;
            ``"raise"`` raises its numbered error (a :class:`rashomon.DocumentError`).

    Yields:
        ``AnalyzedArticle`` records, as ``rashomon extract`` prints them, in input order. The
        first comes once the whole input is analysed: the pass that joins one person's
        spellings across articles needs every article before it can settle any.
    """
    settings = settings_with(config, n_process=n_process, engine=engine, model=model)
    yield from _extract(items, settings, on_error, _Outcome())


def extract(
    items: Items,
    *,
    n_process: int = 1,
    engine: str = "local",
    model: str | None = None,
    config: str | os.PathLike[str] | None = None,
    on_error: OnError = "skip",
) -> Records:
    """Analyse articles without a database; the arguments are those of :func:`extract_iter`.

    Returns:
        The records in input order (a ``list``); ``.failures`` lists the documents that could
        not be read or analysed, each with its code and reason.
    """
    settings = settings_with(config, n_process=n_process, engine=engine, model=model)
    outcome = _Outcome()
    records = list(_extract(items, settings, on_error, outcome))
    return Records(records, outcome.failures)


# -- the store --------------------------------------------------------------------------


def _limit(limit: int | None) -> int:
    return -1 if limit is None else limit  # SQLite: a negative LIMIT means none


class Store(StoreBase):
    """A Rashomon database: analyse into it, list and read what it holds.

    Open one with :func:`rashomon.open`; use it as a context manager to close it. Listings
    take the filters of the command line and return :class:`Rows`; ``limit=None`` returns
    every row.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        readonly: bool = False,
        settings: Settings | None = None,
        config: str | os.PathLike[str] | None = None,
    ) -> None:
        self.settings = settings or load_settings(_path(config))
        # Comparisons and checks read claim words with the model the store's texts were
        # analysed with.
        use_model(self.settings.model)
        location = os.fspath(path) if path is not None else self.settings.db
        if readonly and not os.path.exists(location):
            raise RashomonError(Errors.E031, what="database", key=location)
        self.readonly = readonly
        super().__init__(location, readonly=readonly)

    def __enter__(self) -> Store:
        return self

    def __repr__(self) -> str:
        mode = "read-only" if self.readonly else "read-write"
        return f"<rashomon.Store {self.path!r} ({mode})>"

    # -- analysing ----------------------------------------------------------------------

    def analyze(
        self,
        items: Items,
        *,
        reanalyze: bool = False,
        on_error: OnError = "skip",
        progress: Callable[[int], None] | None = None,
    ) -> RunSummary:
        """Analyse and store articles, then bring the stories up to date (``rashomon analyze``).

        Args:
            items: as for :func:`rashomon.extract`: texts, article dicts, ``Article``
                records, ``pathlib.Path`` files, directories or globs.
            reanalyze: analyse again articles stored before from the same input.
            on_error: ``"skip"`` stores the others and lists a failed document in the
                summary's ``failures``; ``"raise"`` raises the first failure's numbered error
                after the run.
            progress: called with 1 as each article is analysed.

        Raises:
            StoreError: E032 when the store was opened read-only.

        Returns:
            The run's summary: counts of read, analysed, added, replaced, unchanged articles,
            statements, events and stories updated, and ``failures``.
        """
        if self.readonly:
            raise RashomonError(Errors.E032, detail=f"{self.path} was opened read-only")
        from .ingest import IngestStats
        from .ingest.items import articles_from_items
        from .jobs import analyze_articles_into_store

        stats = IngestStats()
        articles = articles_from_items(_as_items(items), self.settings, stats)
        summary, _ = analyze_articles_into_store(
            articles, self.settings, self, progress=progress, reanalyze=reanalyze
        )
        summary.duplicates = stats.duplicates
        if on_error == "raise" and summary.failures:
            raise failure_error(summary.failures[0])
        return summary

    # -- single records -----------------------------------------------------------------

    def article(self, article_id: str) -> AnalyzedArticle:
        """One stored article's record (as ``rashomon extract`` gives it); E031 if absent."""
        record = self.load(article_id)
        if record is None:
            raise RashomonError(Errors.E031, what="article", key=article_id)
        return record

    def story(self, story_id: str) -> Story:
        """One story with its claims and comparisons; E031 if absent."""
        data = self.story_data(story_id)
        if data is None:
            raise RashomonError(Errors.E031, what="story", key=story_id)
        return Story.from_dict(data)

    def actor(self, name: str, *, limit: int = 100) -> dict[str, Any]:
        """One actor by name, alias or numeric id: aliases, roles over time, statements by
        them, events involving them and their stories (``rashomon actor``); E031 if unknown."""
        found = queries.find_actor(self.conn, name)
        if found is None:
            raise RashomonError(Errors.E031, what="actor", key=name)
        return queries.actor_detail(self.conn, int(found["id"]), limit=limit)

    # -- listings -----------------------------------------------------------------------

    def articles(
        self, *, search: str | None = None, outlet: str | None = None, actor: str | None = None,
        date_from: str | None = None, date_to: str | None = None, limit: int | None = 50,
        offset: int = 0,
    ) -> Rows:
        """Articles, newest first, with counts of statements, events and actors found."""
        rows = queries.list_articles(self.conn, queries.Filters(
            search=search, outlet=outlet, actor=actor, date_from=date_from, date_to=date_to,
            limit=_limit(limit), offset=offset))
        return Rows(rows, name="articles", columns=ARTICLE_COLUMNS)

    def statements(
        self, *, speaker: str | None = None, search: str | None = None,
        outlet: str | None = None, date_from: str | None = None, date_to: str | None = None,
        limit: int | None = 50, offset: int = 0,
    ) -> Rows:
        """Statements with speaker, cue, channel, outlet and date (``rashomon quotes``).

        Args:
            speaker: canonical name or any alias.
            search: words that must all occur in what was said (full-text search).
            outlet: only articles from this outlet.
            date_from: on or after this date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
            date_to: on or before this date.
            limit: at most this many rows (``None``: all).
            offset: rows to skip.
        """
        rows = queries.list_statements(self.conn, queries.Filters(
            speaker=speaker, search=search, outlet=outlet, date_from=date_from, date_to=date_to,
            limit=_limit(limit), offset=offset))
        return Rows(rows, name="statements", columns=STATEMENT_COLUMNS)

    def events(
        self, *, type: str | None = None, actor: str | None = None, outlet: str | None = None,
        date_from: str | None = None, date_to: str | None = None, limit: int | None = 50,
        offset: int = 0,
    ) -> Rows:
        """Coded events: who did what to whom, when and where (``rashomon events``).

        ``type`` is a PLOVER type (``ACCUSE``); ``actor`` matches actor or recipient; the
        dates are the event's, else its article's.
        """
        rows = queries.list_events(self.conn, queries.Filters(
            type=type, actor=actor, outlet=outlet, date_from=date_from, date_to=date_to,
            limit=_limit(limit), offset=offset))
        return Rows(rows, name="events", columns=EVENT_COLUMNS)

    def actors(
        self, *, country: str | None = None, sector: str | None = None, type: str | None = None,
        search: str | None = None, limit: int | None = 50, offset: int = 0,
    ) -> Rows:
        """Canonical actors with mention, article, statement and event counts.

        ``country`` is an ISO-3 code, ``sector`` a PLOVER sector (``GOV``), ``type`` one of
        person, country, organization, group; ``search`` matches part of a name or alias.
        """
        rows = queries.list_actors(self.conn, queries.Filters(
            country=country, sector=sector, type=type, search=search, limit=_limit(limit),
            offset=offset))
        return Rows(rows, name="actors", columns=ACTOR_COLUMNS)

    def merges(self, *, search: str | None = None, limit: int | None = 50) -> Rows:
        """The spellings joined into one person across articles, each with the reason.

        ``search`` matches part of the person's name or of the joined spelling.
        """
        rows = queries.list_merges(self.conn, queries.Filters(search=search, limit=_limit(limit)))
        return Rows(rows, name="merges",
                    columns=["actor", "merged", "reason", "articles", "example"])

    def stories(
        self, *, search: str | None = None, actor: str | None = None,
        date_from: str | None = None, date_to: str | None = None, limit: int | None = 50,
        offset: int = 0,
    ) -> Rows:
        """Stories, most recent first, with article, outlet, speaker and conflict counts.

        ``search`` matches words in the title; ``actor`` keeps stories involving that actor.
        """
        rows = queries.list_stories(self.conn, queries.Filters(
            search=search, actor=actor, date_from=date_from, date_to=date_to,
            limit=_limit(limit), offset=offset))
        return Rows(rows, name="stories", columns=STORY_COLUMNS)

    def compare(self, story_id: str) -> Rows:
        """A story's comparisons, each side with its speaker, outlet and sentence.

        Each row is a comparison of the story record (``kind``, ``topic``, ``a``, ``b``,
        ``explanation``) plus ``a_speaker``, ``a_outlet``, ``a_text`` and the same for
        ``b``; an E031 if the story is absent.
        """
        story = self.story(story_id)
        rows = []
        for comparison in story.comparisons:
            row = comparison.to_dict()
            for side in ("a", "b"):
                speaker, outlet, text = self.claim_source(row[side])
                row |= {f"{side}_speaker": speaker, f"{side}_outlet": outlet, f"{side}_text": text}
            rows.append(row)
        return Rows(rows, name=f"comparisons in {story_id}", columns=[
            "kind", "topic", "a_speaker", "a_outlet", "a_text", "b_speaker", "b_outlet", "b_text",
            "explanation"])

    def claim_source(self, ref: Mapping[str, Any]) -> tuple[str, str, str]:
        """(speaker, outlet, sentence) of a comparison's side (``{"article", "statement"}``)."""
        record = self.load(ref["article"])
        if record is None:
            return "?", "?", "?"
        names = {a.id: a.name for a in record.actors}
        outlet = record.outlet or record.id
        statement, event = ref.get("statement"), ref.get("event")
        if statement is None and event is not None and event < len(record.events):
            # An event a speaker states is that speaker's claim, in the statement's words.
            statement = record.events[event].attributed_to
        if statement is not None and statement < len(record.statements):
            s = record.statements[statement]
            return names.get(s.speaker or "", s.speaker_text or "unnamed source"), outlet, \
                s.content
        if event is not None and event < len(record.events):
            e = record.events[event]
            return names.get(e.actor or "", "—"), outlet, record.text[e.start:e.end]
        return "?", outlet, "?"

    # -- claims -------------------------------------------------------------------------

    def check(
        self, claim: str | Iterable[str], *, story: str | None = None,
        include_unrelated: bool = False, limit: int | None = 50,
    ) -> Rows:
        """How the stored coverage stands to a claim: one row per (claim, article).

        Each row has ``claim_id``, ``claim``, ``article``, ``outlet``, ``stance``
        (supports, disputes, discusses or unrelated), ``score``, ``speaker`` (None for the
        outlet's own voice) and ``evidence`` (a list of ``{"start", "end"}`` offsets into the
        article's text). ``story`` keeps to one story; unrelated articles are left out unless
        ``include_unrelated``; ``limit`` caps the rows of each claim.

        Raises:
            RashomonError: E027 for a claim that cannot be checked (empty, too long, not
                English), E031 for an unknown story, E026 when the stance model is missing.
        """
        claims = [claim] if isinstance(claim, str) else list(claim)
        rows = check_claims_in_store(self, claims, story=story,
                                     include_unrelated=include_unrelated, limit=limit)
        ids = sorted({str(row["article"]) for row in rows})
        texts = {
            r[0]: r[1] for r in self.conn.execute(
                f"SELECT id, text FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids)
        } if ids else {}
        return Rows(rows, name="claim check", columns=CHECK_COLUMNS, texts=texts)

    # -- whole tables -------------------------------------------------------------------

    def to_arrow(self, table: str) -> pyarrow.Table:
        """One table of the store (as ``rashomon export --table``) as a ``pyarrow.Table``.

        ``table`` is one of articles, actors, article_actors, mentions, statements, events,
        stories, story_articles, comparisons; lists (``via``, ``context``) are JSON text.
        """
        import pyarrow as pa

        from .export.formats import TABLES

        if table not in TABLES:
            raise RashomonError(
                Errors.E040, detail=f"unknown table {table!r} (one of {', '.join(TABLES)})"
            )
        cursor = self.conn.execute(TABLES[table])
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
        return pa.table({name: [row[i] for row in rows] for i, name in enumerate(names)})

    def to_pandas(self, table: str) -> pandas.DataFrame:
        """One table of the store as a ``pandas.DataFrame`` (needs pandas); see ``to_arrow``."""
        import pandas as pd

        arrow = self.to_arrow(table)
        return pd.DataFrame({name: arrow.column(name).to_pylist() for name in arrow.column_names})


def check_claims_in_store(
    store: Store, claims: list[str], *, story: str | None = None,
    include_unrelated: bool = False, limit: int | None = 50,
) -> list[dict[str, Any]]:
    """The one entry point from the public API to the stance model's claim check.

    ``rashomon check``, ``GET /api/check`` and ``Store.check`` share
    ``rashomon.stance.check.check_claims``; ``limit`` caps the rows of each claim.
    """
    from .stance.check import check_claims

    # One call for every claim: the claims are embedded in one batch and the story's scope
    # is read once. Claims get the ids "1", "2", … by position.
    found = check_claims(store, claims, story=story, include_unrelated=include_unrelated)
    kept: dict[str, int] = {}
    rows: list[dict[str, Any]] = []
    for row in found:
        kept[row.claim_id] = kept.get(row.claim_id, 0) + 1
        if limit is None or kept[row.claim_id] <= limit:
            rows.append(row.to_dict())
    return rows


def open(  # noqa: A001 - the public name a user types: rashomon.open(path)
    path: str | os.PathLike[str] | None = None,
    *,
    readonly: bool = False,
    config: str | os.PathLike[str] | None = None,
) -> Store:
    """Open (and create, unless ``readonly``) the Rashomon database at ``path``.

    Args:
        path: the SQLite file; default the ``db`` setting (``RASHOMON_DB``, else
            ``rashomon.db``).
        readonly: read without ever writing; an E031 if the file does not exist.
        config: a settings file merged over the defaults (the pipeline ``analyze`` uses).
    """
    return Store(path, readonly=readonly, config=config)
