"""The event lexicon, the CAMEO table and user lexicon files (no model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.errors import RashomonError
from rashomon.events.lexicon import cameo_info, cameo_root, cameo_table, load_lexicon, quad_class
from rashomon.records import PLOVER_TYPES


def test_every_plover_type_has_verb_and_noun_triggers() -> None:
    lexicon = load_lexicon()
    verb_types = {t.type for t in lexicon.entries() if t.pos == "V"}
    assert verb_types == set(PLOVER_TYPES)
    noun_types = {t.type for t in lexicon.entries() if t.pos == "N"}
    assert len(noun_types) >= 14


def test_every_lexicon_cameo_code_has_quad_class_and_goldstein() -> None:
    table = cameo_table()
    for trigger in load_lexicon().entries():
        assert trigger.cameo in table, trigger
        quad, goldstein = cameo_info(trigger.cameo)
        assert quad == quad_class(trigger.cameo)
        assert goldstein is not None and -10.0 <= goldstein <= 10.0


def test_cameo_info_falls_back_to_parent_codes() -> None:
    assert cameo_info("163") == (4, -8.0)
    assert cameo_info("0871") == (2, 9.0)
    # An unlisted sub-code takes its root's values.
    assert cameo_info("1999") == cameo_info("19")
    assert cameo_info(None) == (None, None)
    assert cameo_root("0871") == "08"


def test_more_specific_entries_come_first() -> None:
    lexicon = load_lexicon()
    impose = lexicon.verbs["impose"]
    assert all(t.objects for t in impose)
    call = lexicon.verbs["call"]
    assert call[0].specificity >= call[-1].specificity


def test_user_tsv_adds_replaces_and_drops(tmp_path: Path) -> None:
    user = tmp_path / "mine.tsv"
    user.write_text(
        "#type\tmode\tcameo\tpos\tlemma\tparticle\tobjects\tflags\n"
        "SANCTION\t-\t163\tV\tostracize\t-\t-\t-\n"
        "REQUEST\t-\t020\tV\tpress\t-\t-\t-\n"
        "DROP\t-\t-\tV\tback\t-\t-\t-\n",
        "utf8",
    )
    lexicon = load_lexicon(user)
    assert lexicon.verbs["ostracize"][0].type == "SANCTION"
    assert [t.cameo for t in lexicon.verbs["press"] if t.particle is None] == ["020"]
    assert all(t.particle == "down" for t in lexicon.verbs["back"])


def test_user_yaml_adds_entries_context_and_light_verbs(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "entries:\n"
        "  - {type: AID, cameo: '073', pos: N, lemma: airdrop}\n"
        "context:\n"
        "  health: [vaccine, pandemic]\n"
        "light_verbs: [wage]\n",
        "utf8",
    )
    lexicon = load_lexicon(user)
    assert lexicon.nouns["airdrop"][0].type == "AID"
    assert lexicon.context["vaccine"] == ("health",)
    assert "wage" in lexicon.grammar.light_verbs
    assert "hold" in lexicon.grammar.light_verbs


@pytest.mark.parametrize(
    "row",
    [
        "FIGHT\t-\t190\tV\tpunch\t-\t-\t-\n",
        "ASSAULT\t-\t190\tX\tpunch\t-\t-\t-\n",
        "ASSAULT\t-\t190\tV\tpunch\t-\t-\tsometimes\n",
        "ASSAULT\t-\t190\n",
    ],
)
def test_invalid_user_rows_are_reported_with_e023(tmp_path: Path, row: str) -> None:
    user = tmp_path / "bad.tsv"
    user.write_text(row, "utf8")
    with pytest.raises(RashomonError) as info:
        load_lexicon(user)
    assert info.value.code == "E023"
    assert str(user) in info.value.message


def test_missing_user_file_is_e023(tmp_path: Path) -> None:
    with pytest.raises(RashomonError) as info:
        load_lexicon(tmp_path / "absent.yaml")
    assert info.value.code == "E023"
