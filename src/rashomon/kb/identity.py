"""Who is who across articles: one identity per person for a whole corpus.

Each article is analysed on its own (in this process, a process pool or on Ray), so that the
same article always gives the same per-article actors. This module then joins the persons of
all articles in one deterministic pass, from the names alone:

- diacritics and transliterations fold (``Süleyman``/``Suleyman``, ``Sergey``/``Sergei``);
- titles and honorifics before a name go (``Pastor Andrew Brunson``);
- middle names and initials may be left out (``Andrew Craig Brunson``, ``Andrew C. Brunson``,
  ``Andrew Brunson``), but two names that both give middle parts must agree on all of them
  (``George H. W. Bush`` is not ``George W. Bush``);
- a given name may be written as a common variant (``Andy``/``Andrew``, ``Bill``/``William``);
- a family name alone (``Brunson``) joins the one person of the corpus with that family name,
  and stays apart when the corpus has two (``Donald Trump`` and ``Melania Trump``).

A name that fits two different persons joins neither. Every person then carries one name (the
knowledge base's, else the full form the corpus uses most), one country and the roles the text
stated for it: a role stated in one article reaches another article only through a name that
matches under the rules above, and the result never depends on the order of the articles.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..records import AnalyzedArticle
from .base import KnowledgeBase, family_first_names, given_name_keys
from .keys import canonical_key, name_parts

# Words before a name that say what the person is, not who: stripped before names compare.
# The knowledge base's person titles ("President", "Senator") are stripped too.
_NAME_TITLES = frozenset(
    {
        "pastor", "reverend", "rev", "canon", "father", "rabbi", "imam", "cardinal", "bishop",
        "pope",
        "sen", "senator", "rep", "representative", "gov", "governor", "gen", "general", "col",
        "colonel", "lt", "capt", "captain", "sgt", "sergeant", "maj", "major", "adm", "admiral",
        "judge", "justice", "president", "prime", "minister", "chancellor", "ambassador",
        "secretary", "king", "queen", "prince", "princess", "lord", "lady", "dame", "brother",
        "sister", "saint", "st", "hon", "honourable", "honorable", "excellency", "his", "her",
        "former", "ex", "late", "candidate", "defendant", "officer", "detective", "agent",
    }
)
# Lower-case words that belong inside names ("Osama bin Laden", "Bill de Blasio").
_NAME_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "abu", "de", "da", "del", "della", "di", "du", "la", "le", "van",
     "von", "der", "den", "ter", "dos", "das", "y", "ben", "bint", "ould", "st"}
)
_FAMILY_PARTICLES = _NAME_PARTICLES - {"abu", "y", "st", "al", "el"}
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:[-'’.][^\W\d_]+)*\.?$")
# Generational suffixes and letters after a name ("Jr.", "III", "MP") say nothing of identity.
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "mp", "md", "phd", "esq"})
# Merge reasons, as the merge report prints them.
REASON_SPELLING = "same name once diacritics and transliteration fold"
REASON_TITLE = "same name once titles and honorifics go"
REASON_MIDDLE = "middle name or initial left out"
REASON_VARIANT = "given-name variant"
REASON_SURNAME = "family name alone; one person of the corpus has it"
REASON_KB = "knowledge-base alias"


@dataclass(frozen=True, slots=True)
class PersonRef:
    """One person actor of one article, as the article's own analysis gave it.

    ``article`` is None for a person already stored from earlier runs: it takes part in the
    identities and their countries but is not changed.
    """

    article: str | None
    local_id: str
    name: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    date: str | None = None
    kb_name: str | None = None  # the knowledge base's name for the person, if it knows them
    kb_country: str | None = None
    # "organization" for a lone unknown word the model took for one ("Brunson's lawyer"): it
    # joins a person only through a family name one person of the corpus has.
    type: str = "person"


@dataclass(frozen=True, slots=True)
class Identity:
    """What the corpus says one person actor of one article is."""

    name: str
    country: str | None
    sector: str | None
    role: str | None
    type: str = "person"


@dataclass(frozen=True, slots=True)
class Merge:
    """One spelling joined to a person, and why: a line of ``actors --merge-report``."""

    name: str
    into: str
    reason: str
    articles: tuple[str, ...] = ()


@dataclass(slots=True)
class _Name:
    """A person's name taken apart: given names (in order) and the family name."""

    given: tuple[str, ...]
    family: str
    family_first: bool

    @property
    def key(self) -> str:
        if self.family_first:
            return " ".join((self.family, *self.given))
        return " ".join((*self.given, self.family))


@dataclass(slots=True)
class _Cluster:
    """One person of the corpus while identities are built."""

    head: _Name
    keys: set[str] = field(default_factory=set)


@lru_cache(maxsize=1)
def _nicknames() -> object | None:
    try:
        from nicknames import NickNamer
    except ImportError:  # the table is optional: exact and initial matches still work
        return None
    return NickNamer()


@lru_cache(maxsize=4096)
def given_variants(given: str) -> frozenset[str]:
    """The given names that are common variants of ``given`` (``andy`` → ``andrew`` …)."""
    namer = _nicknames()
    if namer is None or len(given) < 2:
        return frozenset()
    found = set(namer.nicknames_of(given)) | set(namer.canonicals_of(given))  # type: ignore[attr-defined]
    return frozenset(canonical_key(n) for n in found)


def same_given(a: str, b: str) -> bool:
    """Whether two given-name words may name one person: equal, an initial, or a variant."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return b in given_variants(a) or a in given_variants(b)


def parse_name(name: str, titles: KnowledgeBase | None = None) -> _Name | None:
    """Take a person's name apart; None when nothing name-like is left.

    Leading titles and honorifics and trailing suffixes are dropped. A family name written
    first ("Kim Jong Un", "Xi Jinping") is recognised from the table of such family names.
    """
    parts = name_parts(name)
    while len(parts) > 1 and (
        parts[0] in _NAME_TITLES or (titles is not None and _is_person_title(titles, parts[0]))
    ):
        parts = parts[1:]
    while len(parts) > 1 and parts[-1] in _SUFFIXES:
        parts = parts[:-1]
    if not parts or any(p == "of" for p in parts):
        return None  # "Minister of Foreign Affairs": a role, not a name
    if len(parts) > 1 and parts[0] in family_first_names() and len(parts[0]) > 1:
        return _Name(tuple(parts[1:]), parts[0], True)
    # Particles belong to the family name: "Bill de Blasio" is "de blasio", "bin Laden" too.
    cut = len(parts) - 1
    while cut > 0 and parts[cut - 1] in _FAMILY_PARTICLES:
        cut -= 1
    return _Name(tuple(parts[:cut]), " ".join(parts[cut:]), False)


def name_like(name: str) -> bool:
    """Whether a person actor's name reads as a person's name ("Abdullah’s Son" does not).

    Every word is capitalised (or a particle such as "bin", "al-", "de"), made of letters,
    hyphens, apostrophes and initials' full stops, and none is a possessive.
    """
    words = name.split()
    if not words or len(words) > 6:
        return False
    for word in words:
        bare = word.rstrip(",")
        if bare.lower().endswith(("'s", "’s")) or not _NAME_WORD.match(bare):
            return False
        head = bare.split("-")[0].lower()
        if not bare[:1].isupper() and head not in _NAME_PARTICLES:
            return False
    return True


def _person_for_organization(
    name: str,
    clusters: dict[str, _Cluster | None],
    unique: dict[str, _Cluster],  # family name → the one trusted person with it
    by_family: dict[str, set[int]],
) -> _Cluster | None:
    """The person an organisation the knowledge base does not know really is, if any.

    A lone word joins the one person of the corpus with that family name ("Brunson's
    lawyer"); a full name joins the person other articles give exactly that name ("Justin
    Bieber" tagged as an organisation).
    """
    if not name_like(name):
        return None
    parsed = parse_name(name)
    if parsed is None:
        return None
    if not parsed.given:
        word = parsed.family
        return unique.get(word) if len(by_family.get(word, ())) == 1 else None
    return clusters.get(parsed.key)


def _trusted(persons: Sequence[PersonRef], parsed: dict[str, _Name]) -> frozenset[str]:
    """Full names sure enough to be a person: known to the knowledge base or the store,
    given a role by the text, or starting with a known given name."""
    sure: set[str] = set()
    for ref in persons:
        name = parsed.get(ref.name)
        if name is None or not name.given or ref.type != "person":
            continue
        if ref.kb_name or ref.role or ref.article is None or _known_given(name):
            sure.add(name.key)
    return frozenset(sure)


def _known_given(name: _Name) -> bool:
    """Whether the name starts with a given name the tables know (or is family-first)."""
    if name.family_first:
        return True
    first = name.given[0] if name.given else ""
    if len(first) < 2:
        return False
    if first in given_name_keys() or _has_nicknames(first):
        return True
    # A nickname names a person only when it is a word of some length ("Dave", not "App").
    return len(first) > 3 and bool(given_variants(first))


def _has_nicknames(given: str) -> bool:
    namer = _nicknames()
    return namer is not None and bool(namer.nicknames_of(given))  # type: ignore[attr-defined]


def _is_person_title(kb: KnowledgeBase, word: str) -> bool:
    title = kb.titles.get(word)
    return title is not None and title.kind == "person"


def compatible(short: _Name, long: _Name) -> bool:
    """Whether two names with one family name may be one person (see the module docstring)."""
    if short.family != long.family or short.family_first != long.family_first:
        return False
    a, b = short.given, long.given
    if len(a) > len(b):
        a, b = b, a
    if not a:
        return True
    if short.family_first:
        return a == b
    if len(a) >= 2:
        # Both give middle parts: every part must match in place.
        return len(a) == len(b) and all(same_given(x, y) for x, y in zip(a, b, strict=True))
    # One given name: it is the other's first or a middle name it goes by.
    return any(same_given(a[0], y) for y in b)


def _reason(written: str, name: _Name, head: _Name) -> str:
    """Which rule joins the name as written to the person's name."""
    if name.key == head.key:
        return REASON_TITLE if canonical_key(written) != name.key else REASON_SPELLING
    if not name.given:
        return REASON_SURNAME
    for given in name.given:
        if len(given) > 1 and given not in head.given and any(
            len(other) > 1 and same_given(given, other) for other in head.given
        ):
            return REASON_VARIANT
    return REASON_MIDDLE


def build_clusters(
    names: Iterable[_Name], trusted: frozenset[str] | None = None
) -> dict[str, _Cluster | None]:
    """Each name key → its person (None when the name fits several persons).

    Names are taken most specific first (most given names), then by key, so the result does
    not depend on the order the names came in. A family name alone joins only a person whose
    full name is ``trusted`` (by default: starts with a known given name).
    """
    distinct = {n.key: n for n in names}
    ordered = sorted(distinct.values(), key=lambda n: (-len(n.given), n.key))
    clusters: dict[str, list[_Cluster]] = {}  # by family name: only those can match
    found: dict[str, _Cluster | None] = {}
    for name in ordered:
        fits = [c for c in clusters.get(name.family, []) if compatible(name, c.head)]
        if not name.given:
            # "Path" is not "App Path", "Vegas" not "Arid Las Vegas": one article's odd
            # name is no person for a lone word to stand for.
            fits = [
                c for c in fits
                if (c.head.key in trusted if trusted is not None else _known_given(c.head))
            ]
        if len(fits) == 1:
            fits[0].keys.add(name.key)
            found[name.key] = fits[0]
        elif not fits:
            cluster = _Cluster(name, {name.key})
            clusters.setdefault(name.family, []).append(cluster)
            found[name.key] = cluster
        else:
            found[name.key] = None
    return found


def resolve(
    persons: Sequence[PersonRef], kb: KnowledgeBase | None = None
) -> tuple[dict[tuple[str, str], Identity], list[Merge]]:
    """The identity of every person actor of the corpus.

    Args:
        persons: every person actor of the articles (and, with ``article`` None, persons
            stored before).
        kb: the knowledge base, for titles to strip.

    Returns:
        ``(article, local_id)`` → identity for every actor of an article that the pass
        changes, and the merges done, sorted by name.
    """
    parsed: dict[str, _Name] = {}
    for person in persons:
        if person.name not in parsed and person.type == "person" and name_like(person.name):
            name = parse_name(person.kb_name or person.name, kb)
            if name is not None:
                parsed[person.name] = name
    trusted = _trusted(persons, parsed)
    clusters = build_clusters(parsed.values(), trusted)
    by_family: dict[str, set[int]] = {}
    for found in clusters.values():
        if found is not None and found.head.given:
            by_family.setdefault(found.head.family, set()).add(id(found))
    # A lone word the model took for an organisation joins only a person whose given name
    # is a known one: "Twitter" must not become somebody.
    unique = {
        c.head.family: c for c in clusters.values() if c is not None and c.head.key in trusted
    }
    members: dict[int, list[PersonRef]] = {}
    by_id: dict[int, _Cluster] = {}
    for person in persons:
        name = parsed.get(person.name)
        if person.type != "person":
            cluster = _person_for_organization(person.name, clusters, unique, by_family)
            if cluster is not None:
                parsed[person.name] = parse_name(person.name) or cluster.head
        else:
            cluster = clusters.get(name.key) if name is not None else None
        if cluster is not None:
            members.setdefault(id(cluster), []).append(person)
            by_id[id(cluster)] = cluster
    changes: dict[tuple[str, str], Identity] = {}
    merges: dict[tuple[str, str], tuple[str, set[str]]] = {}
    for cluster_id, refs in members.items():
        cluster = by_id[cluster_id]
        display = _display_name(refs, parsed)
        votes = _votes(refs)
        known = {r.kb_country for r in refs if r.kb_country}
        country = min(known) if known else _most_voted(votes)
        stated = _stated_roles(refs)
        for ref in refs:
            if ref.article is None:
                continue
            # What the article itself gave the actor; an organisation's code is not the person's.
            own_role, own_sector, own = (
                (ref.role, ref.sector, ref.country) if ref.type == "person" else (None, None, None)
            )
            role, sector = own_role, own_sector
            if role is None or sector is None:
                nearest = _role_on(stated, ref.date)
                if nearest is not None:
                    role = role or nearest.role
                    sector = sector or nearest.sector
            outvoted = own is not None and _outvoted(votes, known, own, country)
            chosen = country if own is None or outvoted else own
            identity = Identity(display, chosen, sector, role)
            if identity != Identity(ref.name, ref.country, ref.sector, ref.role, ref.type):
                changes[(ref.article, ref.local_id)] = identity
            if ref.name != display:
                reason = (
                    REASON_KB
                    if ref.kb_name and canonical_key(ref.kb_name) == canonical_key(display)
                    else _reason(ref.name, parsed[ref.name], parsed.get(display) or cluster.head)
                )
                entry = merges.setdefault((ref.name, display), (reason, set()))
                entry[1].add(ref.article)
    report = [
        Merge(name, into, reason, tuple(sorted(articles)))
        for (name, into), (reason, articles) in sorted(merges.items())
    ]
    return changes, report


def _display_name(refs: list[PersonRef], parsed: dict[str, _Name]) -> str:
    """The knowledge base's name, else the full form most articles use without a title.

    Ties go to the form with more written-out given names, then the longer given names
    ("Steven" over "Steve"), then the form with its diacritics ("Süleyman" over
    "Suleyman"), then alphabetically.
    """
    known = sorted({r.kb_name for r in refs if r.kb_name})
    if known:
        return known[0]
    # A person stored before keeps the name its row has, so the store keeps one row.
    stored = sorted(r.name for r in refs if r.article is None and parsed[r.name].given)
    if stored:
        return stored[0]
    counts = Counter(r.name for r in refs)

    def rank(name: str) -> tuple[int, int, int, int, int, int, str]:
        given = parsed[name].given
        titled = int(canonical_key(name) != parsed[name].key)  # "Canon Andrew White"
        spelled = sum(len(g) > 1 for g in given)
        letters = sum(len(g) for g in given)  # "Steven" over "Steve"
        accented = sum(not ch.isascii() for ch in name)
        return (int(not given), titled, -counts[name], -spelled, -letters, -accented, name)

    return min(counts, key=rank)


def _most_voted(votes: Counter[str]) -> str | None:
    """The country most articles state for the person (on a tie, the first by code)."""
    return min(votes, key=lambda c: (-votes[c], c)) if votes else None


def _votes(refs: list[PersonRef]) -> Counter[str]:
    """Articles (or stored rows) stating each country for the person, once per article."""
    # An organisation that turned out to be the person says nothing of the person's country.
    seen = {(r.article, r.local_id, r.country) for r in refs if r.country and r.type == "person"}
    return Counter(country for _, _, country in seen if country)


def _outvoted(votes: Counter[str], known: set[str], own: str, chosen: str | None) -> bool:
    """Whether one article's country gives way: to the knowledge base, or to a country more
    than half of the articles that state one state (a tie keeps each article's own)."""
    if chosen is None or chosen == own:
        return False
    if chosen in known:
        return True
    return votes[chosen] > votes[own] and 2 * votes[chosen] > sum(votes.values())


def _stated_roles(refs: list[PersonRef]) -> list[PersonRef]:
    """The roles the person's articles state, by date (undated last), in a total order."""
    return sorted(
        (r for r in refs if r.role and r.article is not None and r.type == "person"),
        key=lambda r: (r.date is None, r.date or "", r.role or "", r.article or "", r.local_id),
    )


def _role_on(stated: list[PersonRef], date: str | None) -> PersonRef | None:
    """The role stated closest before ``date`` (else the earliest after; undated last)."""
    if not stated:
        return None
    dated = [r.date or "" for r in stated if r.date]
    if not date or not dated:
        return stated[-1]
    before = bisect_right(dated, date)
    return stated[before - 1] if before else stated[0]


def with_identity(refs: Iterable[PersonRef], kb: KnowledgeBase) -> list[PersonRef]:
    """Fill ``kb_name``/``kb_country`` of person refs from the knowledge base."""
    out = []
    for ref in refs:
        entry = kb.lookup(ref.name, ref.date)
        if entry is not None and entry.type == "person":
            ref = replace(ref, kb_name=entry.name, kb_country=entry.country)
        out.append(ref)
    return out


def person_refs(records: Iterable[AnalyzedArticle], kb: KnowledgeBase) -> list[PersonRef]:
    """The person actors of analysed records, with what the knowledge base knows of them."""
    refs = [
        PersonRef(record.id, actor.id, actor.name, actor.country, actor.sector, actor.role,
                  record.published, type=actor.type)
        for record in records
        for actor in record.actors
        if actor.type == "person" or _lone_unknown_word(actor.type, actor.name, kb)
    ]
    return with_identity(refs, kb)


def _lone_unknown_word(type: str, name: str, kb: KnowledgeBase) -> bool:
    """An organisation the knowledge base does not know whose name may be a person's."""
    return (
        type == "organization"
        and len(name.split()) <= 3
        and name[:1].isupper()
        and not name.isupper()
        and not kb.entries_for(name)
        and kb.title(name) is None
    )


def apply_identities(
    records: Sequence[AnalyzedArticle],
    kb: KnowledgeBase,
    known: Sequence[PersonRef] = (),
) -> list[Merge]:
    """Give every person actor of ``records`` its corpus identity, in place.

    Args:
        records: the analysed articles of a run, in any order.
        kb: the knowledge base the run uses.
        known: persons stored before the run (``article`` None), which new names may join.

    Returns:
        The merges done, for the store's merge report.
    """
    changes, merges = resolve([*person_refs(records, kb), *with_identity(known, kb)], kb)
    for record in records:
        for actor in record.actors:
            identity = changes.get((record.id, actor.id))
            if identity is None:
                continue
            actor.name, actor.type = identity.name, identity.type
            actor.country, actor.sector, actor.role = (
                identity.country, identity.sector, identity.role
            )
            actor.code = ((actor.country or "") + (actor.sector or "")) or None
    return merges
