"""Pronouns: "he said" is the most recent compatible person, preferring subjects.

Genders come from first names, from possessive and reflexive pronouns ("broke her own
record") and from honorifics.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection

from spacy.tokens import Doc, Span, Token

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
# A person introduced by a noun: the name's token, the noun's lemma, the person, the noun's token.
_Introduced = tuple[int, str, _Person, int]
# Nouns for a person the text does not name (besides the person titles of titles.tsv).
_PERSON_NOUNS = frozenset(
    {"man", "woman", "boy", "girl", "teen", "teenager", "victim", "fighter", "suspect",
     "gunman", "attacker", "driver", "father", "mother", "dad", "mum", "mom", "son",
     "daughter", "husband", "wife", "student", "friend", "neighbour", "neighbor", "witness",
     "investigator", "source"}
)
# Nouns that, bare after "the", stand for a person named before, as "he" and "she" do.
_BARE_NOUNS = {"man": "m", "woman": "f"}
# Nouns for a parent and the gender they mark, and nouns for their children.
_PARENT_NOUNS = {"father": "m", "dad": "m", "mother": "f", "mom": "f", "mum": "f"}
_CHILD_NOUNS = frozenset(
    {"son", "daughter", "child", "children", "kids", "sons", "daughters", "baby"}
)
# Honorifics that say what a person is, as a noun before the name would ("Dr. Gwen Korovin
# … the doctor").
_HONORIFIC_NOUNS = {"dr": "doctor", "dr.": "doctor"}
# Sentences back (its own included) that "it" may reach for an organisation.
_IT_SENTS = 3
# Verbs whose "it" is empty ("it is clear", "it seems that") or seldom an organisation.
_EMPTY_IT_VERBS = frozenset(
    {"be", "seem", "appear", "look", "become", "remain", "happen", "matter", "mean", "turn",
     "take", "rain", "sound", "feel", "get", "go", "come", "work", "emerge", "transpire"}
)


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


def _bare_noun_gender(token: Token) -> str | None:
    """The gender of "the man" or "the woman" standing alone as a subject, which reads as
    "he" or "she" ("Igor Vorozhbitsyn, 42, was heading to his fishing spot … The man told
    the news agency …"); "the man who shot him", "the man in the car" bring someone new.
    Only persons known to be of that gender are then candidates."""
    gender = _BARE_NOUNS.get(token.lower_)
    if gender is None or token.tag_ != "NN":
        return None
    children = [c for c in token.children if c.dep_ != "punct"]
    if len(children) != 1 or children[0].dep_ != "det" or children[0].lower_ != "the":
        return None
    return gender


def _comma_between(first: Token, second: Token) -> bool:
    """Whether a comma stands between two tokens of one sentence."""
    low, high = sorted((first.i, second.i))
    return any(t.text == "," for t in first.doc[low + 1 : high])


def _introduced_unnamed(token: Token, naming: Collection[int] = ()) -> bool:
    """Whether the text brought in someone by the same noun before ("a woman sitting two
    rows in front of him … The woman"), other than at the tokens ``naming``, which give a
    named person's noun ("Mark Dunn, a veterinarian")."""
    doc = token.doc
    return any(
        t.lower_ == token.lower_ and t.i not in naming
        and any(c.lower_ in {"a", "an"} for c in t.children)
        for t in doc[: token.i]
    )


def _lone_recent(
    candidates: list[_Candidate], sent_index: dict[int, int], here: int
) -> _Person | None:
    """The one person named in the sentence just before a pronoun's, when the pronoun's own
    sentence names nobody before it and that sentence names nobody else and has no subject
    among them ("The bear mauled Vorozhbitsyn's face. He believes …")."""
    latest = max(sent_index.get(c[0], 0) for c in candidates)
    if latest != here - 1:
        return None
    recent = [c for c in candidates if sent_index.get(c[0], 0) == latest]
    persons = {id(c[1]) for c in recent}
    if len(persons) != 1 or any(c[2] for c in recent):
        return None
    return recent[0][1]


def _before_root(token: Token) -> bool:
    """Whether a name stands before its sentence's main verb and hangs on it as no object:
    the subject the parser missed ("Snopes.com came up with …" parsed as an auxiliary)."""
    verb = token.head
    return (
        verb.dep_ == "ROOT"
        and token.i < verb.i
        and token.dep_ in {"aux", "nsubj", "nsubjpass", "dep", "npadvmod", "compound"}
    )


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

    def _someone_unnamed(self, sents: list[Span], here: int, before: int) -> bool:
        """Whether the pronoun's sentence (before it) or the one before has an unnamed person
        for a subject ("The IS fighter, who suggests he …", "The masked militant warned
        President Obama … He also threatened …"): that one may be who the pronoun is."""
        doc = self.doc
        for number in (here - 1, here):
            if number < 0:
                continue
            sent = sents[number]
            for token in doc[sent.start : min(sent.end, before)]:
                if (
                    token.dep_ in {"nsubj", "nsubjpass"}
                    and token.pos_ == "NOUN"
                    and self.table.mention_for_token(token) is None
                    and (
                        token.lower_ in _PERSON_NOUNS
                        or (hit := self.owner.title_at(doc, token.i, token.i + 1)) is not None
                        and hit[1].kind == "person"
                    )
                ):
                    return True
        return False

    def _organization_pronouns(self) -> None:
        """ "Snopes.com came up with … It argued …", "Fitness First is launching … Its website
        cites …": "it" acting (or "its" before what acts) is the latest subject of the last
        few sentences when that is an organisation (not "Apple sold a dock. The dock charges
        … it holds …"). "It is clear", "it seems" and quoted words stand for nobody."""
        doc = self.doc
        lowers = self.owner.words(doc).lowers
        wanted = [i for i, lower in enumerate(lowers) if lower in {"it", "its"}]
        if not wanted:
            return
        sents = list(doc.sents) if doc.has_annotation("DEP") else [doc[:]]
        sent_of: dict[int, int] = {}
        for number, sent in enumerate(sents):
            for i in range(sent.start, sent.end):
                sent_of[i] = number
        # Every subject of a main clause in text order with the organisation it names (None
        # for any other: "the dock", "the attack", a person, a country).
        named: dict[int, str | None] = {}
        for mention in self.table.sorted_mentions():
            actor = self.table.get(mention.actor)
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if actor is None or span is None:
                continue
            if _subject_rank(span.root) == 2 or _before_root(span.root):
                is_org = actor.type == "organization" and actor.id not in self.places
                named[span.root.i] = actor.id if is_org else None
        if not any(named.values()):
            return
        for token in doc:
            if (
                _subject_rank(token) == 2
                and token.pos_ in {"NOUN", "PROPN"}
                and token.i not in named
                and self.table.mention_for_token(token) is None
            ):
                named[token.i] = None
        subjects = sorted(named.items())
        regions = _quoted_regions(self.owner.words(doc).text(doc))
        for i in wanted:
            token = doc[i]
            actor_id = self._organization_for(token, subjects, sent_of, regions)
            if actor_id is not None:
                actor = self.table.get(actor_id)
                added = actor is not None and self.table.add_mention(actor, doc[i : i + 1])
                if added and token.lower_ == "it":  # "It argued … It also added": a chain
                    subjects.append((i, actor_id))
                    subjects.sort()

    def _organization_for(
        self,
        token: Token,
        subjects: list[tuple[int, str | None]],
        sent_of: dict[int, int],
        regions: tuple[list[int], list[int]],
    ) -> str | None:
        """The organisation "it"/"its" at ``token`` stands for, if it stands for one."""
        if token.lower_ == "it":
            verb = token.head
            if token.dep_ != "nsubj" or verb.pos_ != "VERB" or verb.lemma_ in _EMPTY_IT_VERBS:
                return None
        elif token.tag_ != "PRP$" or token.dep_ != "poss" or token.head.dep_ != "nsubj":
            return None
        if _in_quote(regions, token.idx) or self.table.mention_for_token(token) is not None:
            return None
        here = sent_of.get(token.i, 0)
        before = [
            (i, org) for i, org in subjects
            if i < token.i and here - sent_of.get(i, 0) < _IT_SENTS and i != token.head.i
        ]
        # The latest subject before it, if an organisation: "Snopes.com came up with …
        # It argued", but not "Apple sold the dock. The dock charges … it holds …".
        return before[-1][1] if before else None

    def _parents(self) -> list[tuple[int, _Person]]:
        """Persons the text gives a child, with the token that says so: "Jason Steward told
        reporters that his son had seen the film", "Steward's daughter"."""
        doc = self.doc
        lowers = self.owner.words(doc).lowers
        found: list[tuple[int, _Person]] = []
        for i, lower in enumerate(lowers):
            if lower not in _CHILD_NOUNS:
                continue
            token = doc[i]
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is None:
                continue
            person = self._person_at(owner)
            if person is None and owner.lower_ in {"his", "her", "my"}:
                # The subject of the clause above the child's own: the one who says "my son"
                # or whose son the clause is about.
                node = token
                while person is None and node.head.i != node.i:
                    node = node.head
                    subjects = [
                        c for c in node.children
                        if c.dep_ in _SUBJECT_DEPS and not c.left_edge.i <= i <= c.right_edge.i
                    ]
                    if node.pos_ in {"VERB", "AUX"} and subjects:
                        person = self._person_at(subjects[0])
                        break
            if person is not None:
                found.append((i, person))
        return found

    def _kin_nouns(self) -> None:
        """ "Jason Steward said his son … But the dad assured reporters …": "the father",
        "the dad", "the mother", "the mum" is the latest person before it whom the text gave
        a child, of the noun's gender (or of none the text told)."""
        doc = self.doc
        lowers = self.owner.words(doc).lowers
        nouns = [i for i, lower in enumerate(lowers) if lower in _PARENT_NOUNS]
        if not nouns:
            return
        parents = self._parents()
        for i in nouns:
            token = doc[i]
            if (
                not i
                or lowers[i - 1] != "the"
                or token.dep_ in {"compound", "poss"}
                or any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
                or self.table.mention_for_token(token) is not None
            ):
                continue
            gender = _PARENT_NOUNS[lowers[i]]
            before = [p for at, p in parents if at < i and p.gender in (None, gender)]
            if before:
                self.table.add_mention(before[-1].actor, doc[i - 1 : i + 1])

    def _person_spans(self) -> list[tuple[Span, _Person]]:
        """The span of every mention of a person, with the person, in text order."""
        found = []
        for mention in self.table.sorted_mentions():
            person = self.person_by_actor.get(mention.actor)
            if person is None:
                continue
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None:
                found.append((span, person))
        return found

    def _introduced_as(
        self, spans: list[tuple[Span, _Person]]
    ) -> tuple[list[_Introduced], list[tuple[int, _Person]]]:
        """Persons with the common noun the text introduced them by (the name's token, the
        noun, the person, the noun's token), and every person's name by its token, in text
        order. The noun is one before the name ("NHL commissioner Gary Bettman", "Principal
        Jane Roe", "Dr. Gwen Korovin" as a doctor) or in apposition to it ("Mark Dunn, a
        veterinarian in St. John's", "the envoy, Mohamed Alhakim,")."""
        doc = self.doc
        found: list[_Introduced] = []
        named: list[tuple[int, _Person]] = []
        for span, person in spans:
            root = span.root
            named.append((root.i, person))
            # A noun before the name is a title when written as one or with modifiers of
            # its own ("Inspector Wendy Willson", "NHL commissioner Gary Bettman"), and never
            # with a determiner of its own ("In the letter Leelah wrote …").
            nouns = [
                c for c in root.children
                if c.dep_ == "compound" and c.i < span.start and c.pos_ in {"NOUN", "PROPN"}
                and c.text[:1].isalpha() and self.table.mention_for_token(c) is None
                and not any(d.dep_ == "det" for d in c.children)
                and (c.text[:1].isupper()
                     or any(d.dep_ in {"compound", "amod", "nmod"} for d in c.children))
            ]
            # Apposition is set off by a comma; the parser also reads "the letter Leelah"
            # as one.
            nouns += [c for c in root.children
                      if c.dep_ == "appos" and c.pos_ == "NOUN" and _comma_between(root, c)]
            head = root.head
            if root.dep_ == "appos" and head.pos_ == "NOUN" and _comma_between(head, root):
                nouns.append(head)
            for noun in nouns:
                found.append((root.i, noun.lemma_.lower(), person, noun.i))
            for token in doc[max(span.start - 1, 0) : span.end]:
                if token.lower_ in _HONORIFIC_NOUNS:
                    found.append((root.i, _HONORIFIC_NOUNS[token.lower_], person, token.i))
        return found, sorted(named, key=lambda item: item[0])

    def _role_nouns(self, spans: list[tuple[Span, _Person]]) -> list[tuple[Span, _Person]]:
        """ "NHL commissioner Gary Bettman … But the commissioner said": "the" and a singular
        noun standing alone is the latest person before it whom the text introduced by that
        noun (``_introduced_as``), as titles of ``titles.tsv`` find their holder. A noun with
        words of its own ("the doctor who treated him", "the principal of another school")
        brings someone new, and "a doctor … the doctor" is the unnamed one. Only the person
        named last before the noun is taken. ``spans``: the person mentions so far
        (``_person_spans``); returns the mentions it adds."""
        doc = self.doc
        introduced, named = self._introduced_as(spans)
        added: list[tuple[Span, _Person]] = []
        if not introduced:
            return added
        nouns = {noun for _, noun, _, _ in introduced}
        # "Mark Dunn, a veterinarian," introduces Dunn: that "a veterinarian" is nobody new.
        introducing = {at for _, _, _, at in introduced}
        lowers = self.owner.words(doc).lowers
        for i in range(1, len(lowers)):
            if lowers[i - 1] != "the":
                continue
            token = doc[i]
            if token.tag_ != "NN" or token.lemma_.lower() not in nouns:
                continue
            children = [c for c in token.children if c.dep_ != "punct"]
            if (
                len(children) != 1
                or children[0].i != i - 1
                or token.dep_ in {"compound", "poss", "appos"}
                or self.table.mention_for_token(token) is not None
                or _introduced_unnamed(token, introducing)
            ):
                continue
            before = [p for at, noun, p, _ in introduced if at < i and noun == token.lemma_.lower()]
            latest = [p for at, p in named if at < i]
            # Only while nobody else has been named since: "Daniel Morales, a freshman, …
            # Nikolai Hernandez said … 'I went outside', the freshman said" is Hernandez.
            if before and latest[-1] is before[-1]:
                span = doc[i - 1 : i + 1]
                if self.table.add_mention(before[-1].actor, span) is not None:
                    added.append((span, before[-1]))
        return added

    def _pronouns(self) -> None:
        self._organization_pronouns()
        if not self.persons:
            return
        self._kin_nouns()
        # The person mentions are read once, for the role nouns and the pronouns both.
        spans = self._person_spans()
        spans = sorted(
            spans + self._role_nouns(spans), key=lambda item: (item[0].start_char, item[0].end_char)
        )
        doc = self.doc
        sents = list(doc.sents) if doc.has_annotation("DEP") else [doc[:]]
        sent_index: dict[int, int] = {}
        for number, sent in enumerate(sents):
            for i in range(sent.start, sent.end):
                sent_index[i] = number
        # Person mentions in text order, with whether they were subjects.
        people = [(span.root.i, person, _subject_rank(span.root)) for span, person in spans]
        if not people:
            return
        lowers = self.owner.words(doc).lowers
        pronoun_sents: dict[str, set[int]] = {"m": set(), "f": set()}
        for i, lower in enumerate(lowers):
            marked = _PRONOUNS.get(lower) or _GENDERED.get(lower)
            if marked is not None:
                pronoun_sents[marked].add(sent_index.get(i, 0))
        regions: tuple[list[int], list[int]] | None = None
        for token in (
            doc[i] for i, lower in enumerate(lowers) if lower in _PRONOUNS or lower in _BARE_NOUNS
        ):
            gender = _PRONOUNS.get(token.lower_) or _bare_noun_gender(token)
            if gender is None or token.dep_ not in _SUBJECT_DEPS:
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
            if token.lower_ in _BARE_NOUNS:
                # "the woman" is a person named before only when the text told her gender,
                # and never after "a woman …" brought in someone unnamed.
                candidates = [c for c in candidates if c[1].gender == gender]
                if _introduced_unnamed(token):
                    continue
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
            lone = None
            if (
                reporter is None
                and here - 1 not in pronoun_sents[gender]
                and not self._someone_unnamed(sents, here, token.i)
            ):
                # "… his phone rang and Bieber's melody scared the bear. The man said …":
                # "his" is someone else the sentence speaks of, so not this rule.
                lone = _lone_recent(candidates, sent_index, here)
            if lone is not None:
                # "… citing a doctor named Siruwan al-Mosuli. He told the site …": the one
                # person of the sentence just before, where nobody is a subject, is nearer
                # than an older subject, whatever the article told of genders.
                candidates = [c for c in candidates if c[1] is lone]
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
