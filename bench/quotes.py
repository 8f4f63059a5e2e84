"""Quote extraction figures on PolNeAR (dev), speaker errors on FNC-1, and the cost of
statement extraction.

Runs the full pipeline over the texts of ``../shared/data/polnear-dev.jsonl`` (one
``Article`` per record, with its id and text), scores the analysed-article records with
``../shared/tools/score_quotes.py`` (imported from the shared path at run time) on the whole
set, in fold (folds 0-2, whose errors were studied while designing the rules) and out of
fold (folds 3-4, held out), and on five folds by article, beside a nearest-name baseline
scored in the same run;
then counts the speaker errors of a hand-checked sample of FNC-1 bodies
(``tests/data/fnc1_speakers.tsv``) by pattern, counts the same patterns on the face of every
statement of all FNC-1 bodies (``speaker_patterns``), and times the ``rashomon_statements``
component against the bare spaCy parse of the same texts. (The latest round read the misses
of folds 3-4 too, by pattern: see docs/statements.md.)

Usage: ``python bench/quotes.py [--out predictions.jsonl]``
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
import tempfile
import unicodedata
from pathlib import Path
from types import ModuleType
from typing import Any

from rashomon.evaluation import statements_training as quotes_train
from rashomon.evaluation.statements import joined_quotations, one_per_content
from rashomon.evaluation.statements_training import DESIGN_FOLDS, FOLDS, fold_of

__all__ = ["DESIGN_FOLDS", "FOLDS", "fold_of", "joined_quotations", "one_per_content"]

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "data" / "polnear-dev.jsonl"
SCORER = SHARED / "tools" / "score_quotes.py"
FNC_BODIES = SHARED / "data" / "fnc1" / "bodies.jsonl"
SPEAKER_SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "fnc1_speakers.tsv"
RANDOM_SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "fnc1_speakers_random.tsv"
# A second random sample whose misses are never read (see docs/statements.md).
HELD_OUT_SAMPLE = RANDOM_SAMPLE.with_name("fnc1_speakers_heldout.tsv")
# A third, drawn from the bodies in no other sample and labelled after the rules that the
# first two were read and scored for (see docs/statements.md).
FRESH_SAMPLE = RANDOM_SAMPLE.with_name("fnc1_speakers_fresh.tsv")
FIFTH_SAMPLE = RANDOM_SAMPLE.with_name("fnc1_speakers_fifth.tsv")


def load_scorer(path: Path = SCORER) -> ModuleType:
    """Import the shared scorer from its path."""
    return quotes_train.load_scorer(path)


def read_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    """The gold records (id, text, quotes)."""
    with path.open(encoding="utf8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def predict(
    gold: list[dict[str, Any]], text_key: str = "text", learned: bool = False
) -> list[dict[str, Any]]:
    """Analysed-article records (as dicts) for the gold texts, through the real pipeline;
    with ``learned``, with the learned filter of stances shown by actions switched on."""
    from rashomon.config import load_settings
    from rashomon.nlp.pipeline import analyze_batch, cached_pipeline
    from rashomon.records import AnalyzedArticle, Article
    from rashomon.statements.learned import packaged_filter

    nlp = cached_pipeline(load_settings().model)
    extractor = nlp.get_pipe("rashomon_statements")
    saved = extractor.learned
    extractor.learned = packaged_filter() if learned else saved
    articles = [Article(id=str(record["id"]), text=record[text_key]) for record in gold]
    out = []
    try:
        results = analyze_batch(nlp, articles)
    finally:
        extractor.learned = saved
    for result in results:
        if isinstance(result, AnalyzedArticle):
            out.append(result.to_dict())
        else:
            print(f"failed: {result}", file=sys.stderr)
    return out


def nearest_name_baseline(record: dict[str, Any]) -> dict[str, Any]:
    """A simple baseline from the same record: its direct quotations only, each given the
    nearest person mention before it in the same paragraph (else none)."""
    text = record["text"]
    persons = {a["id"] for a in record.get("actors", []) if a["type"] == "person"}
    mentions = [m for m in record.get("mentions", []) if m["actor"] in persons]
    out = []
    for statement in record.get("statements", []):
        if not statement["direct"]:
            continue
        paragraph = text.rfind("\n", 0, statement["start"]) + 1
        before = [m for m in mentions if paragraph <= m["start"] < statement["start"]]
        near = max(before, key=lambda m: m["start"]) if before else None
        out.append({
            **statement,
            "speaker": near["actor"] if near else None,
            "speaker_text": near["text"] if near else None,
            "speaker_start": near["start"] if near else None,
            "speaker_end": near["end"] if near else None,
        })
    return {**record, "statements": out}


def score(
    predictions: list[dict[str, Any]],
    gold_path: Path = GOLD,
    ids: set[str] | None = None,
    joined: bool = True,
) -> dict[str, Any]:
    """The scorer's figures: ``quote_lenient_PRF``, ``speaker_PRF`` (P, R, F1 tuples) and more.

    With ``ids``, only those articles are scored (one fold). With ``joined`` (the default),
    the passages of one quotation are scored as one quote (``joined_quotations``); without
    it, every passage is a quote of its own.
    """
    scorer = load_scorer()
    with tempfile.TemporaryDirectory() as folder:
        gold_file = Path(folder) / "gold.jsonl"
        pred_file = Path(folder) / "pred.jsonl"
        with gold_path.open(encoding="utf8") as source, gold_file.open("w") as target:
            for line in source:
                if line.strip() and (ids is None or json.loads(line)["id"] in ids):
                    target.write(line)
        with pred_file.open("w", encoding="utf8") as handle:
            for record in predictions:
                if ids is None or record["id"] in ids:
                    scored = joined_quotations(record) if joined else one_per_content(record)
                    handle.write(json.dumps(scored) + "\n")
        with contextlib.redirect_stdout(io.StringIO()):
            result = scorer.score(str(gold_file), str(pred_file))
    return dict(result)


def fold_split(gold: list[dict[str, Any]]) -> dict[str, set[str] | None]:
    """Article ids of the design folds (in fold), of the held-out folds and of all."""
    design = {g["id"] for g in gold if fold_of(g["id"]) in DESIGN_FOLDS}
    held_out = {g["id"] for g in gold} - design
    return {"in fold (0-2)": design, "out of fold (3-4)": held_out, "all": None}


def _f1s(figures: dict[str, Any]) -> str:
    return f"{figures['quote_lenient_PRF'][2]:>8.3f}  {figures['speaker_PRF'][2]:>10.3f}"


def print_folds(
    gold: list[dict[str, Any]],
    predictions: list[dict[str, Any]],
    learned: list[dict[str, Any]] | None = None,
) -> None:
    """Quote and speaker F1 in fold, out of fold and per fold, beside the baseline.

    The rules were designed looking at the errors of folds 0-2 only; folds 3-4 are held out.
    Each line gives the figures with the passages of a quotation scored as one quote (as
    PolNeAR annotates them), with every passage as its own quote, and the baseline; with
    ``learned`` (the predictions with the opt-in learned filter, fitted on folds 0-2 only),
    those figures too.
    """
    baseline = [nearest_name_baseline(record) for record in predictions]
    print("  split                articles  quote F1  speaker F1 | per passage: quote F1"
          "  speaker F1 | baseline: quote F1  speaker F1"
          + (" | learned filter on: quote F1  speaker F1" if learned is not None else ""))
    for name, ids in fold_split(gold).items():
        count = len(ids) if ids is not None else len(gold)
        extra = f" | {'':>19}{_f1s(score(learned, ids=ids))}" if learned is not None else ""
        print(f"  {name:<19}  {count:>8}  {_f1s(score(predictions, ids=ids))}"
              f" | {'':>12}{_f1s(score(predictions, ids=ids, joined=False))}"
              f" | {'':>9}{_f1s(score(baseline, ids=ids))}{extra}")
    print(f"  {FOLDS} folds by article:")
    print("    fold  articles  quote F1  speaker F1 | baseline quote F1  speaker F1")
    for fold in range(FOLDS):
        ids = {g["id"] for g in gold if fold_of(g["id"]) == fold}
        ours, base = score(predictions, ids=ids), score(baseline, ids=ids)
        print(f"    {fold:>4}  {len(ids):>8}  {_f1s(ours)} | {'':>9}{_f1s(base)}")
    print("  baseline: direct quotes only, each given the nearest person before it")


def read_sample(path: Path = SPEAKER_SAMPLE) -> list[dict[str, str]]:
    """The hand-checked FNC-1 speakers: body id, a character inside the statement, the
    pattern and the expected speaker(s) (``|`` between coordinated ones)."""
    rows = []
    with path.open(encoding="utf8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                body, offset, pattern, expected = line.rstrip("\n").split("\t")
                rows.append({"body": body, "offset": offset, "pattern": pattern,
                             "expected": expected})
    return rows


def _last_word(name: str | None) -> str | None:
    words = re.findall(r"[A-Za-z][A-Za-z\-]*", (name or "").replace("'s", ""))
    return words[-1].lower() if words else None


def speaker_errors(
    sample: list[dict[str, str]], records: dict[str, dict[str, Any]]
) -> dict[str, tuple[int, int]]:
    """Per pattern: (errors, checked). A sampled statement is right when the resolved actors
    of the statements over its offset are exactly the expected speakers (last words compared,
    as the PolNeAR scorer does; a speaker phrase left unresolved adds nobody) and, for a body,
    none of them is the bare country."""
    out: dict[str, tuple[int, int]] = {}
    for row in sample:
        record = records.get(row["body"], {})
        at = int(row["offset"])
        actors = {a["id"]: a for a in record.get("actors", [])}
        over = [s for s in record.get("statements", []) if s["start"] <= at < s["end"]]
        # The innermost statement (and its coordinated twins), not one that quotes it.
        size = min((s["end"] - s["start"] for s in over), default=0)
        over = [s for s in over if s["end"] - s["start"] == size]
        resolved = [actors.get(s["speaker"]) for s in over if s["speaker"] in actors]
        got = {_last_word(a["name"]) for a in resolved if a is not None}
        wanted = {_last_word(name) for name in row["expected"].split("|")}
        wrong = got != wanted or (
            row["pattern"] == "body" and any(a and a["type"] == "country" for a in resolved)
        )
        errors, checked = out.get(row["pattern"], (0, 0))
        out[row["pattern"]] = (errors + wrong, checked + 1)
    return out


def read_random_sample(path: Path = RANDOM_SAMPLE) -> list[dict[str, Any]]:
    """The random FNC-1 sample: body id, the span's start and end, and the acceptable
    speakers (``0``: no resolved speaker; ``-``: the span is no statement)."""
    rows = []
    with path.open(encoding="utf8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                body, start, end, expected = line.rstrip("\n").split("\t")
                rows.append({"body": body, "start": int(start), "end": int(end),
                             "accepted": expected.split("/")})
    return rows


def _head_word(name: str) -> str | None:
    """The word a speaker's name is compared by: the last word, but the first of a role
    actor named "Official of Iraq" (its head comes before "of"). Arabic articles are
    dropped ("al-Hababi" = "Hababi")."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9][a-z0-9\-]*", folded.replace("'s", ""))
    if "of" in words[1:]:
        words = words[: words.index("of")]
    return re.sub(r"^(?:al|el)-", "", words[-1]) if words else None


def _accepts(accepted: list[str], resolved: set[str]) -> bool:
    if not resolved:
        return "0" in accepted
    heads = {_head_word(name) for name in resolved}
    return len(heads) == 1 and any(
        alt != "0" and _head_word(alt) in heads for alt in accepted
    )


def random_sample_errors(
    sample: list[dict[str, Any]], records: dict[str, dict[str, Any]]
) -> dict[str, int]:
    """Counts over the random sample: ``statements`` (labelled statements the stage found),
    ``right``, ``wrong`` (a speaker not accepted), ``missing`` (no speaker where one is
    named), ``named`` and ``named_right`` (the statements whose speaker the article names),
    ``not_found`` (labelled statements the stage missed) and ``not_statement``.

    A span's statement is the one overlapping it most (the innermost of equals, with its
    coordinated twins); its speakers are the actors its speaker phrases resolve to."""
    out = dict.fromkeys(("statements", "right", "wrong", "missing", "named", "named_right",
                         "not_found", "not_statement"), 0)
    for row in sample:
        if row["accepted"] == ["-"]:
            out["not_statement"] += 1
            continue
        record = records.get(row["body"], {})
        start, end = row["start"], row["end"]
        over = [s for s in record.get("statements", []) if s["start"] < end and start < s["end"]]
        if not over:
            out["not_found"] += 1
            continue
        shares = [min(s["end"], end) - max(s["start"], start) for s in over]
        over = [s for s, share in zip(over, shares, strict=True) if share == max(shares)]
        size = min(s["end"] - s["start"] for s in over)
        actors = {a["id"]: a["name"] for a in record.get("actors", [])}
        resolved = {actors[s["speaker"]] for s in over
                    if s["end"] - s["start"] == size and s["speaker"] in actors}
        right = _accepts(row["accepted"], resolved)
        named = "0" not in row["accepted"]
        out["statements"] += 1
        out["right"] += right
        out["wrong"] += (not right) and bool(resolved)
        out["missing"] += (not right) and not resolved
        out["named"] += named
        out["named_right"] += named and right
    return out


# Words of a speaker phrase that names a body, not a country: "the Foreign Ministry", "the
# state-run news agency", "local officials in Mosul", "a statement from his office" (a
# country's own "officials", "government" or "authorities" are the country by design).
_BODY_WORDS = frozenset({
    "agency", "ministry", "office", "spokesman", "spokeswoman", "spokesperson",
    "newspaper", "paper", "statement", "department", "police", "army", "military", "council",
    "committee", "party", "embassy", "media", "outlet", "channel", "station",
    "broadcaster", "hospital", "court", "parliament", "group",
})
_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them"})
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Za-z]+)? [A-Z][a-z]+(?:[-'][A-Za-z]+)?$")


def speaker_patterns(record: dict[str, Any]) -> dict[str, int]:
    """Counts, in one analysed article, of the statements that show a speaker-error pattern
    on their face (no hand label needed):

    * ``name``: the speaker phrase ends in a capitalised two-word name that the resolved
      actor's name does not hold ("U.S. Ambassador to the UN Jane Roe" taken for an office);
    * ``continuation``: a quoted passage with no speaker phrase at all;
    * ``role_pronoun``: a pronoun speaker that resolved to nobody;
    * ``coordinated``: a speaker phrase that still holds two speakers joined by "and";
    * ``body``: a phrase with a body's word (ministry, agency, office, …) resolved to a bare
      country;
    * ``statements``: all statements, the denominator.
    """
    actors = {a["id"]: a for a in record.get("actors", [])}
    out = dict.fromkeys(("name", "continuation", "role_pronoun", "coordinated", "body"), 0)
    statements = record.get("statements", [])
    for statement in statements:
        phrase = (statement.get("speaker_text") or "").strip()
        actor = actors.get(statement.get("speaker") or "")
        words = phrase.lower().replace("’s", "").replace("'s", "").split()
        if statement["direct"] and not phrase:
            out["continuation"] += 1
        if phrase.lower() in _PRONOUNS and actor is None:
            out["role_pronoun"] += 1
        last = phrase.split()[-1] if phrase else ""
        if _CAPITALISED.search(phrase) and len(words) > 2 and (
            actor is None
            or (actor["type"] not in ("person", "country")  # a country: see ``body``
                and last.lower() not in actor["name"].lower())
        ):
            out["name"] += 1
        if " and " in phrase and len(phrase.split(" and ")[1].split()) <= 4:
            out["coordinated"] += 1
        if actor is not None and actor["type"] == "country" and _BODY_WORDS & set(words):
            out["body"] += 1
    return {**out, "statements": len(statements)}


def print_speaker_errors() -> None:
    """The speaker-error table of the hand-checked FNC-1 sample, and the same patterns
    counted on the face of every statement of all FNC-1 bodies."""
    if not FNC_BODIES.exists() or not SPEAKER_SAMPLE.exists():
        print(f"skipped: {FNC_BODIES} or {SPEAKER_SAMPLE} is absent")
        return
    sample = read_sample()
    wanted = {row["body"] for row in sample}
    with FNC_BODIES.open(encoding="utf8") as handle:
        bodies = list(map(json.loads, handle))
    records = {r["id"]: r for r in predict([{"id": str(b["body_id"]), "text": b["text"]}
                                              for b in bodies])}
    table = speaker_errors(sample, records)
    print(f"FNC-1 speakers, hand-checked sample ({len(sample)} statements, "
          f"{len(wanted)} bodies):")
    print("  pattern        errors / checked")
    for pattern in sorted(table):
        errors, checked = table[pattern]
        print(f"  {pattern:<14} {errors:>6} / {checked}")
    for title, path in (("random sample (rules developed on it)", RANDOM_SAMPLE),
                        ("held-out random sample", HELD_OUT_SAMPLE),
                        ("fresh sample, drawn and labelled after this round's rules",
                         FRESH_SAMPLE),
                        ("fifth sample (later rules developed on it)", FIFTH_SAMPLE)):
        if not path.exists():
            continue
        counts = random_sample_errors(read_random_sample(path), records)
        found = counts["statements"]
        print(f"FNC-1 speakers, {title}: {found} labelled statements found, "
              f"{counts['not_found']} missed, {counts['not_statement']} spans no statement")
        print(f"  wrong or missing speaker  {(counts['wrong'] + counts['missing']) / found:.3f} "
              f"({counts['wrong']} wrong, {counts['missing']} missing)")
        print(f"  ... where the article names the speaker  "
              f"{1 - counts['named_right'] / counts['named']:.3f} of {counts['named']}")
        # Baseline, same records: each direct quote given the nearest person before it in its
        # paragraph (reported statements are not found by it, so fewer are scored).
        base = random_sample_errors(
            read_random_sample(path), {k: nearest_name_baseline(r) for k, r in records.items()}
        )
        if base["statements"]:
            print(f"  baseline (nearest person before each direct quote): "
                  f"{(base['wrong'] + base['missing']) / base['statements']:.3f} "
                  f"of the {base['statements']} statements it finds")
    totals: dict[str, int] = {}
    for record in records.values():
        for pattern, count in speaker_patterns(record).items():
            totals[pattern] = totals.get(pattern, 0) + count
    print(f"FNC-1 speakers, patterns on the face of all {len(records)} bodies "
          f"({totals.get('statements', 0)} statements; suspects, not checked):")
    for pattern in ("name", "continuation", "role_pronoun", "coordinated", "body"):
        print(f"  {pattern:<14} {totals.get(pattern, 0):>6}")


def main() -> None:
    """Print the quote figures and the timing of statement extraction."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, help="also write the predictions here (JSONL)")
    args = parser.parse_args()
    if not GOLD.exists() or not SCORER.exists():
        print(f"skipped: {GOLD} or {SCORER} is absent")
        return
    gold = read_gold()
    predictions = predict(gold)
    if args.out:
        with args.out.open("w", encoding="utf8") as handle:
            for record in predictions:
                handle.write(json.dumps(record) + "\n")
    figures = score(predictions)
    print(f"PolNeAR dev: {len(gold)} articles, {sum(len(g['quotes']) for g in gold)} gold quotes")
    statements = sum(len(record.get("statements", [])) for record in predictions)
    print(f"  predicted statements     {statements} ({figures['pred_quotes']} quotations, "
          "the passages of one quotation joined)")
    for key in ("quote_lenient_PRF", "quote_strict_PRF", "speaker_PRF"):
        p, r, f1 = figures[key]
        print(f"  {key:<24} P={p:.3f} R={r:.3f} F1={f1:.3f}")
    print(f"  direct_recall            {figures['direct_recall']:.3f}")
    print_folds(gold, predictions, predict(gold, learned=True))
    print_speaker_errors()
    from common import component_seconds, parse_seconds

    from rashomon.config import load_settings
    from rashomon.nlp.pipeline import settings_pipeline

    seconds = component_seconds(settings_pipeline(load_settings()), [g["text"] for g in gold])
    parse, component = parse_seconds(seconds), seconds["rashomon_statements"]
    print(f"spaCy parse: {parse:.3f}s; rashomon_statements: {component:.3f}s "
          f"(+{100 * component / parse:.1f}% of the parse)")


if __name__ == "__main__":
    main()
