"""``rashomon check``: which stored articles support, dispute or discuss a claim."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import RashomonError
from . import app
from .common import ConfigOption, DbOption, open_store_readonly, settings_for
from .output import OutputFormat, emit

EXCERPT_CHARS = 160


def _excerpt(text: str, evidence: list[dict[str, int]]) -> str:
    if not evidence:
        return ""
    span = text[evidence[0]["start"] : evidence[0]["end"]]
    return span if len(span) <= EXCERPT_CHARS else span[: EXCERPT_CHARS - 1] + "…"


@app.command()
def check(
    claim: Annotated[str | None, typer.Argument(help="The claim to check, in English.",
                                                show_default=False)] = None,
    claims: Annotated[Path | None, typer.Option(
        "--claims", help='A JSONL file of claims, one {"id", "claim"} object a line.',
        show_default=False)] = None,
    story: Annotated[str | None, typer.Option(
        "--story", help="Only the articles of this story (its id).", show_default=False)] = None,
    include_unrelated: Annotated[bool, typer.Option(
        "--all", help="Also list the articles that are unrelated to the claim.")] = False,
    fmt: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="table, jsonl or csv (parquet too).")] = OutputFormat.table,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write to this file instead of stdout.")] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """How each stored article stands towards a claim: supports, disputes or discusses.

    One row per (claim, article), with the score of the label, the outlet, the speaker when
    the evidence is a quoted statement (none for the outlet's own voice) and the evidence
    sentences' character offsets. The store is only read.
    """
    from ..stance.check import ClaimInput, check_claims, read_claims  # noqa: PLC0415

    if (claim is None) == (claims is None):
        typer.echo("Error: E040: Invalid request: give one CLAIM or --claims FILE", err=True)
        raise typer.Exit(2)
    with open_store_readonly(db, settings_for(config)) as store:
        try:
            inputs = read_claims(claims) if claims is not None else [ClaimInput("1", claim or "")]
            rows = [r.to_dict() for r in check_claims(
                store, inputs, story=story, include_unrelated=include_unrelated)]
        except RashomonError as exc:
            typer.echo(f"Error: {exc.message}", err=True)
            raise typer.Exit(2) from exc
        if fmt is OutputFormat.table and out is None:
            texts = {
                r["article"]: store.conn.execute(
                    "SELECT text FROM articles WHERE id = ?", (r["article"],)
                ).fetchone()[0]
                for r in rows
            }
            table = [
                {"claim": r["claim_id"], "stance": r["stance"], "score": f"{r['score']:.2f}",
                 "outlet": r["outlet"], "speaker": r["speaker"], "article": r["article"],
                 "evidence": _excerpt(texts[r["article"]], r["evidence"])}
                for r in rows
            ]
            emit(table, fmt, None, None, "Check")
            return
    emit(rows, fmt, out, None, "Check")
