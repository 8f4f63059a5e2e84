"""Actor and recipient of events in hard syntactic spots (model-marked, invented sentences)."""

from __future__ import annotations

from typing import Any

import pytest

from rashomon.records import AnalyzedArticle, Article

pytestmark = pytest.mark.model


def _main(nlp: Any, text: str) -> tuple[str | None, str | None]:
    from rashomon.nlp.pipeline import analyze_batch

    (record,) = list(analyze_batch(nlp, [Article(id="t", text=text, published="2020-05-01")]))
    assert isinstance(record, AnalyzedArticle) and record.events, text
    event = record.events[0]
    country = {a.id: a.country for a in record.actors}
    return country.get(event.actor or ""), country.get(event.recipient or "")


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # the pronoun subject of a clause under "willing"/"prepared" is the speaker
        ("Syria says it is willing to withdraw its troops from Lebanon.", "SYR"),
        # a stative passive: the subject acts
        ("Serb forces were engaged in heavy fighting against Croatian troops.", "SRB"),
        # the conjunct verb of a passive clause is active
        ("Montenegro's prime minister has been hospitalised and will resign.", "MNE"),
        # the compound names the group, not the "pro-Iranian" modifier
        ("The pro-Iranian Hizbollah group declared a ceasefire in Lebanon.", "LBN"),
        # an ethnic minority belongs to the country it lives in
        ("Ethnic Albanians protested in Skopje against Macedonia's new law.", "MKD"),
        # a people named with its country's adjective
        ("Iraqi Kurds demanded autonomy from Baghdad.", "IRQ"),
    ],
)
def test_actor_country(nlp: Any, text: str, actor: str) -> None:
    assert _main(nlp, text)[0] == actor
