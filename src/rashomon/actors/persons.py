"""Persons within one article: "Lavrov", "Mr. Lavrov" and "Sergei Lavrov" are one person.

Persons are grouped by family name (family-name-first names by their first part), and a
surname alone finds the person the article or the knowledge base names in full.
"""

from __future__ import annotations

from spacy.tokens import Span

from ..kb.base import (
    family_name,
    pick_on_date,
)
from ..kb.keys import canonical_key, name_parts
from ..kb.model import KBEntry
from .common import (
    _BY_HONORIFIC,
    _BY_NAME,
    _HONORIFICS,
    _clean_name,
    _given_compatible,
    _given_gender,
    _Person,
    _set_gender,
    _strip_possessive,
    _year,
)
from .name_variants import closest_variant
from .spelling import kb_family_variant
from .titles import _Titles


def _first_given(given: dict[str, str], span: Span) -> str | None:
    """The gender the first name of a person's name marks ("Mrs. Shirley Sotloff" → f)."""
    for token in span:
        if token.is_alpha and token.lower_ not in _HONORIFICS and token.lower_ not in {"the", "dr"}:
            return _given_gender(given, token.text)
    return None


class _Persons(_Titles):
    """The persons of one document, grouped by name."""

    def _pick(self, entries: list[KBEntry]) -> KBEntry | None:
        return pick_on_date(entries, self.date) if entries else None

    # -- persons ----------------------------------------------------------------------------

    def _person_mention(self, span: Span, entry: KBEntry | None, parts: list[str]) -> None:
        if not parts:
            return
        key = canonical_key(entry.name) if entry is not None else " ".join(parts)
        person = self._find_person(key, parts, span.start)
        if person is None and entry is None:
            person = self._person_by_joined_family(span, parts)
        if person is None:
            name = entry.name if entry is not None else _clean_name(span)
            actor = self.table.add_actor(
                name,
                "person",
                country=entry.country if entry else None,
                sector=entry.sector if entry else None,
                role=entry.role if entry else None,
                key=f"person:{key}",
            )
            family = {parts[-1]}
            if entry is not None:
                family = {family_name(entry)}
            elif len(parts) >= 3 and parts[0] in self.owner.family_first:
                family.add(parts[0])
            person = _Person(actor, key, parts, family)
            given = _first_given(self.owner.given, span) if len(parts) > 1 else None
            if given is not None:
                person.gender, person.gender_cue = given, _BY_NAME
            if entry is not None and entry.role:
                person.roles.add(canonical_key(entry.role))
            if entry is not None and entry.country:
                person.countries.add(entry.country)
            self.persons.append(person)
            self.person_by_actor[actor.id] = person
        self._add_person_mention(person, span)
        self._learn_title(person, span)

    def _untagged_full_names(self) -> None:
        """Full names the model did not tag, made known by a family name used alone.

        "… who calls herself “Jasmine Tridevil” … Tridevil says", "Igor Vorozhbitsyn, 42, had
        parked … The bear mauled Vorozhbitsyn's face": a common given name before a
        capitalised singular proper noun that the article also writes alone is a person's
        full name. The person the lone word already made ("Vorozhbitsyn") takes the full name.
        """
        doc = self.doc
        texts = self.owner.words(doc).texts
        given = self.owner.given
        by_word: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            if text[:1].isupper() and text.isalpha() and len(text) > 2 and not text.isupper():
                by_word.setdefault(text, []).append(i)
        for word, places in by_word.items():
            if len(places) < 2 or self.kb.entries_for(word) or self.kb.title(word.lower()):
                continue
            for i in places:
                if i == 0 or _given_gender(given, texts[i - 1]) is None:
                    continue
                first, last = doc[i - 1], doc[i]
                if (
                    last.tag_ != "NNP"
                    or not first.is_title
                    or self.table.mention_for_token(first) is not None
                    or self.table.mention_for_token(last) is not None
                    or (i + 1 < len(doc) and doc[i + 1].is_title and doc[i + 1].pos_ == "PROPN")
                    # "call The Trevor Lifeline": a name after "the" is a thing's, unless it
                    # modifies a noun ("the Justin Bieber song").
                    or (i > 1 and doc[i - 2].lower_ == "the" and last.dep_ != "compound")
                ):
                    continue
                if not any(j - 1 < 0 or texts[j - 1] != texts[i - 1] for j in places if j != i):
                    continue  # never written alone: a two-word name of something
                self._name_in_full(doc[i - 1 : i + 1])
                break

    def _name_in_full(self, span: Span) -> None:
        """Register an untagged full name; a person known by its family name alone takes it."""
        parts = name_parts(span.text)
        alone = [p for p in self.persons if p.parts == parts[-1:]]
        if len(alone) == 1:
            person = alone[0]
            person.parts, person.key = parts, " ".join(parts)
            person.actor.name = _clean_name(span)
            gender = _first_given(self.owner.given, span)
            if gender is not None and person.gender_cue <= _BY_NAME:
                person.gender, person.gender_cue = gender, _BY_NAME
            self._add_person_mention(person, span)
            self._learn_title(person, span)
            return
        self._person_mention(span, None, parts)

    def _find_person(self, key: str, parts: list[str], position: int) -> _Person | None:
        for person in self.persons:
            if person.key == key:
                return person
        if len(parts) == 1:
            return self._person_by_family(parts[0], position)
        # "Sergei Lavrov" after "Lavrov": same family name and compatible given names.
        for person in reversed(self.persons):
            if parts[-1] in person.family and _given_compatible(parts, person.parts):
                return person
        return None

    def _person_by_joined_family(self, span: Span, parts: list[str]) -> _Person | None:
        """The one person whose name ends with a hyphenated family name written alone
        ("Clarke-Murphy" after "Colleen Clarke-Murphy"), if any."""
        if len(parts) < 2 or "-" not in span.text:
            return None
        found = [
            p for p in self.persons if len(p.parts) > len(parts) and p.parts[-len(parts) :] == parts
        ]
        return found[0] if len(found) == 1 else None

    def _person_by_family(self, word: str, position: int) -> _Person | None:
        """The person whose family name is ``word``; the nearest earlier one if several."""
        found = [p for p in self.persons if word in p.family]
        if not found:
            # "Netanyahoo" after "Benjamin Netanyahu": a spelling variant of a named person.
            variant = closest_variant(word, {f for p in self.persons if len(p.parts) > 1
                                             for f in p.family})
            found = [p for p in self.persons if variant in p.family] if variant else []
        if not found:
            return None
        if len(found) == 1:
            return found[0]

        def last_before(person: _Person) -> int:
            starts = [m.start for m in self.table.mentions if m.actor == person.actor.id]
            before = [s for s in starts if s <= self.doc[position].idx]
            return max(before) if before else -1

        return max(found, key=last_before)

    def _kb_person_by_family(self, word: str) -> KBEntry | None:
        """The known person with this family name; among several, the one nearest in time."""
        # "Lavrow" for the known Lavrov: a spelling variant of one known family name.
        candidates = self.kb.persons_with_family_name(word) or kb_family_variant(self.kb, word)
        names = list(dict.fromkeys(c.name for c in candidates))
        if not names:
            return None
        if len(names) > 1:
            day = self.date or "9999"
            valid = [c.name for c in candidates if self.date and c.valid_on(self.date)]
            if len(set(valid)) == 1:
                names = valid
            else:

                def distance(name: str) -> int:
                    gaps = []
                    for c in candidates:
                        if c.name != name:
                            continue
                        start, end = c.valid_from or "0000", c.valid_to or "9999"
                        gaps.append(
                            0
                            if start <= day <= end
                            else min(abs(_year(start) - _year(day)), abs(_year(end) - _year(day)))
                        )
                    return min(gaps)

                names = sorted(names, key=distance)
        return self.kb.lookup(names[0], self.date)

    def _remembered_person(self, name: str) -> bool:
        """Whether the corpus knows a person by this surname ("Kovalenko" tagged ORG)."""
        memory = self.owner.role_memory
        if memory is None:
            return False
        learned = memory.role_on(name, self.date)
        return learned is not None and len(name_parts(learned.name)) > 1

    def _add_person_mention(self, person: _Person, span: Span) -> None:
        start = span.start
        # "Mr. Lavrov": the honorific is part of the mention and tells the gender.
        if start > 0 and self.doc[start - 1].lower_ in _HONORIFICS:
            _set_gender(person, _HONORIFICS[self.doc[start - 1].lower_], _BY_HONORIFIC)
        self.table.add_mention(person.actor, _strip_possessive(span))

    def _titled(self, span: Span) -> bool:
        """Whether a person's title ends right before the span."""
        for i in range(max(span.sent.start, span.start - 4), span.start):
            hit = self.owner.title_at(self.doc, i, span.start)
            if hit is not None and hit[0] == span.start and hit[1].kind == "person":
                return True
        return False
