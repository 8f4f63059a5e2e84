"""Titles and roles: "Russian Foreign Minister Sergey Lavrov", "the Secretary General".

Roles the text gives a named person (pre-nominal titles, appositions, possessives) are
learned with the article's date; titles without a name resolve to the person of the
article holding a matching title, or to the office of a country; collective nouns with a
country become group actors or the country's government.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from spacy.tokens import Span, Token

from ..kb.base import GOVERNMENT_NOUNS
from ..kb.keys import canonical_key
from ..kb.model import LearnedRole, Title
from ..records import Actor
from .common import (
    _FORMER,
    _HONORIFICS,
    _WINDOW,
    _ethnic,
    _Person,
    _role_matches,
)
from .meeting_side import side_of_paragraph
from .places import _Places

# Sentences back (the body noun's own included) that an organisation of no known sector
# may be named in and still be what "the company" or "the clinic" stands for.
_BODY_SENTS = 3
# Sectors whose bodies are named without their noun ("Lenovo" is a company, "the Mirror" a
# newspaper): a body of the sector is what the noun stands for. In the others a hospital
# or a school carries its noun in its name ("Mount Sinai Hospital" is not "the clinic").
_SECTOR_BODIES = frozenset({"BUS", "JRN"})


# Role nouns that any holder of an office answers to ("the official" for an envoy, a
# minister or a spokesman named just before), and the sectors of those offices.
_GENERIC_PERSON_ROLES = frozenset({"official"})
_OFFICE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
# Pieces of writing that stand for their author or outlet, and nouns for a news outlet.
_WRITING_NOUNS = frozenset({"story", "report", "article"})
_OUTLET_NOUNS = frozenset({"outlet", "website", "site", "paper", "tabloid"})
# A name that is a web address ("RadarOnline.com") is a website's: a company or a
# publication, never a clinic, a school or a court.
_WEB_ADDRESS = re.compile(r"\.(com|org|net|co\.uk|co|io|tv)$", re.IGNORECASE)


def _names_itself(noun: Token) -> bool:
    """Whether a noun phrase gives its own name: "the Pravda website", "the website
    Electronic Times", "the website of the People's Daily"."""
    if any(c.dep_ in {"compound", "poss", "nmod"} and c.pos_ == "PROPN" for c in noun.children):
        return True
    after = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    return after is not None and (after.pos_ == "PROPN" or after.lower_ == "of")


class _Titles(_Places):
    """Titles and roles of one document's actors."""

    def _learn_title(self, person: _Person, span: Span) -> None:
        """Roles stated around the name: pre-nominal titles and appositions."""
        found = list(self._titles_around(span))
        after = self._country_after(span)
        if found and after is not None:
            # "Foreign Minister Anna Kovalenko of Ukraine".
            found = [(t, c or after, f, tokens) for t, c, f, tokens in found]
        if not found and person.actor.country is None:
            country = self._country_before(span) or self._nationality_in_apposition(span)
            if country is not None:
                person.countries.add(country)
                self._fill(person.actor, None, None, country)
        for title, country, former, tokens in found:
            self.claimed.update(tokens)
            role = ("Former " if former else "") + title.role
            sector = "ELI" if former and title.sector == "GOV" else title.sector
            person.roles.add(canonical_key(title.role))
            if country:
                person.countries.add(country)
            actor = person.actor
            self.table.learned_roles.append(
                LearnedRole(
                    key=canonical_key(actor.name),
                    name=actor.name,
                    role=role,
                    sector=sector,
                    country=country,
                    date=self.date,
                    article=self.article,
                    evidence=self.doc[min(tokens) : span.end].text if tokens else span.text,
                )
            )
            if former:
                # The text says the role is over; that beats any record of the role.
                actor.role, actor.sector = role, sector
            self._fill(actor, role, sector, country)
            if actor.country is None:
                before = self._affiliation_at(min(tokens) if tokens else span.start)
                if before is not None:
                    self.affiliated.append((actor, before))
                self.homeless.append((actor, span.root.i, None))

    def _affiliation_at(self, start: int) -> int | None:
        """The token of the name a title follows ("the EU's chief negotiator"), if any."""
        i = start - 1
        low = max(self.doc[start].sent.start, start - 4)
        while i >= low:
            t = self.doc[i]
            if t.lower_ in {"'s", "’s"} or (t.is_lower and t.pos_ in {"ADJ", "NOUN"}):
                i -= 1
                continue
            return i if t.pos_ in {"PROPN", "NOUN"} else None
        return None

    def _titles_around(self, span: Span) -> Iterator[tuple[Title, str | None, bool, list[int]]]:
        doc = self.doc
        sent = span.sent
        start = span.start
        if start > 0 and doc[start - 1].lower_ in _HONORIFICS:
            start -= 1
        # Pre-nominal: "Russian Foreign Minister Sergey Lavrov", "the Minister of foreign
        # Affairs of the Russian Federation Sergey Lavrov".
        low = max(sent.start, start - _WINDOW)
        window = list(range(low, start))
        for i in reversed(window):
            t = doc[i]
            if t.is_punct and t.text not in {"-", "'s", "’s"}:
                low = i + 1
                break
            if t.pos_ in {"VERB", "AUX", "CCONJ"} or (t.pos_ == "ADP" and t.lower_ != "of"):
                low = i + 1
                break
            if self._other_actor_at(t):
                low = i + 1
                break
        found = self._title_in(low, start, adjacent_to=start)
        if found is not None:
            yield found
            return
        # Apposition: "Lavrov, Russia's top diplomat," / "Russia's top diplomat, Lavrov".
        root = span.root
        for child in root.children:
            if child.dep_ == "appos" and child.i >= span.end:
                found = self._title_in(child.left_edge.i, child.i + 1, adjacent_to=child.i + 1)
                if found is not None:
                    yield found
                    return
        if root.dep_ == "appos" and root.head.i < span.start:
            head = root.head
            found = self._title_in(head.left_edge.i, head.i + 1, adjacent_to=head.i + 1)
            if found is not None:
                yield found

    def _title_in(
        self, low: int, high: int, adjacent_to: int
    ) -> tuple[Title, str | None, bool, list[int]] | None:
        """The last title in tokens [low, high) whose end reaches ``adjacent_to``.

        Between the title and the name only country words, "of", "the" and possessives may
        stand ("Minister of Foreign Affairs of the Russian Federation Sergey Lavrov").
        """
        doc = self.doc
        best: tuple[int, int, Title] | None = None
        i = low
        while i < high:
            hit = self.owner.title_at(doc, i, high)
            if hit is not None:
                end, title = hit
                if best is None or end >= best[1]:
                    best = (i, end, title)
                i = end
            else:
                i += 1
        if best is None:
            return None
        start, end, title = best
        if title.kind != "person":
            modifier = title
            # "rebel leader Ali": a sector word before a person title.
            for j in range(end, high):
                hit = self.owner.title_at(doc, j, high)
                if hit is not None and hit[1].kind == "person":
                    title = Title(
                        hit[1].term, modifier.sector, "person", hit[1].role, hit[1].country
                    )
                    end = hit[0]
                    break
            else:
                if title.kind != "modifier":
                    return None
        country = None
        for j in range(end, adjacent_to):
            t = doc[j]
            place = self._country_of_token(t)
            if place:
                country = country or place
                continue
            if t.lower_ in {"of", "the", "'s", "’s", "-"} or t.is_title or t.is_punct:
                continue
            return None
        if country is None:
            # The country word nearest before the title: "Bulgarian President Todor Zhivkov".
            for j in range(start - 1, low - 1, -1):
                place = self._country_of_token(doc[j])
                if place:
                    country = place
                    break
        if country is None:
            country = title.country  # "Secretary of State" is American wherever it stands
        former = any(doc[j].lower_.rstrip("-") in _FORMER for j in range(low, start))
        # A sector word before the title ("rebel leader", "army general") sets the sector.
        for j in range(low, start):
            hit = self.owner.title_at(doc, j, start)
            if hit is not None and hit[1].kind == "modifier":
                title = Title(title.term, hit[1].sector, title.kind, title.role, title.country)
        return title, country, former, list(range(start, end))

    # -- titles without names ---------------------------------------------------------------

    def _titles(self) -> None:
        doc = self.doc
        n = len(doc)
        # Only a token whose form or lemma begins a title can start one: the walk jumps from
        # one such token to the next instead of asking at every word.
        starts = self.owner.title_starts(doc)
        at = 0
        i = 0
        while i < n:
            at = bisect_left(starts, i, at)
            if at == len(starts):
                break
            i = starts[at]
            if i in self.claimed or self.table.mention_at(i) is not None:
                i += 1
                continue
            hit = self.owner.title_at(doc, i, n)
            if hit is None:
                i += 1
                continue
            end, title = hit
            if any(
                j in self.claimed or self.table.mention_at(j) for j in range(i, end)
            ):
                i += 1
                continue
            head = doc[end - 1]
            if head.dep_ in {"compound", "amod"} and head.head.i >= end:
                outer = head.head
                # "army officers", "state-run news agency": the head noun (or a title of
                # several words ending on it) is a title too and is resolved on its own.
                if (
                    self._title_ends_at(end, outer.i)
                    or outer.pos_
                    not in {
                        "NOUN",
                        "PROPN",
                    }
                    or self.table.mention_for_token(outer) is not None
                ):
                    i = end
                    continue
                # "opposition groups", "rebel commanders": the title sets the sector of the
                # noun it modifies, and that noun heads the group.
                if any(j in self.claimed for j in range(end, outer.i + 1)):
                    i = end
                    continue
                self._title_mention(
                    doc[i : outer.i + 1], Title(title.term, title.sector, "group", title.role)
                )
                i = outer.i + 1
                continue
            if head.pos_ not in {"NOUN", "PROPN"}:
                i = end
                continue
            if title.kind == "modifier":
                # "an Albanian rebel": the modifier word used as a noun.
                title = Title(title.term, title.sector, "group", title.role)
            self._title_mention(doc[i:end], title)
            i = end
        self._source_nouns()

    def _source_nouns(self) -> None:
        """ "The story", "the news outlet", "the family": nouns that stand for a source the
        article named just before, or for the family the paragraph is about.

        A piece of writing stands for whoever an earlier mention of the same noun named as
        its author or outlet ("a story in Quartz … According to the story,"; "a report by
        al-Monitor … the report"); an outlet noun for the latest news organisation of the
        last few sentences ("according to the Mirror … the news outlet"); "the family" for
        the family of the persons the article is about (a group of civilians).
        """
        doc = self.doc
        lowers = self.owner.words(doc).lowers
        for i, lower in enumerate(lowers):
            if lower not in _WRITING_NOUNS and lower not in _OUTLET_NOUNS and lower != "family":
                continue
            token = doc[i]
            if (
                token.tag_ != "NN"
                or self.table.mention_for_token(token) is not None
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
                or token.dep_ in {"compound", "amod"}
            ):
                continue
            if _names_itself(token):
                continue  # "the Pravda website", "the website Electronic Times"
            start = i - 1 if i > 0 and lowers[i - 1] == "news" else i
            span = doc[start : i + 1]
            if lower in _WRITING_NOUNS:
                actor = self._author_of_earlier(token)
            elif lower in _OUTLET_NOUNS:
                if lower == "site" and start == i:
                    continue  # "the site of the blast": a place, unless "the news site"
                actor = self._outlet_before(span)
            else:
                actor = self.table.add_actor("Family", "group", None, "CVL", key="group:family")
            if actor is not None:
                self.table.add_mention(actor, span)

    def _author_of_earlier(self, noun: Token) -> Actor | None:
        """Who wrote or published the latest earlier piece called by the same noun: "a story
        in Quartz", "a CNN report", "Quartz's story", "The Mail published a story"."""
        doc = self.doc
        for j in range(noun.i - 1, -1, -1):
            earlier = doc[j]
            if earlier.lemma_.lower() != noun.lemma_.lower() or earlier.pos_ != "NOUN":
                continue
            linked = [
                c for c in earlier.children if c.dep_ in {"poss", "compound"} and c.i < j
            ]
            for prep in earlier.children:
                if prep.dep_ == "prep" and prep.lower_ in {"in", "by", "from", "on", "at"}:
                    linked.extend(c for c in prep.children if c.dep_ == "pobj")
            verb = earlier.head.head if earlier.dep_ == "pobj" else earlier.head
            if earlier.dep_ == "dobj" or (earlier.dep_ == "pobj" and verb.pos_ == "VERB"):
                # "The Mail published a story", "the Journal said in a report".
                linked.extend(c for c in verb.children if c.dep_ == "nsubj")
            for token in linked:
                # The name itself, not what a clause after it names ("a report on its web
                # site that cited people familiar with the matter").
                name = doc[token.left_edge.i : token.i + 1]
                actor = self.table.get(self.table.actor_for_span(name))
                if actor is None:
                    actor = self._publisher_named(token)
                if actor is not None and actor.id not in self.places and actor.type != "country":
                    return actor
            return None  # the latest earlier piece names no author: no guess further back
        return None

    def _publisher_named(self, token: Token) -> Actor | None:
        """An organisation for the proper nouns of a phrase naming where a piece appeared
        that the model did not take for an organisation ("a story in Quartz Sunday", with
        "Quartz" tagged a place and "Sunday" a date)."""
        words = [
            t for t in token.subtree
            if t.pos_ == "PROPN" and t.ent_type_ not in {"DATE", "TIME"} and t.is_title
        ]
        if not words or words[-1].i - words[0].i + 1 != len(words):
            return None
        if self.table.mention_for_token(words[0]) is not None:
            return None
        span = self.doc[words[0].i : words[-1].i + 1]
        if self.kb.entries_for(span.text):
            return None  # a country, a city or a person the knowledge base knows
        name = span.text
        actor = self.table.add_actor(
            name, "organization", None, "JRN", key=f"org:{canonical_key(name)}"
        )
        self.table.add_mention(actor, span)
        return actor

    def _outlet_before(self, span: Span) -> Actor | None:
        """The latest news organisation (or organisation of no known sector: "according to
        the Mirror") named in the last few sentences before ``span``."""
        doc = self.doc
        low, high = doc[self._recent_start(span)].idx, doc[span.start].idx
        found: Actor | None = None
        for mention in self.table.sorted_mentions():
            if mention.start >= high:
                break
            actor = self.table.get(mention.actor)
            if (
                mention.start >= low
                and actor is not None
                and actor.type == "organization"
                and actor.sector in {"JRN", None}
                and actor.id not in self.noun_bodies
            ):
                found = actor
        return found

    def _title_ends_at(self, start: int, last: int) -> bool:
        """Whether a title found from some token in ``start..last`` ends on token ``last``."""
        for j in range(start, last + 1):
            hit = self.owner.title_at(self.doc, j, len(self.doc))
            if hit is not None and hit[0] == last + 1:
                return True
        return False

    def _np_cues(self, span: Span) -> tuple[str | None, Title | None, bool]:
        """Country, sector modifier and 'former' found in the phrase a title heads."""
        head = span[-1]
        country = None
        modifier = None
        former = False
        tokens = list(head.lefts)
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in {"of", "from"}:
                tokens.extend(child.subtree)
        for token in tokens:
            for t in (
                token.subtree if token.dep_ in {"poss", "compound", "amod", "nmod"} else [token]
            ):
                place = self._country_of_token(t) or self._international_of_token(t)
                if place and country is None:
                    country = place
            hit = self.owner.title_at(self.doc, token.i, span.start)
            if hit is not None and hit[1].kind in {"modifier", "group"}:
                modifier = hit[1]
            if token.lower_.rstrip("-") in _FORMER:
                former = True
        if country is None:
            for t in span:
                place = self._country_of_token(t)
                if place:
                    country = place
                    break
        if country is None:
            # "rebels in Darfur", "refugees fleeing the civil war in Liberia".
            for t in head.subtree:
                if t.i > head.i and not self._other_actor_at(t):
                    place = self._country_of_token(t)
                    if place:
                        country = place
                        break
        return country, modifier, former

    def _title_mention(self, span: Span, title: Title) -> None:
        if title.kind == "group" and self._named_group_before(span):
            return
        country, modifier, former = self._np_cues(span)
        sector = modifier.sector if modifier is not None else title.sector
        minority: str | None = None
        if country is not None and title.kind == "group" and _ethnic(span):
            minority, country = country, None
        role = title.role
        key = canonical_key(role)
        if title.kind == "person" and span[-1].tag_ in {"NNS", "NNPS"}:
            return  # "the two ministers": several persons, not one holder
        if title.kind == "person":
            country = country or title.country
            apposed = self._apposed_person(span)
            if apposed is not None:
                self._state_role(apposed, role, sector, country, former, span)
                return
            holder = self._holder(key, country, span.start)
            if holder is None and key in _GENERIC_PERSON_ROLES and country is None:
                holder = self._office_holder_before(span)
            if holder is not None:
                self.table.add_mention(holder.actor, span)
                return
            if country is None:
                return  # "the president" with no holder named: nobody in particular.
            if former and sector == "GOV":
                sector, role = "ELI", f"Former {role}"
            name = f"{role} of {self.kb.code_name(country)}"
            actor = self.table.add_actor(
                name, "person", country, sector, role, key=f"role:{country}:{canonical_key(role)}"
            )
            self.table.add_mention(actor, span)
            return
        if title.kind == "modifier":
            return
        if country is not None and sector == "GOV" and span[-1].lower_ in GOVERNMENT_NOUNS:
            government = self.table.find(f"country:{country}")
            if government is None:
                entry = self.kb.country(country)
                government = self.table.add_actor(
                    entry.name if entry else country,
                    "country",
                    country,
                    "GOV",
                    key=f"country:{country}",
                )
            self.table.add_mention(government, span)
            return
        if country is None and sector == "GOV":
            return  # "the leaders", "officials": nobody in particular.
        label = f"{self.kb.code_name(country)} {role}" if country else role
        if minority is not None:
            label = f"Ethnic {self.kb.country_name(minority) or minority} {role}"
        # "the Foreign Ministry", "the state-run news agency": a group title in the singular
        # names one body, not a people ("a rebel fighter" is one of a group: not a body).
        body = (
            span[-1].tag_ in {"NN", "NNP"}
            and span[-1].lower_ == title.term.split()[-1]
            and minority is None
        )
        definite = span[0].lower_ == "the" or (
            span.start > 0 and self.doc[span.start - 1].lower_ == "the"
        )
        if body and country is None and definite:
            named = self._named_body_before(span, sector)
            if named is not None:
                # "Hewlett-Packard … The company said": the body named before, not a new one.
                self.table.add_mention(named, span)
                return
        actor = self.table.add_actor(
            label,
            "organization" if body else "group",
            country,
            sector,
            key=f"group:{country or minority}:{canonical_key(role)}:{sector}:{minority}",
        )
        self.table.add_mention(actor, span)
        if body:
            self.noun_bodies.add(actor.id)
        if country is None:
            self.homeless.append((actor, span[-1].i, minority))

    def _named_body_before(self, span: Span, sector: str | None) -> Actor | None:
        """The organisation a definite body noun ("the company", "the newspaper", "the
        clinic") stands for: the latest one named before it of the noun's sector (for a
        hospital, a school or a court, one whose name holds the noun); failing that, the
        latest of no known sector named in the last few sentences. A body of another sector
        ("the Journal" for "the company") is never it."""
        doc = self.doc
        start = doc[span.start].idx
        recent = self._recent_start(span)
        noun = span[-1].lower_
        same: Actor | None = None
        unknown: Actor | None = None
        if self.persons_like is None:  # names are all found before body nouns are read
            self.persons_like = self._organizations_named_as_persons()
        persons_like = self.persons_like
        for mention in self.table.sorted_mentions():
            if mention.end > start:
                break
            actor = self.table.get(mention.actor)
            if (
                actor is None
                or actor.type != "organization"
                or actor.id in self.places
                or actor.id in self.noun_bodies
                or actor.id in persons_like
            ):
                continue
            if sector is not None and actor.sector == sector and (
                sector in _SECTOR_BODIES or noun in actor.name.lower()
            ):
                same = actor
            elif actor.sector is None and not (
                sector not in _SECTOR_BODIES and _WEB_ADDRESS.search(actor.name)
            ) and (
                mention.start >= doc[recent].idx
                # "Yorkville Endoscopy … at the clinic … the clinic's director": the body
                # an earlier "the clinic" stood for still is.
                or doc.text[mention.start : mention.end].lower().endswith(noun)
            ):
                unknown = actor
        return same or unknown

    def _recent_start(self, span: Span) -> int:
        """The first token of the sentences a noun phrase may look back over (its own and
        the ones before, ``_BODY_SENTS`` in all)."""
        doc = self.doc
        recent = doc[max(0, span.start - 1)].sent.start
        for _ in range(_BODY_SENTS - 1):
            if recent == 0:
                break
            recent = doc[recent - 1].sent.start
        return recent

    def _office_holder_before(self, span: Span) -> _Person | None:
        """ "Mohamed Alhakim, the Iraqi envoy to the U.N., … The official also said": the
        person last named before a definite generic role noun, in the last few sentences,
        whose role the text gave and is a state's office. "An intelligence official said …
        The official" is the unnamed one: the noun used in those sentences names nobody."""
        doc = self.doc
        if doc[span.start].lower_ != "the" and doc[max(0, span.start - 1)].lower_ != "the":
            return None
        low, high = doc[self._recent_start(span)].idx, doc[span.start].idx
        best: _Person | None = None
        best_at = -1
        for mention in self.table.mentions:
            person = self.person_by_actor.get(mention.actor)
            if (
                person is None
                or not person.roles
                or person.actor.sector not in _OFFICE_SECTORS
                or not low <= mention.start < high
            ):
                continue
            if mention.start > best_at:
                best, best_at = person, mention.start
        noun = span[-1].lower_
        if best is not None and any(
            t.lower_ == noun and t.i not in self.claimed
            for t in doc[self._recent_start(span) : span.start]
        ):
            return None  # "An intelligence official said Baghdadi was hit … The official"
        return best

    def _organizations_named_as_persons(self) -> set[str]:
        """Organisations (by the model's tag) that the text refers to with "who": "The ENT,
        who wasn't authorized, …" is a doctor, never what "the clinic" stands for."""
        doc = self.doc
        found: set[str] = set()
        for mention in self.table.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            after = doc[span.end : span.end + 2]
            if after and (after[0].lower_ == "who" or after[0].text == ",") and any(
                t.lower_ == "who" for t in after
            ):
                found.add(mention.actor)
        return found

    def _apposed_person(self, span: Span) -> _Person | None:
        """The person a title phrase stands in apposition to: "Soylu, Turkey's interior
        minister," and "Mladenov, the UN envoy to Iraq," when the parser missed it."""
        # The phrase's own first word: "Turkey" of "Turkey's interior minister".
        i = min(span.start, max(span[-1].left_edge.i, span.start - 5))
        if i < 2 or self.doc[i - 1].text != "," or self.doc[i - 1].sent.start > i - 2:
            return None
        return self._person_at(self.doc[i - 2])

    def _state_role(
        self,
        person: _Person,
        role: str,
        sector: str | None,
        country: str | None,
        former: bool,
        span: Span,
    ) -> None:
        """What an apposition says of a person: its role, sector and country."""
        if former:
            role = f"Former {role}"
            sector = "ELI" if sector == "GOV" else sector
        person.roles.add(canonical_key(role.removeprefix("Former ")))
        if country:
            person.countries.add(country)
        actor = person.actor
        self.table.learned_roles.append(
            LearnedRole(
                key=canonical_key(actor.name), name=actor.name, role=role, sector=sector,
                country=country, date=self.date, article=self.article, evidence=span.text,
            )
        )
        self._fill(actor, role, sector, country)
        self.table.add_mention(actor, span)

    def _named_group_before(self, span: Span) -> bool:
        """Whether a known group's name stands before a group noun ("Hezbollah guerrillas").

        The noun then means the group itself and becomes one of its mentions.
        """
        if span.start == 0:
            return False
        before = self.doc[span.start - 1]
        actor = self.table.get(self.table.actor_for_token(before))
        if (
            actor is None
            or actor.type != "group"
            or actor.id in self.places
            or actor.sector in (None, "CVL")
            or not span.start <= before.head.i < span.end
        ):
            return False
        self.table.add_mention(actor, span)
        return True

    def _holder(self, role_key: str, country: str | None, position: int) -> _Person | None:
        """The article's person holding a title (and, if given, of that country).

        Among several holders, the one whose country the paragraph is about, else the one
        mentioned last before ``position``.
        """
        here = self.doc[position].idx
        holders = [
            p for p in self.persons
            if any(_role_matches(role_key, held) for held in p.roles)
            and not (country and p.countries and country not in p.countries)
        ]
        if country is None and len(holders) > 1:
            # Two presidents at a meeting: the one whose side the paragraph is about.
            side = side_of_paragraph(
                self.table, here, [(p.actor.id, frozenset(p.countries)) for p in holders]
            )
            if side is not None:
                return self.person_by_actor[side]
        best: _Person | None = None
        best_at = -2
        for person in holders:
            at = max(
                (
                    m.start
                    for m in self.table.mentions
                    if m.actor == person.actor.id and m.start < here
                ),
                default=-1,
            )
            if at > best_at:
                best, best_at = person, at
        return best
