"""Listing commands over the store: quotes, events, actors, actor, stories, story, compare.

They share ``--format table|jsonl|csv|parquet`` and ``--out`` (see ``output.py``).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.columns import Columns
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..errors import NotFoundError
from ..library import Store
from ..records import Story
from . import app
from .common import ConfigOption, DbOption, open_store_readonly, settings_for
from .output import OutputFormat, emit

FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="table, jsonl, csv or parquet.")
]
OutOption = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
]
LimitOption = Annotated[int, typer.Option("--limit", "-n", help="At most this many rows.")]
FromOption = Annotated[
    str | None, typer.Option("--from", help="Only on or after this date (YYYY-MM-DD).",
                             show_default=False)
]
ToOption = Annotated[
    str | None, typer.Option("--to", help="Only on or before this date (YYYY-MM-DD).",
                             show_default=False)
]
OutletOption = Annotated[
    str | None, typer.Option("--outlet", help="Only articles from this outlet.", show_default=False)
]


@app.command()
def quotes(
    speaker: Annotated[str | None, typer.Option("--speaker", help="Speaker name or alias.",
                                                show_default=False)] = None,
    search: Annotated[str | None, typer.Option("--search", "-s", help="Full-text search in what"
                                               " was said.", show_default=False)] = None,
    outlet: OutletOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    limit: LimitOption = 50,
    fmt: FormatOption = OutputFormat.table,
    out: OutOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """List statements with speaker, channel, outlet and date."""
    with open_store_readonly(db, settings_for(config)) as store:
        rows = store.statements(speaker=speaker, search=search, outlet=outlet,
                                date_from=date_from, date_to=date_to, limit=limit)
    emit(rows, fmt, out, rows.columns if fmt is OutputFormat.table else None, "Statements")


@app.command()
def events(
    type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. ACCUSE.",
                                             show_default=False)] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Actor (as actor or recipient).",
                                              show_default=False)] = None,
    outlet: OutletOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    limit: LimitOption = 50,
    fmt: FormatOption = OutputFormat.table,
    out: OutOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """List coded events: who did what to whom, when and where."""
    with open_store_readonly(db, settings_for(config)) as store:
        rows = store.events(type=type, actor=actor, outlet=outlet, date_from=date_from,
                            date_to=date_to, limit=limit)
    emit(rows, fmt, out, rows.columns if fmt is OutputFormat.table else None, "Events")


@app.command()
def actors(
    country: Annotated[str | None, typer.Option("--country", help="ISO-3 country, e.g. RUS.",
                                                show_default=False)] = None,
    sector: Annotated[str | None, typer.Option("--sector", help="PLOVER sector, e.g. GOV.",
                                               show_default=False)] = None,
    type: Annotated[str | None, typer.Option("--type", help="person, country, organization,"
                                             " group.", show_default=False)] = None,
    search: Annotated[str | None, typer.Option("--search", "-s", help="Part of a name or alias.",
                                               show_default=False)] = None,
    merge_report: Annotated[bool, typer.Option(
        "--merge-report", help="List the spellings joined to each person and why, instead.")
    ] = False,
    limit: LimitOption = 50,
    fmt: FormatOption = OutputFormat.table,
    out: OutOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """List canonical actors with mention, statement and event counts."""
    if merge_report:
        with open_store_readonly(db, settings_for(config)) as store:
            merges = store.merges(search=search, limit=limit)
        emit(merges, fmt, out,
             merges.columns
             if fmt is OutputFormat.table else None, "Merges")
        return
    with open_store_readonly(db, settings_for(config)) as store:
        rows = store.actors(country=country, sector=sector, type=type, search=search,
                            limit=limit)
    emit(rows, fmt, out, rows.columns if fmt is OutputFormat.table else None, "Actors")


@app.command()
def actor(
    name: Annotated[str, typer.Argument(help="Name, alias or numeric id of the actor.")],
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """One actor: aliases, roles over time, statements by and events involving them."""
    with open_store_readonly(db, settings_for(config)) as store:
        try:
            detail = store.actor(name)
        except NotFoundError as exc:
            typer.echo(f"Error: {exc.message}", err=True)
            raise typer.Exit(1) from None
    if fmt is not OutputFormat.table:
        emit([detail], fmt)
        return
    console = Console()
    console.rule(f"[bold]{detail['name']}")
    console.print(f"{detail['type']} · {detail['code'] or ''} · {detail['role'] or ''}")
    console.print("aliases: " + ", ".join(detail["aliases"]))
    emit(detail["roles"], OutputFormat.table, None, None, "Roles over time")
    emit(detail["statements"], OutputFormat.table, None,
         ["published", "outlet", "cue", "channel", "content"], "Statements")
    emit(detail["events"], OutputFormat.table, None,
         ["date", "type", "actor", "recipient", "trigger"], "Events")


@app.command()
def stories(
    search: Annotated[str | None, typer.Option("--search", "-s", help="Words in the title.",
                                               show_default=False)] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Stories involving this actor.",
                                              show_default=False)] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    limit: LimitOption = 50,
    fmt: FormatOption = OutputFormat.table,
    out: OutOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """List stories; --format jsonl writes the full story records of the contract."""
    with open_store_readonly(db, settings_for(config)) as store:
        rows = store.stories(search=search, actor=actor, date_from=date_from, date_to=date_to,
                             limit=limit)
        listed: list[dict[str, Any]] = rows
        if fmt is OutputFormat.jsonl:
            listed = [store.story_data(r["id"]) or {} for r in rows]
    emit(listed, fmt, out, rows.columns if fmt is OutputFormat.table else None, "Stories")


def comparison_groups(comparisons: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Comparisons grouped by kind and by what conflicts ("full" vs "partial", numbers…).

    A story retold by many outlets yields the same conflict between many pairs of
    sentences; a reader wants each conflict once, with how often it recurs.
    """
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for comparison in comparisons:
        what = comparison["explanation"].split(":", 1)[0]
        groups[(comparison["kind"], what)].append(comparison)
    return sorted(groups.values(), key=lambda g: (g[0]["kind"] != "contradiction", -len(g)))


def print_story_accounts(
    store: Store, story_id: str, console: Console, every_pair: bool = False
) -> bool:
    """A story's accounts side by side, then its conflicts and agreements with sentences."""
    data = store.story_data(story_id)
    if data is None:
        return False
    console.rule(f"[bold]{data['title']}")
    console.print(f"{data['start']} … {data['end']} · {len(data['articles'])} articles · "
                  f"actors: {', '.join(data['actors'][:10])}")
    by_speaker: dict[str, list[str]] = defaultdict(list)
    for claim in data["claims"]:
        if claim.get("statement") is None:
            continue
        speaker = claim.get("speaker") or "unnamed source"
        source = claim.get("outlet") or claim["article"]
        by_speaker[speaker].append(f"• {claim['text']}  [{source}]")
    copies = data.get("copies", {})
    if copies:
        from ..store.queries import articles_brief

        outlet_of = {a["id"]: a["outlet"] for a in articles_brief(
            store.conn, sorted(set(copies) | set(copies.values())))}
        for copy, original in sorted(copies.items()):
            console.print(f"{copy} ({outlet_of.get(copy) or 'outlet unknown'}) is a reprint of "
                          f"{original} ({outlet_of.get(original) or 'outlet unknown'}): "
                          "same wire text, not an independent account")
    panels = [
        Panel("\n".join(lines[:8]), title=speaker, width=60)
        for speaker, lines in sorted(by_speaker.items(), key=lambda kv: -len(kv[1]))[:4]
    ]
    if panels:
        console.print(Columns(panels))
    from ..compare import outlets_by_account, single_source_claims

    story = Story.from_dict(data)
    carried = outlets_by_account(story.claims, story.copies)
    if carried:
        table = Table(title="Whose account each outlet carries")
        table.add_column("account of")
        table.add_column("carried by")
        for who, outlets in sorted(carried.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            if not who.startswith("outlet:"):
                table.add_row(who, ", ".join(outlets) or "outlet unknown")
        console.print(table)
    single = [c for c in single_source_claims(story.claims, story.comparisons)
              if c.statement is not None]
    console.print(f"{len(single)} of {sum(c.statement is not None for c in story.claims)}"
                  " statements are backed by no other source.")
    for group in comparison_groups(data["comparisons"]):
        first = group[0]
        style = "bold red" if first["kind"] == "contradiction" else "bold green"
        more = f"  ({len(group)} pairs of sentences)" if len(group) > 1 else ""
        console.print(Text(f"{first['kind'].upper()} — {first['topic']}{more}", style=style))
        for comparison in group if every_pair else group[:1]:
            for side in ("a", "b"):
                speaker, outlet, sentence = store.claim_source(comparison[side])
                console.print(f"  {speaker} ({outlet}): {sentence}")
            console.print(f"  [dim]{comparison['explanation']}")
    if not every_pair and len(data["comparisons"]) > len(comparison_groups(data["comparisons"])):
        console.print(f"[dim]Every pair: rashomon story {story_id} --all, or rashomon compare "
                      f"{story_id}")
    return True


@app.command()
def story(
    story_id: Annotated[str, typer.Argument(help="The story's id (see 'rashomon stories').")],
    every_pair: Annotated[
        bool, typer.Option("--all", help="Show every pair of sentences, not one per conflict.")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """One story: the accounts side by side, conflicts and agreements with their sentences."""
    with open_store_readonly(db, settings_for(config)) as store:
        if fmt is not OutputFormat.table:
            data = store.story_data(story_id)
            if data is None:
                typer.echo(f"Error: E031: Not found: story {story_id!r}", err=True)
                raise typer.Exit(1)
            emit([data], fmt)
            return
        if not print_story_accounts(store, story_id, Console(), every_pair=every_pair):
            typer.echo(f"Error: E031: Not found: story {story_id!r}", err=True)
            raise typer.Exit(1)


@app.command()
def compare(
    story_id: Annotated[str, typer.Argument(help="The story's id.")],
    fmt: FormatOption = OutputFormat.table,
    out: OutOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """The story's comparisons: which claims agree and which contradict each other."""
    with open_store_readonly(db, settings_for(config)) as store:
        try:
            compared = store.compare(story_id)
        except NotFoundError as exc:
            typer.echo(f"Error: {exc.message}", err=True)
            raise typer.Exit(1) from None
    rows: list[dict[str, Any]] = []
    for c in compared:
        if fmt is OutputFormat.table or fmt is OutputFormat.csv:
            rows.append({"kind": c["kind"], "score": c["score"], "topic": c["topic"],
                         "a": f"{c['a_speaker']} ({c['a_outlet']}): {c['a_text']}",
                         "b": f"{c['b_speaker']} ({c['b_outlet']}): {c['b_text']}",
                         "explanation": c["explanation"]})
        else:  # the comparisons exactly as the story record has them
            rows.append({k: c[k] for k in ("kind", "topic", "a", "b", "explanation", "score")})
    emit(rows, fmt, out, None, f"Comparisons in {story_id}")
