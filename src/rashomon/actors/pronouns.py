"""Pronouns: "he said" is the most recent compatible person, preferring subjects.

Genders come from first names, from possessive and reflexive pronouns ("broke her own
record") and from honorifics.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from ..statements import find_quotes
from .common import (
    _BY_PRONOUN,
    _GENDERED,
    _PRONOUN_SENTS,
    _PRONOUNS,
    _SUBJECT_DEPS,
    _Person,
    _set_gender,
    _subject_rank,
)
from .state import _RunState

_Candidate = tuple[int, _Person, int]


def _quoted_regions(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends (characters, in order) of the quoted passages of a document's text."""
    quotes, _ = find_quotes(text)
    spans = sorted((q.start, q.end) for q in quotes)
    return [start for start, _ in spans], [end for _, end in spans]


def _in_quote(regions: tuple[list[int], list[int]], char: int) -> bool:
    starts, ends = regions
    at = bisect_right(starts, char) - 1
    return at >= 0 and char < ends[at]


def _reporting_subject(
    doc: Doc, pronoun: Token, candidates: list[_Candidate]
) -> _Candidate | None:
    """The candidate who is the subject of the verb whose clause the pronoun is the subject
    of ("X said that he …", "X, the secretary, told reporters she …"), if any."""
    verb = pronoun.head
    if verb.dep_ != "ccomp" or verb.head.i == verb.i:
        return None
    matrix = verb.head
    for candidate in candidates:
        node = doc[candidate[0]]
        while node.dep_ in ("appos", "compound") and node.head.i != node.i:
            node = node.head  # "The press secretary, Josh Earnest," / "Josh Earnest"
        if node.dep_ == "nsubj" and node.head.i == matrix.i:
            return candidate
    return None


class _Pronouns(_RunState):
    """Genders of persons, and the persons pronouns stand for."""

    # -- pronouns ---------------------------------------------------------------------------

    def _learn_genders(self) -> None:
        """ "Lehtonen broke her own record", "Sorokin himself": the subject's gender.

        A possessive or reflexive pronoun is read as the subject of the nearest clause above
        it, unless the pronoun stands inside that subject ("Her coach, Mikko Virtanen").
        """
        if not self.persons:
            return
        lowers = self.owner.words(self.doc).lowers
        for token in (self.doc[i] for i, lower in enumerate(lowers) if lower in _GENDERED):
            gender = _GENDERED[token.lower_]
            if token.lower_ == "her" and token.tag_ != "PRP$":
                continue
            node = token
            while node.head.i != node.i:
                child, node = node, node.head
                if child.dep_ in _SUBJECT_DEPS:
                    break
                person = self.person_by_actor.get(self.table.actor_for_token(node) or "")
                if person is None:
                    subjects = [c for c in node.children if c.dep_ in _SUBJECT_DEPS]
                    if not subjects:
                        continue
                    if any(c.tag_ == "TO" for c in node.children):
                        # "pleaded with the leader not to kill her son", "asked him to
                        # return her passport": an infinitive's own subject is the one asked
                        # to act, and the pronoun is as often the asker's.
                        break
                    person = self._person_at(subjects[0])
                if person is not None:
                    _set_gender(person, gender, _BY_PRONOUN)
                break

    def _pronouns(self) -> None:
        if not self.persons:
            return
        doc = self.doc
        sents = list(doc.sents) if doc.has_annotation("DEP") else [doc[:]]
        sent_index: dict[int, int] = {}
        for number, sent in enumerate(sents):
            for i in range(sent.start, sent.end):
                sent_index[i] = number
        # Person mentions in text order, with whether they were subjects.
        people: list[tuple[int, _Person, int]] = []
        for mention in self.table.sorted_mentions():
            person = self.person_by_actor.get(mention.actor)
            if person is None:
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            people.append((span.root.i, person, _subject_rank(span.root)))
        if not people:
            return
        lowers = self.owner.words(doc).lowers
        regions: tuple[list[int], list[int]] | None = None
        for token in (doc[i] for i, lower in enumerate(lowers) if lower in _PRONOUNS):
            gender = _PRONOUNS[token.lower_]
            if token.dep_ not in _SUBJECT_DEPS:
                continue
            if regions is None:
                regions = _quoted_regions(self.owner.words(doc).text(doc))
            here = sent_index.get(token.i, 0)
            candidates = [
                (i, person, rank)
                for i, person, rank in people
                if i < token.i
                and here - sent_index.get(i, 0) < _PRONOUN_SENTS
                and person.gender in (None, gender)
            ]
            if not candidates:
                continue
            if not _in_quote(regions, token.idx):
                # '"Steven is a loyal son," she said': a person named inside a quotation
                # is what the speaker talks about, seldom who "she" outside it is.
                outside = [c for c in candidates if not _in_quote(regions, doc[c[0]].idx)]
                candidates = outside or candidates
            reporter = _reporting_subject(doc, token, candidates)
            if reporter is not None:
                # "Josh Earnest said that he could not confirm …": the one who reports it,
                # whatever the article told of the genders of others.
                candidates = [reporter]
                if reporter[1].gender is None:
                    _set_gender(reporter[1], gender, _BY_PRONOUN)  # for "He said" next
            # "Merkel received Johnson. Johnson said …. She said …": a person known to be of
            # the pronoun's gender wins over one whose gender the article never told.
            known = [c for c in candidates if c[1].gender == gender]
            if known:
                candidates = known
            # The latest sentence with a subject; in it, the main clause's subject before a
            # subordinate one ("Harlow said that Sorokin denied it. He said …" is Harlow).
            subjects = [c for c in candidates if c[2]]
            if subjects:
                chosen = max(subjects, key=lambda c: (sent_index.get(c[0], 0), c[2], c[0]))[1]
            else:
                chosen = candidates[-1][1]
            if self.table.add_mention(chosen.actor, doc[token.i : token.i + 1]) is not None:
                people.append((token.i, chosen, _subject_rank(token)))
                people.sort(key=lambda item: item[0])
