"""The event lexicon: triggers for the 16 PLOVER 2.0 types, the CAMEO table, context keywords.

Everything the coder knows about words lives in data files under ``events/data/``:

* ``events_lexicon.tsv`` — one trigger a line: type, mode, CAMEO code, V/N, lemma, particle,
  object lemmas, flags (``docs/events.md`` documents the columns);
* ``events_cameo.tsv`` — CAMEO code → quad class, Goldstein value, label;
* ``events_context.tsv`` — context tag → keyword lemmas;
* ``events_grammar.yaml`` — light verbs, modal auxiliaries and governors, negators.

A user file (setting ``event_lexicon``) extends or overrides the built-in lexicon: a ``.tsv`` in
the lexicon's own format, or a ``.yaml`` with ``entries``, ``context`` and grammar lists.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import Errors, RashomonError
from ..records import PLOVER_TYPES

DATA_PACKAGE = "rashomon.events.data"
LEXICON_FILE = "events_lexicon.tsv"
CAMEO_FILE = "events_cameo.tsv"
CONTEXT_FILE = "events_context.tsv"
GRAMMAR_FILE = "events_grammar.yaml"
DROP = "DROP"
LEXICON_COLUMNS: tuple[str, ...] = (
    "type",
    "mode",
    "cameo",
    "pos",
    "lemma",
    "particle",
    "objects",
    "flags",
)
FLAGS: frozenset[str] = frozenset({"partner", "frame"})


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon entry: a word (with an optional particle and object) and what it codes."""

    type: str
    mode: str | None
    cameo: str
    pos: str
    lemma: str
    particle: str | None = None
    objects: frozenset[str] = frozenset()
    partner: bool = False
    frame: bool = False

    @property
    def key(self) -> tuple[str, str, str | None, frozenset[str]]:
        """What identifies an entry: a user entry with the same key replaces the built-in one."""
        return (self.pos, self.lemma, self.particle, self.objects)

    @property
    def specificity(self) -> int:
        """Entries with an object constraint beat those with a particle, which beat bare ones."""
        return 2 * bool(self.objects) + bool(self.particle)


@dataclass(slots=True)
class Grammar:
    """Closed-class words the coder reads beside the lexicon."""

    light_verbs: frozenset[str] = frozenset()
    auxiliaries: dict[str, str] = field(default_factory=dict)
    governors: dict[str, str] = field(default_factory=dict)
    aspectuals: frozenset[str] = frozenset()
    agents: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    commitment: frozenset[str] = frozenset()
    posture: frozenset[str] = frozenset()
    threat_modes: dict[str, str] = field(default_factory=dict)
    cooperative: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    conditions: frozenset[str] = frozenset()
    negators: frozenset[str] = frozenset()
    statives: frozenset[str] = frozenset()
    non_events: frozenset[str] = frozenset()
    authority_actions: frozenset[str] = frozenset()
    travel_verbs: frozenset[str] = frozenset()
    force_moves: frozenset[str] = frozenset()
    copulas: frozenset[str] = frozenset()
    refusals: frozenset[str] = frozenset()
    onsets: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(slots=True)
class Lexicon:
    """Triggers indexed by lemma (most specific first), context keywords and grammar words."""

    verbs: dict[str, list[Trigger]]
    nouns: dict[str, list[Trigger]]
    context: dict[str, tuple[str, ...]]
    grammar: Grammar

    def __len__(self) -> int:
        return sum(len(v) for v in self.verbs.values()) + sum(len(v) for v in self.nouns.values())

    def entries(self) -> Iterator[Trigger]:
        """Every trigger, verbs first."""
        for index in (self.verbs, self.nouns):
            for triggers in index.values():
                yield from triggers


def _data_text(name: str) -> str:
    return resources.files(DATA_PACKAGE).joinpath(name).read_text("utf8")


def _rows(text: str) -> Iterator[list[str]]:
    """Non-comment, non-empty TSV rows."""
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    yield from csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _empty(value: Any) -> bool:
    return value is None or str(value).strip() in ("", "-")


def _split(value: Any) -> list[str]:
    if _empty(value):
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip().lower() for v in value if str(v).strip()]
    return [part.strip().lower() for part in str(value).replace(",", "|").split("|") if part]


def make_trigger(raw: dict[str, Any], source: str) -> Trigger:
    """Validate one lexicon entry given as a mapping of the lexicon's columns.

    Raises:
        RashomonError: E023 when the type, part of speech, lemma or a flag is invalid.
    """
    type_ = str(raw.get("type", "")).strip().upper()
    if type_ not in PLOVER_TYPES and type_ != DROP:
        raise RashomonError(Errors.E023, path=source, detail=f"unknown event type {type_!r}")
    pos = str(raw.get("pos", "V")).strip().upper()
    if pos not in ("V", "N"):
        raise RashomonError(Errors.E023, path=source, detail=f"pos must be V or N, not {pos!r}")
    lemma = str(raw.get("lemma", "")).strip().lower()
    if not lemma:
        raise RashomonError(Errors.E023, path=source, detail="an entry has no lemma")
    flags = set(_split(raw.get("flags")))
    if flags - FLAGS:
        raise RashomonError(
            Errors.E023, path=source, detail=f"unknown flags {sorted(flags - FLAGS)}"
        )
    cameo = "" if _empty(raw.get("cameo")) else str(raw["cameo"]).strip()
    return Trigger(
        type=type_,
        mode=None if _empty(raw.get("mode")) else str(raw["mode"]).strip(),
        cameo=cameo,
        pos=pos,
        lemma=lemma,
        particle=None if _empty(raw.get("particle")) else str(raw["particle"]).strip().lower(),
        objects=frozenset(_split(raw.get("objects"))),
        partner="partner" in flags,
        frame="frame" in flags,
    )


def parse_lexicon_tsv(text: str, source: str) -> list[Trigger]:
    """Triggers from the lexicon's TSV format (comment lines start with ``#``)."""
    triggers = []
    for number, row in enumerate(_rows(text), start=1):
        if len(row) < 5:
            raise RashomonError(
                Errors.E023, path=source, detail=f"row {number} has {len(row)} columns, needs 5+"
            )
        triggers.append(make_trigger(dict(zip(LEXICON_COLUMNS, row, strict=False)), source))
    return triggers


def parse_context_tsv(text: str) -> dict[str, list[str]]:
    """Context tag → keyword lemmas from the context TSV format."""
    return {row[0].strip(): _split(row[1]) for row in _rows(text) if len(row) >= 2}


def _grammar(data: dict[str, Any]) -> Grammar:
    return Grammar(
        light_verbs=frozenset(_split(data.get("light_verbs"))),
        auxiliaries={str(k).lower(): str(v) for k, v in data.get("auxiliaries", {}).items()},
        governors={str(k).lower(): str(v) for k, v in data.get("governors", {}).items()},
        aspectuals=frozenset(_split(data.get("aspectuals"))),
        agents=frozenset(_split(data.get("agents"))),
        titles=frozenset(_split(data.get("titles"))),
        commitment=frozenset(_split(data.get("commitment"))),
        posture=frozenset(_split(data.get("posture"))),
        threat_modes={str(k).upper(): str(v) for k, v in data.get("threat_modes", {}).items()},
        cooperative=frozenset(t.upper() for t in _split(data.get("cooperative"))),
        speech_verbs=frozenset(_split(data.get("speech_verbs"))),
        conditions=frozenset(_split(data.get("conditions"))),
        negators=frozenset(_split(data.get("negators"))),
        statives=frozenset(_split(data.get("statives"))),
        non_events=frozenset(_split(data.get("non_events"))),
        authority_actions=frozenset(_split(data.get("authority_actions"))),
        travel_verbs=frozenset(_split(data.get("travel_verbs"))),
        force_moves=frozenset(_split(data.get("force_moves"))),
        copulas=frozenset(_split(data.get("copulas"))),
        refusals=frozenset(_split(data.get("refusals"))),
        onsets=_onsets(data.get("onsets")),
    )


def _onsets(value: Any) -> dict[str, frozenset[str]]:
    """Verbs of onset as lemma → the word (particle or object) one of which must go with it:
    "break out" → {"out"}, "take place" → {"place"}, "resume" → {} (none needed)."""
    found: dict[str, set[str]] = {}
    for phrase in _split(value):
        lemma, _, word = phrase.partition(" ")
        found.setdefault(lemma, set())
        if word:
            found[lemma].add(word)
    return {lemma: frozenset(words) for lemma, words in found.items()}


def _merge_grammar(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """User grammar lists extend the built-in ones; user mappings override key by key."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        elif isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = list(merged[key]) + list(value)
        else:
            merged[key] = value
    return merged


def _read_user_file(path: Path) -> tuple[list[Trigger], dict[str, list[str]], dict[str, Any]]:
    """A user lexicon: TSV (entries only) or YAML (entries, context, grammar)."""
    source = str(path)
    try:
        text = path.read_text("utf8")
    except OSError as exc:
        raise RashomonError(Errors.E023, path=source, detail=str(exc)) from exc
    if path.suffix.lower() in (".tsv", ".txt"):
        return parse_lexicon_tsv(text, source), {}, {}
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise RashomonError(Errors.E023, path=source, detail=str(exc)) from exc
    if not isinstance(data, dict):
        raise RashomonError(Errors.E023, path=source, detail="expected a mapping at the top")
    entries = data.pop("entries", []) or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RashomonError(Errors.E023, path=source, detail="'entries' must be a list of maps")
    context = data.pop("context", {}) or {}
    if not isinstance(context, dict):
        raise RashomonError(Errors.E023, path=source, detail="'context' must be a mapping")
    triggers = [make_trigger(entry, source) for entry in entries]
    return triggers, {str(k): _split(v) for k, v in context.items()}, data


def _index(
    triggers: Iterable[Trigger],
) -> tuple[dict[str, list[Trigger]], dict[str, list[Trigger]]]:
    by_key: dict[tuple[str, str, str | None, frozenset[str]], list[Trigger]] = {}
    for trigger in triggers:
        if trigger.type == DROP:
            by_key.pop(trigger.key, None)
            continue
        by_key.setdefault(trigger.key, []).append(trigger)
    verbs: dict[str, list[Trigger]] = {}
    nouns: dict[str, list[Trigger]] = {}
    for group in by_key.values():
        for trigger in group:
            (verbs if trigger.pos == "V" else nouns).setdefault(trigger.lemma, []).append(trigger)
    for index in (verbs, nouns):
        for lemma, entries in index.items():
            # Stable sort: among equally specific entries the file order decides.
            index[lemma] = sorted(entries, key=lambda t: -t.specificity)
    return verbs, nouns


def _replace_user_keys(builtin: list[Trigger], user: list[Trigger]) -> list[Trigger]:
    """A user entry replaces every built-in entry with the same key; DROP rows stay as markers."""
    user_keys = {t.key for t in user}
    return [t for t in builtin if t.key not in user_keys] + user


def load_lexicon(user_file: str | Path | None = None) -> Lexicon:
    """The built-in lexicon, extended or overridden by ``user_file`` when given.

    Args:
        user_file: a ``.tsv`` in the lexicon's format or a ``.yaml`` with ``entries`` (a list of
            maps with the lexicon's columns), ``context`` (tag → lemmas) and grammar lists.

    Raises:
        RashomonError: E023 when a file cannot be read or an entry is invalid.
    """
    triggers = parse_lexicon_tsv(_data_text(LEXICON_FILE), LEXICON_FILE)
    context = parse_context_tsv(_data_text(CONTEXT_FILE))
    grammar_data: dict[str, Any] = yaml.safe_load(_data_text(GRAMMAR_FILE)) or {}
    if user_file:
        user_triggers, user_context, user_grammar = _read_user_file(Path(user_file))
        triggers = _replace_user_keys(triggers, user_triggers)
        for tag, lemmas in user_context.items():
            context[tag] = context.get(tag, []) + lemmas
        grammar_data = _merge_grammar(grammar_data, user_grammar)
    verbs, nouns = _index(triggers)
    by_lemma: dict[str, list[str]] = {}
    for tag, lemmas in context.items():
        for lemma in lemmas:
            if tag not in by_lemma.setdefault(lemma, []):
                by_lemma[lemma].append(tag)
    return Lexicon(
        verbs=verbs,
        nouns=nouns,
        context={lemma: tuple(tags) for lemma, tags in by_lemma.items()},
        grammar=_grammar(grammar_data),
    )


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, tuple[int, float, str]]:
    """CAMEO code → (quad class, Goldstein value, label), from ``events_cameo.tsv``."""
    table: dict[str, tuple[int, float, str]] = {}
    for row in _rows(_data_text(CAMEO_FILE)):
        if row[0] == "code":
            continue
        table[row[0]] = (int(row[1]), float(row[2]), row[3] if len(row) > 3 else "")
    return table


def quad_class(code: str) -> int | None:
    """GDELT's QuadClass from the CAMEO root: 1 verbal/2 material cooperation, 3/4 conflict."""
    if len(code) < 2 or not code[:2].isdigit():
        return None
    root = int(code[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    return None


def cameo_info(code: str | None) -> tuple[int | None, float | None]:
    """Quad class and Goldstein value of a CAMEO code, falling back to its parent codes.

    >>> cameo_info("163")
    (4, -8.0)
    """
    if not code:
        return None, None
    table = cameo_table()
    for length in range(len(code), 1, -1):
        found = table.get(code[:length])
        if found is not None:
            return found[0], found[1]
    return quad_class(code), None


def cameo_root(code: str | None) -> str | None:
    """The two-digit CAMEO root code (GDELT's EventRootCode)."""
    return code[:2] if code and len(code) >= 2 else None
