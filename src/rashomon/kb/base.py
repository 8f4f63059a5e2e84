"""The actor knowledge base: built-in tables under ``kb/data`` plus user dictionaries.

Lookups are by canonical key (see :mod:`rashomon.kb.keys`), so spelling variants, diacritics
and hyphenation never split an actor. User entries come first for every name they list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date as _date
from functools import lru_cache
from importlib import resources
from typing import Any

import pycountry
import yaml

from .keys import canonical_key, name_parts
from .model import KBEntry, Title

# Nouns by which a country's word names its government itself ("the Sudanese government",
# "Iraqi officials"): the actor and statement stages both read them.
GOVERNMENT_NOUNS = frozenset(
    {
        "government",
        "governments",
        "administration",
        "authorities",
        "regime",
        "officials",
        "official",
        "leadership",
        "state",
        "diplomats",
        "negotiators",
        "cabinet",
        "leaders",
    }
)

_DATA = "data"
_IGO_KINDS = frozenset({"igo", "ngo"})


def _data_text(name: str) -> str:
    return resources.files("rashomon.kb").joinpath(f"{_DATA}/{name}").read_text("utf8")


def _rows(name: str) -> Iterator[list[str]]:
    for line in _data_text(name).splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.rstrip("\n").split("\t")


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(",") if part.strip()]


def _pycountry_names(iso3: str) -> list[str]:
    found = pycountry.countries.get(alpha_3=iso3)
    if found is None:
        return []
    names = [getattr(found, attr, None) for attr in ("name", "common_name", "official_name")]
    return [n for n in names if n]


def builtin_country_entries() -> list[KBEntry]:
    """Countries (with pycountry's names), their adjectives, capitals and seats of power."""
    entries: list[KBEntry] = []
    display: dict[str, str] = {}
    for row in _rows("countries.tsv"):
        row += [""] * (5 - len(row))
        iso3, name, adjectives, capitals, aliases = (cell.strip() for cell in row[:5])
        display[iso3] = name
        names = [*_split(aliases), *_pycountry_names(iso3)]
        entries.append(
            KBEntry(
                name, "country", iso3, "GOV", aliases=tuple(dict.fromkeys(names)), kind="country"
            )
        )
        if adjectives:
            entries.append(
                KBEntry(
                    name, "country", iso3, "GOV", aliases=tuple(_split(adjectives)), kind="demonym"
                )
            )
        if capitals:
            entries.append(
                KBEntry(
                    name, "country", iso3, "GOV", aliases=tuple(_split(capitals)), kind="capital"
                )
            )
    for country in pycountry.countries:
        if country.alpha_3 not in display:
            name = getattr(country, "common_name", None) or country.name
            display[country.alpha_3] = name
            entries.append(
                KBEntry(
                    name,
                    "country",
                    country.alpha_3,
                    "GOV",
                    aliases=tuple(_pycountry_names(country.alpha_3)),
                    kind="country",
                )
            )
    for row in _rows("seats.tsv"):
        row += [""] * (4 - len(row))
        phrase, iso3, sector, name = (cell.strip() for cell in row[:4])
        if name:
            entries.append(
                KBEntry(name, "organization", iso3, sector, aliases=(phrase,), kind="seat")
            )
        else:
            entries.append(
                KBEntry(display[iso3], "country", iso3, sector, aliases=(phrase,), kind="seat")
            )
    for row in _rows("regions.tsv"):
        row += [""] * (3 - len(row))
        name, iso3, aliases = (cell.strip() for cell in row[:3])
        entries.append(
            KBEntry(name, "group", iso3, None, aliases=tuple(_split(aliases)), kind="region")
        )
    return entries


def _yaml_entries(name: str, **defaults: Any) -> list[KBEntry]:
    entries = []
    for item in yaml.safe_load(_data_text(name)) or []:
        values = {**defaults, **item}
        for field in ("valid_from", "valid_to"):
            if values.get(field) is not None:
                values[field] = str(values[field])
        values["aliases"] = tuple(values.get("aliases") or ())
        entries.append(KBEntry(**values))
    return entries


def builtin_entries() -> list[KBEntry]:
    """Every built-in entry: countries, organisations and groups, persons."""
    return [
        *builtin_country_entries(),
        *_yaml_entries("organizations.yaml"),
        *_yaml_entries("igos.yaml"),
        *_yaml_entries("persons.yaml", type="person", kind="person"),
        *_yaml_entries("leaders.yaml", type="person", kind="person"),
        *_yaml_entries("figures.yaml", type="person", kind="person"),
        *_yaml_entries("movements.yaml"),
    ]


@lru_cache(maxsize=1)
def builtin_titles() -> dict[str, Title]:
    """The titles table: lower-case term → :class:`Title`."""
    titles: dict[str, Title] = {}
    # sector_terms.tsv widens the sector vocabulary; a term in titles.tsv keeps its row.
    for name in ("titles.tsv", "sector_terms.tsv"):
        for row in _rows(name):
            term, sector, kind, role = (cell.strip() for cell in row[:4])
            country = row[4].strip() if len(row) > 4 and row[4].strip() else None
            titles.setdefault(term, Title(term, sector, kind, role, country))
    return titles


@lru_cache(maxsize=1)
def name_words() -> frozenset[str]:
    """Names that are also ordinary English words (``trump``, ``may``, ``turkey``)."""
    return frozenset(
        line.strip().lower()
        for line in _data_text("name_words.txt").splitlines()
        if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def family_first_names() -> frozenset[str]:
    """Family names written first (Chinese, Korean, Vietnamese): ``kim``, ``xi``, ``ri``."""
    return frozenset(
        line.strip().lower()
        for line in _data_text("family_first.txt").splitlines()
        if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def given_names() -> dict[str, str]:
    """Common given names and the gender they mark: ``mikhail`` → ``m``, ``irina`` → ``f``."""
    return {
        row[0].strip().lower(): row[1].strip() for row in _rows("given_names.tsv") if len(row) > 1
    }


@lru_cache(maxsize=1)
def given_name_keys() -> frozenset[str]:
    """The given names as the name keys spell them (``shirley`` → ``shirlei``, ``sergey`` →
    ``sergei``), to compare with the parts of a ``canonical_key``."""
    return frozenset(name_parts(name)[0] for name in given_names() if name_parts(name))


@lru_cache(maxsize=1)
def institution_seats() -> dict[str, str]:
    """Cities that stand for an organisation named in the same article: ``brussels`` → ``EEC``."""
    return {
        canonical_key(row[0]): row[1].strip()
        for row in _rows("institution_seats.tsv")
        if len(row) > 1
    }


def family_name(entry: KBEntry) -> str:
    """The folded family name of a person entry (the first word for family-name-first names)."""
    parts = name_parts(entry.name)
    if not parts:
        return ""
    return parts[0] if entry.family_first else parts[-1]


class KnowledgeBase:
    """Known actors by canonical key, titles by term, and the indexes the components need."""

    def __init__(
        self,
        entries: Iterable[KBEntry],
        titles: dict[str, Title] | None = None,
        user_entries: Iterable[KBEntry] = (),
    ) -> None:
        self.user_entries = list(user_entries)
        self.entries = [*self.user_entries, *entries]
        self.titles = dict(builtin_titles() if titles is None else titles)
        self.name_words = name_words()
        self._by_key: dict[str, list[KBEntry]] = {}
        self._family: dict[str, list[KBEntry]] = {}
        self.countries: dict[str, KBEntry] = {}
        user_keys = {canonical_key(n) for e in self.user_entries for n in e.names()}
        for entry in self.entries:
            user = entry.source.startswith(("user:", "petrarch:"))
            for name in entry.names():
                key = canonical_key(name)
                # A name a user dictionary lists means only what the user says it means.
                if key and (user or key not in user_keys):
                    self._by_key.setdefault(key, []).append(entry)
            if entry.type == "person":
                surname = family_name(entry)
                if surname:
                    self._family.setdefault(surname, []).append(entry)
            if entry.kind == "country" and entry.country and entry.country not in self.countries:
                self.countries[entry.country] = entry
        self.international = frozenset(
            e.country for e in self.entries if e.kind in _IGO_KINDS and e.country
        ) | {"IGO", "NGO"}
        # The name an organisation code stands for in labels ("UNO" → "United Nations").
        self._code_names: dict[str, str] = {}
        for entry in self.entries:
            if entry.kind in _IGO_KINDS and entry.country:
                self._code_names.setdefault(entry.country, entry.name)

    def __len__(self) -> int:
        return len(self.entries)

    def entries_for(self, name: str) -> list[KBEntry]:
        """Every entry listed under this name's canonical key (user entries first)."""
        return self._by_key.get(canonical_key(name), [])

    def lookup(self, name: str, date: str | None = None) -> KBEntry | None:
        """The entry a name stands for on ``date``.

        For a person with several roles, the role valid on ``date``; when none is, the role
        closest in time (a role that ended before ``date`` turns into an elite sector, ELI,
        as PLOVER codes former office holders).
        """
        return pick_on_date(self.entries_for(name), date)

    def lookup_key(self, key: str, date: str | None = None) -> KBEntry | None:
        """Like :meth:`lookup`, for a key that is already canonical."""
        return pick_on_date(self._by_key.get(key, []), date)

    def persons_with_family_name(self, word: str) -> list[KBEntry]:
        """Person entries whose family name is ``word`` (folded)."""
        return self._family.get(canonical_key(word), [])

    def family_names(self) -> list[str]:
        """Every family name (folded) of a known person."""
        return list(self._family)

    def country(self, iso3: str | None) -> KBEntry | None:
        """The country entry for an ISO-3 code."""
        return self.countries.get(iso3 or "")

    def country_name(self, iso3: str | None) -> str | None:
        """The display name of a country code."""
        entry = self.country(iso3)
        return entry.name if entry else None

    def code_name(self, code: str | None) -> str | None:
        """The display name of a country or organisation code (``UNO`` → United Nations)."""
        return self.country_name(code) or self._code_names.get(code or "") or code

    def organization(self, code: str | None) -> KBEntry | None:
        """The main entry of an international organisation code (``EEC`` → European Union)."""
        for entry in self.entries_for(self._code_names.get(code or "", "")):
            if entry.country == code:
                return entry
        return None

    def place(self, name: str) -> KBEntry | None:
        """The country a name, adjective, capital, seat of power or region stands for, if any."""
        for entry in self.entries_for(name):
            if entry.type == "country" or entry.kind in {"seat", "region"}:
                return entry
        return None

    def title(self, term: str) -> Title | None:
        """The title for a lower-case term, trying a plain plural's singular as well."""
        term = " ".join(term.lower().split())
        found = self.titles.get(term)
        if found is None and term.endswith("s"):
            found = self.titles.get(term[:-1])
        return found

    def is_international(self, code: str | None) -> bool:
        """Whether ``code`` is an international organisation's code (UNO, NAT, NGO …)."""
        return code in self.international

    def phrases(self) -> Iterator[tuple[str, KBEntry]]:
        """Every (name, entry) pair, for building phrase matchers."""
        for entry in self.entries:
            for name in entry.names():
                yield name, entry


def _days(day: str) -> int:
    try:
        return _date.fromisoformat(day[:10]).toordinal()
    except ValueError:
        return 0


def pick_on_date(candidates: list[KBEntry], date: str | None) -> KBEntry | None:
    """The entry valid on ``date`` among several roles of one name (see ``lookup``)."""
    if not candidates:
        return None
    first = candidates[0]
    same = [c for c in candidates if c.name == first.name and c.source == first.source]
    if len(same) == 1 and (not date or first.valid_on(date) or first.type != "person"):
        return first
    if not date:
        # Without a date, the current (open-ended) role, else the latest one.
        current = [c for c in same if not c.valid_to]
        return current[-1] if current else max(same, key=lambda c: c.valid_to or "")
    day = date[:10]
    valid = [c for c in same if c.valid_on(day)]
    if valid:
        return valid[0]
    now = _days(day)
    before = [c for c in same if c.valid_to and c.valid_to < day]
    after = [c for c in same if c.valid_from and c.valid_from > day]
    last = max(before, key=lambda c: c.valid_to or "") if before else None
    nxt = min(after, key=lambda c: c.valid_from or "") if after else None
    if last is not None and (
        nxt is None or now - _days(last.valid_to or day) <= _days(nxt.valid_from or day) - now
    ):
        return former(last) if last.sector == "GOV" else last
    return nxt or first


def former(entry: KBEntry) -> KBEntry:
    """A person entry after their role ended: an elite (ELI) with a 'Former …' role."""
    role = f"Former {entry.role}" if entry.role else "Former official"
    return KBEntry(
        name=entry.name,
        type=entry.type,
        country=entry.country,
        sector="ELI",
        role=role,
        aliases=entry.aliases,
        valid_from=entry.valid_to,
        family_first=entry.family_first,
        kind=entry.kind,
        source=entry.source,
    )
