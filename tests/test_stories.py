"""Story grouping and story records on hand-built analysed articles (no model)."""

from __future__ import annotations

import random

import pytest

from rashomon.evaluation.stories import bcubed
from rashomon.records import Actor, AnalyzedArticle, Event, Mention, Statement
from rashomon.stories import (
    GroupingSettings,
    StoryGrouper,
    articles_by_outlet,
    build_story,
    story_id,
    story_overview,
)
from rashomon.stories.synthetic import synthetic_corpus

GENEVA = (
    "Secretary of State Daniel Harlow met Foreign Minister Mikhail Sorokin in Geneva for "
    "closed-door talks on election interference, embassy staffing and the hacking of "
    "campaign servers. The meeting ran past two hours and no joint statement was issued."
)
GENEVA_2 = (
    "The Geneva talks between Harlow and Sorokin on election interference and the hacking "
    "of campaign servers lasted more than two hours; embassy staffing was also discussed, "
    "officials said, and no joint statement followed the closed-door meeting."
)
HELSINKI = (
    "Harlow and Sorokin agreed in Helsinki to exchange prisoners held on espionage "
    "charges. Finland will host the swap at the airport within weeks, the ministers said "
    "after three hours of talks at the presidential palace."
)
SPACE = (
    "The American and Russian space agencies extended their seat-swap deal for space "
    "station crews until 2028. A cosmonaut will fly on an American capsule and an "
    "astronaut on a Soyuz rocket from Baikonur on each rotation."
)


def person(i: str, name: str) -> Actor:
    return Actor(id=i, name=name, type="person")


def country(i: str, name: str) -> Actor:
    return Actor(id=i, name=name, type="country")


def record(
    aid: str,
    published: str | None,
    text: str,
    actors: list[Actor],
    outlet: str = "Baltic Wire",
    title: str | None = None,
    events: list[Event] | None = None,
    statements: list[Statement] | None = None,
) -> AnalyzedArticle:
    return AnalyzedArticle(
        id=aid,
        url=None,
        outlet=outlet,
        published=published,
        title=title,
        language="en",
        text=text,
        actors=actors,
        events=events or [],
        statements=statements or [],
    )


US_RU = [
    person("a1", "Daniel Harlow"),
    person("a2", "Mikhail Sorokin"),
    country("a3", "United States"),
    country("a4", "Russia"),
]


def meet(start: int = 0, end: int = 10) -> Event:
    return Event(
        type="CONSULT",
        mode=None,
        context=[],
        cameo="040",
        actor="a1",
        recipient="a2",
        negated=False,
        modality=None,
        date=None,
        location=None,
        start=start,
        end=end,
        trigger="met",
    )


def grouped(records: list[AnalyzedArticle], **kw: float) -> dict[str, str]:
    grouper = StoryGrouper(GroupingSettings(**kw))  # type: ignore[arg-type]
    grouper.add(records)
    return grouper.story_of


def test_same_event_across_outlets_and_days_is_one_story() -> None:
    stories = grouped(
        [
            record("a", "2025-03-11", GENEVA, US_RU, "Capital Tribune", events=[meet()]),
            record("b", "2025-03-13", GENEVA_2, US_RU, "Eastern Dispatch", events=[meet()]),
        ]
    )
    assert stories["a"] == stories["b"]


def test_same_leaders_months_apart_are_two_stories() -> None:
    # Identical text even: the window alone keeps two summits months apart apart.
    stories = grouped(
        [
            record("a", "2025-03-11", GENEVA, US_RU),
            record("b", "2025-07-21", GENEVA, US_RU),
        ]
    )
    assert stories["a"] != stories["b"]


def test_same_countries_on_a_different_matter_stay_apart() -> None:
    space_actors = [
        country("a1", "United States"),
        country("a2", "Russia"),
        Actor(id="a3", name="NASA", type="organization"),
    ]
    stories = grouped(
        [
            record("a", "2025-03-11", GENEVA, US_RU),
            record("b", "2025-03-12", SPACE, space_actors),
        ]
    )
    assert stories["a"] != stories["b"]


def test_syndicated_copy_joins_its_wire_story() -> None:
    copy = GENEVA + " This article was provided by Baltic Wire."
    # The copy's actors were resolved differently: only a country is shared, yet the
    # MinHash of the near-identical text recognises it.
    stories = grouped(
        [
            record("wire", "2025-03-11", GENEVA, US_RU),
            record("copy", "2025-03-11", copy, [country("a1", "Russia")], "The Northern Ledger"),
        ]
    )
    assert stories["wire"] == stories["copy"]


def test_candidates_come_only_from_shared_keys_within_the_window() -> None:
    grouper = StoryGrouper(GroupingSettings(window_days=4))
    grouper.add(
        [
            record("near", "2025-03-11", GENEVA, US_RU),
            record("far", "2025-05-11", GENEVA, US_RU),
            record("text", "2025-03-11", GENEVA, [person("a1", "Somebody Else")]),
            record("apart", "2025-03-11", SPACE, [person("a1", "Somebody Else")]),
        ]
    )
    grouper.add([record("new", "2025-03-13", GENEVA_2, US_RU)])
    new = grouper.features("new")
    # Shared actors or shared distinctive terms propose; two months away, nothing does.
    assert new is not None and sorted(grouper.candidates(new)) == ["near", "text"]


def test_story_id_is_stable_and_derived_from_the_first_article() -> None:
    stories = grouped([record("first", "2025-03-11", GENEVA, US_RU)])
    assert stories["first"] == story_id("first") == "s-" + story_id("first")[2:]
    assert story_id("first") != story_id("second")


def test_state_is_kept_per_article_and_a_new_grouper_carries_on() -> None:
    grouper = StoryGrouper()
    grouper.add(
        [
            record("a", "2025-03-11", GENEVA, US_RU),
            record("s", "2025-03-11", SPACE, [country("a1", "Russia")]),
        ]
    )
    rows = grouper.state.conn.execute("SELECT count(*) FROM grouping_articles").fetchone()[0]
    assert rows == 2
    # A second grouper over the same tables knows everything the first one wrote.
    restored = StoryGrouper(conn=grouper.state.conn)
    changed = restored.add([record("b", "2025-03-12", GENEVA_2, US_RU)])
    assert changed == {"b": restored.story_of["a"]}
    assert restored.story_of["a"] == story_id("a")
    assert restored.stories()[restored.story_of["a"]] == ["a", "b"]


def test_a_bridging_article_merges_stories_and_reports_the_moves() -> None:
    grouper = StoryGrouper(GroupingSettings(window_days=4))
    grouper.add([record("early", "2025-03-10", GENEVA, US_RU)])
    grouper.add([record("late", "2025-03-16", GENEVA, US_RU)])  # 6 days: outside the window
    assert grouper.story_of["early"] != grouper.story_of["late"]
    changed = grouper.add([record("middle", "2025-03-13", GENEVA, US_RU)])
    assert len(set(grouper.story_of.values())) == 1
    assert changed == {"late": story_id("early"), "middle": story_id("early")}


def test_re_adding_an_article_changes_nothing() -> None:
    grouper = StoryGrouper()
    batch = [record("a", "2025-03-11", GENEVA, US_RU), record("b", "2025-03-12", GENEVA_2, US_RU)]
    grouper.add(batch)
    before = dict(grouper.story_of)
    grouper.add(batch)
    assert grouper.story_of == before
    assert grouper.state.n_docs == 2


def test_undated_articles_still_group_on_actors_and_text() -> None:
    stories = grouped(
        [record("a", None, GENEVA, US_RU), record("b", "2025-03-11", GENEVA_2, US_RU)]
    )
    assert stories["a"] == stories["b"]


@pytest.mark.parametrize("seed", [1, 2])
def test_input_order_tolerance(seed: int) -> None:
    """Sorted vs shuffled batches of one synthetic corpus: B-cubed F1 ≥ 0.95 between them."""
    records, truth = synthetic_corpus(1500, seed=seed)
    ordered = StoryGrouper()
    ordered.add(records)
    shuffled = list(records)
    random.Random(seed).shuffle(shuffled)
    incremental = StoryGrouper()
    for start in range(0, len(shuffled), 100):
        incremental.add(shuffled[start : start + 100])
    assert bcubed(incremental.story_of, ordered.story_of).f1 >= 0.95
    assert bcubed(ordered.story_of, truth).f1 >= 0.95


def test_within_a_batch_order_does_not_matter() -> None:
    records, _ = synthetic_corpus(400, seed=3)
    a, b = StoryGrouper(), StoryGrouper()
    a.add(records)
    b.add(list(reversed(records)))
    assert a.story_of == b.story_of


def test_bcubed_scores_known_clusterings() -> None:
    gold = {"a": "x", "b": "x", "c": "y"}
    assert bcubed(gold, gold).f1 == 1.0
    split = bcubed({"a": "1", "b": "2", "c": "3"}, gold)
    assert split.precision == 1.0 and split.recall == pytest.approx(2 / 3)
    lumped = bcubed({"a": "1", "b": "1", "c": "1"}, gold)
    assert lumped.recall == 1.0 and lumped.precision == pytest.approx(5 / 9)


def test_build_story_matches_the_story_contract() -> None:
    text = '"We pressed them hard," Harlow said. Sorokin met Harlow in Geneva.'
    statement = Statement(
        speaker="a1",
        speaker_text="Harlow",
        speaker_start=27,
        speaker_end=33,
        content="We pressed them hard",
        start=1,
        end=21,
        direct=True,
        cue="say",
    )
    records = [
        record(
            "b",
            "2025-03-12",
            text,
            US_RU,
            "Eastern Dispatch",
            title=None,
            events=[meet(35, 66)],
            statements=[statement],
        ),
        record(
            "a",
            "2025-03-11",
            text,
            US_RU,
            "Capital Tribune",
            title="Harlow meets Sorokin",
            events=[meet(35, 66)],
        ),
        record("z", "2025-03-11", SPACE, [], "Other"),
    ]
    records[0].mentions = [Mention(actor="a1", start=27, end=33, text="Harlow")]
    story = build_story(records, ["a", "b"])
    data = story.to_dict()
    assert list(data) == [
        "id",
        "title",
        "start",
        "end",
        "articles",
        "actors",
        "events",
        "claims",
        "comparisons",
        "date",
        "copies",
    ]
    assert story.id == story_id("a")
    assert story.title == "Harlow meets Sorokin"
    assert (story.start, story.end) == ("2025-03-11", "2025-03-12")
    assert story.articles == ["a", "b"]
    assert story.actors[:2] == ["Daniel Harlow", "Mikhail Sorokin"]
    main = story.events[0]
    assert (main["type"], main["actor"], main["recipient"]) == (
        "CONSULT",
        "Daniel Harlow",
        "Mikhail Sorokin",
    )
    assert main["articles"] == ["a", "b"]
    said = [c for c in story.claims if c.statement == 0]
    assert said[0].speaker == "Daniel Harlow" and said[0].predicate == "press"
    assert text[said[0].start : said[0].end] == said[0].text
    overview = story_overview(story, records)
    assert overview["articles_by_outlet"] == {"Capital Tribune": ["a"], "Eastern Dispatch": ["b"]}
    assert overview["main_event"] == main
    assert articles_by_outlet([records[2]]) == {"Other": ["z"]}


def test_embeddings_join_paraphrases_that_share_few_words() -> None:
    # Two retellings with almost no words in common: text similarity alone keeps them apart,
    # an embedder that knows they say the same thing brings them together.
    one = record("a", "2025-03-11", "Ministers convened behind closed doors.", US_RU[:2])
    two = record("b", "2025-03-11", "Diplomats gathered for private talks.", US_RU[:2])
    assert grouped([one, two])["a"] != grouped([one, two])["b"]

    def same_meaning(texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.0] for _ in texts]

    grouper = StoryGrouper(embedder=same_meaning)
    grouper.add([one, two])
    assert grouper.story_of["a"] == grouper.story_of["b"]
    stored = grouper.features("a")
    assert stored is not None and stored.embedding is not None
    assert stored.embedding.tolist() == [1.0, 0.0]


def test_actor_overlap_is_the_weighted_jaccard_of_the_actors() -> None:
    from rashomon.stories.grouper import actor_overlap

    people = {"Daniel Harlow": 1.0, "Mikhail Sorokin": 1.0}
    assert actor_overlap(people, dict(people)) == 1.0
    assert actor_overlap(people, {"NASA": 0.7}) == 0.0
    assert actor_overlap(people, {}) is None
    # Sharing a person says more than sharing a country (their type weights).
    with_country = {**people, "Russia": 0.35}
    assert actor_overlap(with_country, {"Daniel Harlow": 1.0}) == pytest.approx(1.0 / 2.35)
    assert actor_overlap(with_country, {"Russia": 0.35}) == pytest.approx(0.35 / 2.35)


def _one_topic(texts: list[str]) -> list[list[float]]:
    # An embedder that rates every text as one topic: only text and actors tell pairs apart.
    return [[1.0, 0.0] for _ in texts]


def _shared_and_unshared_scores(weight_actors: float) -> tuple[float, float]:
    """Scores of Geneva against its retelling naming the same actors, and naming others."""
    others = [person("b1", "Somebody Else"), person("b2", "Another Person")]
    grouper = StoryGrouper(GroupingSettings(weight_actors=weight_actors), embedder=_one_topic)
    grouper.add([
        record("a", "2025-03-11", GENEVA, US_RU),
        record("b", "2025-03-11", GENEVA_2, US_RU),
        record("c", "2025-03-11", GENEVA_2, others),
    ])
    a, b, c = (grouper.features(x) for x in "abc")
    assert a is not None and b is not None and c is not None
    (shared, _), (unshared, _) = grouper.scores(a, [b, c])
    return shared, unshared


def test_shared_people_raise_a_pairs_score_beside_embeddings() -> None:
    shared, unshared = _shared_and_unshared_scores(0.2)
    plain_shared, plain_unshared = _shared_and_unshared_scores(0.0)
    assert plain_shared == pytest.approx(plain_unshared)
    assert shared > unshared
    assert shared == pytest.approx(0.8 * plain_shared + 0.2 * 1.0)
    assert unshared == pytest.approx(0.8 * plain_unshared)


def test_shared_actors_alone_never_make_a_story_with_embeddings() -> None:
    # Same leaders, same day, unrelated matters: every actor shared, the embeddings and the
    # words apart. The actor term alone stays below the default threshold.
    space = SPACE.replace("agencies", "leaders")
    grouper = StoryGrouper(GroupingSettings(), embedder=lambda texts: [
        [1.0, 0.0] if "Geneva" in t else [0.0, 1.0] for t in texts])
    grouper.add([record("a", "2025-03-11", GENEVA, US_RU), record("b", "2025-03-11", space, US_RU)])
    assert grouper.story_of["a"] != grouper.story_of["b"]


def test_no_embedder_without_the_extra() -> None:
    from rashomon.stories.embeddings import load_embedder

    assert load_embedder("rashomon_no_such_package") is None


def test_removing_the_bridge_splits_the_story() -> None:
    grouper = StoryGrouper(GroupingSettings(window_days=4))
    grouper.add([record("early", "2025-03-10", GENEVA, US_RU)])
    grouper.add([record("late", "2025-03-16", GENEVA, US_RU)])
    grouper.add([record("middle", "2025-03-13", GENEVA, US_RU)])
    assert len(set(grouper.story_of.values())) == 1
    changed = grouper.remove(["middle"])
    # Six days apart, early and late never held together on their own.
    assert grouper.story_of == {"early": story_id("early"), "late": story_id("late")}
    assert changed == {"late": story_id("late")}


def test_a_changed_article_leaves_the_story_it_no_longer_fits() -> None:
    grouper = StoryGrouper()
    grouper.add([
        record("a", "2025-03-11", GENEVA, US_RU), record("b", "2025-03-11", GENEVA_2, US_RU)
    ])
    assert grouper.story_of["a"] == grouper.story_of["b"]
    grouper.add([record("b", "2025-03-11", SPACE, [country("a1", "Russia")])])
    assert grouper.story_of["a"] != grouper.story_of["b"]
    assert len(grouper) == 2


def test_copies_are_one_story_and_marked_as_copies() -> None:
    copy = GENEVA + " This article was provided by Baltic Wire."
    grouper = StoryGrouper()
    grouper.add([
        record("wire", "2025-03-11T08:00:00", GENEVA, US_RU),
        record("copy", "2025-03-11T14:30:00", copy, US_RU, "The Northern Ledger"),
        record("own", "2025-03-12", GENEVA_2, US_RU, "Capital Tribune"),
    ])
    assert len(set(grouper.story_of.values())) == 1
    assert grouper.copies() == {"copy": "wire"}


def dated_event(kind: str, day: str, start: int = 0) -> Event:
    return Event(type=kind, mode=None, context=[], cameo=None, actor="a1", recipient="a2",
                 negated=False, modality=None, date=day, location="Geneva", start=start,
                 end=start + 10, trigger="met")


LATER_REPORT = (
    "Three weeks on, officials gave the first full account of the Geneva talks between "
    "Harlow and Sorokin on election interference and the hacking of campaign servers, "
    "which ran past two hours behind closed doors with no joint statement."
)
LATER_ANALYSIS = (
    "Harlow accused Moscow on Wednesday of stalling on prisoner talks. Analysts recalled "
    "that his Geneva meeting with Sorokin on election interference had ended without a "
    "joint statement, and said the new dispute over detained citizens may derail the thaw."
)


def test_a_later_piece_joins_only_when_it_reports_the_event() -> None:
    story = record("geneva", "2025-03-11", GENEVA, US_RU,
                   events=[dated_event("CONSULT", "2025-03-11")])
    # Published weeks later, but its main event is the Geneva meeting, dated by the text.
    report = record("report", "2025-04-01", LATER_REPORT, US_RU,
                    events=[dated_event("CONSULT", "2025-03-11")])
    # Published weeks later about something new; Geneva is only background.
    analysis = record("analysis", "2025-04-02", LATER_ANALYSIS, US_RU,
                      events=[dated_event("ACCUSE", "2025-04-02"),
                              dated_event("CONSULT", "2025-03-11", start=60)])
    stories = grouped([story, report, analysis])
    assert stories["report"] == stories["geneva"]
    assert stories["analysis"] != stories["geneva"]


def test_date_distance_lowers_the_score() -> None:
    grouper = StoryGrouper(GroupingSettings(window_days=4))
    grouper.add([
        record("a", "2025-03-10", GENEVA, US_RU),
        record("b", "2025-03-10", GENEVA_2, US_RU),
        record("c", "2025-03-13", GENEVA_2, US_RU),
    ])
    a, b, c = (grouper.features(x) for x in "abc")
    assert a is not None and b is not None and c is not None
    (same_day, _), (three_days, _) = grouper.scores(a, [b, c])
    assert three_days == pytest.approx(same_day * (1 - 0.5 * 3 / 4))


def test_shared_actors_alone_never_make_a_story() -> None:
    # The same two leaders on the same day, about unrelated matters.
    stories = grouped([
        record("a", "2025-03-11", GENEVA, US_RU),
        record("b", "2025-03-11", SPACE.replace("agencies", "leaders"), US_RU),
    ])
    assert stories["a"] != stories["b"]


def test_scores_a_hair_above_one_still_cluster() -> None:
    from rashomon.stories.grouper import average_linkage

    # A near-identical pair's cosine can round above 1; the distance must not go negative.
    edges = [("a", "b", 1.0000002, False), ("b", "c", 0.1, False)]
    labels = average_linkage(["a", "b", "c"], edges, 0.5)
    assert labels[0] == labels[1] != labels[2]


def test_recut_gives_what_grouping_at_that_threshold_gives() -> None:
    records, _truth = synthetic_corpus(120, seed=3)
    grouper = StoryGrouper(GroupingSettings(threshold=0.15))
    grouper.add(records)
    at_once = grouper.recuts((0.05, 0.3, 0.6))
    for threshold in (0.05, 0.3, 0.6):
        fresh = StoryGrouper(GroupingSettings(threshold=threshold))
        fresh.add(records)
        expected = {frozenset(members) for members in fresh.stories().values()}
        assert {frozenset(c) for c in grouper.recut(threshold)} == expected
        # The thresholds cut together, from edges read once, give the same stories.
        assert {frozenset(c) for c in at_once[threshold]} == expected


def test_nested_selection_chooses_on_the_training_folds_only() -> None:
    from collections.abc import Sequence

    from rashomon.evaluation.stories_crossval import select_by_cross_validation

    gold = {f"{story}{k}": story for story in "abcdefghij" for k in range(3)}
    records = [record(aid, "2025-03-11", GENEVA, US_RU) for aid in gold]
    folds = [{a for a in gold if a[0] in pair} for pair in ("ab", "cd", "ef", "gh", "ij")]

    def right(rs: Sequence[AnalyzedArticle], ts: Sequence[float]) -> dict[float, dict[str, str]]:
        return {t: {r.id: gold[r.id] for r in rs} for t in ts}

    def lumped(rs: Sequence[AnalyzedArticle], ts: Sequence[float]) -> dict[float, dict[str, str]]:
        return {t: {r.id: "one" for r in rs} for t in ts}

    choice = select_by_cross_validation({"lumped": lumped, "right": right}, records, gold, folds,
                                        grid=(0.1, 0.2))
    assert choice.chosen == ("right",) * 5
    assert choice.out_of_fold == 1.0 and choice.thresholds == (0.1,) * 5


def test_idf_prior_keeps_a_storys_own_words_rare_in_a_small_store() -> None:
    import numpy as np

    from rashomon.stories.features import tfidf

    # Term 0 is the story's name, in 3 of the 4 documents seen; term 1 is in one of them.
    tf, df = np.array([1.0, 1.0]), np.array([3, 1])
    plain = tfidf(tf, df, n_docs=4)
    with_prior = tfidf(tf, df, n_docs=4, prior_docs=5000)
    # Without a prior the story's name weighs far less than the rare word; with it, the two
    # come close, as they would in a store that also holds the rest of the news.
    assert plain[0] / plain[1] < 0.7
    assert with_prior[0] / with_prior[1] > 0.85
    assert float(np.linalg.norm(with_prior)) == pytest.approx(1.0)
    # With no prior the weights are the usual smoothed idf.
    idf = np.log(5 / (1 + df)) + 1
    assert plain == pytest.approx(idf / np.linalg.norm(idf))


def test_idf_prior_raises_the_similarity_of_a_storys_articles_in_a_young_store() -> None:
    # Three of four articles report the Geneva talks: without a prior their shared words
    # count as common, so the pair scores lower than it would in a large store.
    records = [
        record("a", "2025-03-10", GENEVA, US_RU),
        record("b", "2025-03-10", GENEVA_2, US_RU),
        record("c", "2025-03-10", GENEVA + " Officials declined to comment.", US_RU),
        record("d", "2025-03-10", SPACE, US_RU),
    ]

    def pair_score(prior: int) -> float:
        grouper = StoryGrouper(GroupingSettings(idf_prior_docs=prior))
        grouper.add(records)
        a, b = grouper.features("a"), grouper.features("b")
        assert a is not None and b is not None
        return grouper.scores(a, [b])[0][0]

    assert pair_score(5000) > pair_score(0) + 0.02
