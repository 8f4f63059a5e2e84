"""The actor knowledge base: keys, look-ups, dictionaries, learned roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.errors import RashomonError
from rashomon.kb import (
    KBEntry,
    LearnedRole,
    RoleMemory,
    canonical_key,
    default_kb,
    load_dictionary,
    load_kb,
    load_petrarch,
    sector_for_role,
)
from rashomon.kb.dictionaries import split_code


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kim Jong Un", "Kim Jong-un"),
        ("Erdogan", "Erdoğan"),
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("Dmitry Peskov", "Dmitriy Peskov"),
        ("Bashar al-Assad", "Bashar Assad"),
        ("Mr. Lavrov", "Lavrov’s"),
        ("the Kremlin", "Kremlin"),
        ("Muammar Gaddafi", "Muammar Qaddafi"),
    ],
)
def test_canonical_key_merges_variants(a: str, b: str) -> None:
    assert canonical_key(a) == canonical_key(b)


@pytest.mark.parametrize(("a", "b"), [("Kim Jong Un", "Kim Jong Il"), ("Sergey Lavrov", "Sergey")])
def test_canonical_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert canonical_key(a) != canonical_key(b)


def test_countries_demonyms_capitals_and_seats() -> None:
    kb = default_kb()
    for name in ("Russia", "Russian", "Moscow", "Kremlin", "Russian Federation"):
        entry = kb.place(name)
        assert entry is not None and entry.country == "RUS", name
    assert kb.place("U.S.").country == "USA"  # type: ignore[union-attr]
    assert kb.place("White House").country == "USA"  # type: ignore[union-attr]
    assert kb.place("Pyongyang").country == "PRK"  # type: ignore[union-attr]
    pentagon = kb.lookup("Pentagon")
    assert pentagon is not None and (pentagon.country, pentagon.sector) == ("USA", "MIL")


def test_international_organisations_have_codes() -> None:
    kb = default_kb()
    for name, code in [
        ("UN Security Council", "UNO"),
        ("NATO", "NAT"),
        ("EU", "EEC"),
        ("G20", "IGO"),
        ("IAEA", "IAE"),
        ("African Union", "AFU"),
    ]:
        entry = kb.lookup(name)
        assert entry is not None and entry.country == code, name
        assert kb.is_international(entry.country)
    assert not kb.is_international("RUS")


def test_person_roles_follow_the_date() -> None:
    kb = default_kb()
    in_office = kb.lookup("Donald Trump", "2018-03-01")
    assert in_office is not None and (in_office.sector, in_office.role) == ("GOV", "President")
    after = kb.lookup("Donald Trump", "2022-03-01")
    assert after is not None and after.sector == "ELI"
    former = kb.lookup("Boris Yeltsin", "2005-01-01")
    assert former is not None and former.sector == "ELI" and former.role == "Former President"


def test_sector_for_role() -> None:
    assert sector_for_role("Minister of Foreign Affairs") == "GOV"
    assert sector_for_role("rebel commander") == "MIL"
    assert sector_for_role("rebels") == "REB"
    assert sector_for_role("police chief") == "COP"
    assert sector_for_role("Supreme Court") == "JUD"
    assert sector_for_role("lawmakers") == "LEG"
    assert sector_for_role("juggler") is None


def test_yaml_dictionary_overrides_builtin(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "- name: Sergey Lavrov\n  country: RUS\n  sector: ELI\n  role: Retired diplomat\n"
        "- name: Ana Quell\n  aliases: [Anna Quell]\n  type: person\n  country: PRT\n"
        "  sector: JRN\n  valid_from: 2020-01-01\n",
        encoding="utf8",
    )
    kb = load_kb([str(path)])
    lavrov = kb.lookup("Sergei Lavrov", "2017-07-07")
    assert lavrov is not None and lavrov.sector == "ELI" and lavrov.source == "user:mine.yaml"
    quell = kb.lookup("Anna Quell")
    assert quell is not None and quell.country == "PRT"


def test_csv_dictionary(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "name,aliases,type,country,sector,role,valid_from,valid_to\n"
        "Harbor Guild,HG|The Guild,organization,NLD,BUS,,,\n",
        encoding="utf8",
    )
    (entry,) = load_dictionary(path)
    assert entry.aliases == ("HG", "The Guild") and entry.type == "organization"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("- name: A\n  type: person\n- name: B\n  type: robot\n", 3, "type 'robot'"),
        ("- name: A\n- country: RUS\n", 2, "'name' is missing"),
        ("- name: A\n  valid_from: 2020-13-01\n", 1, "not an ISO date"),
        ("- name: A\n  sector: government\n", 1, "sector"),
        ("- name: A\n  colour: red\n", 1, "unknown field"),
    ],
)
def test_bad_yaml_dictionary_is_rejected_with_line(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf8")
    with pytest.raises(RashomonError) as caught:
        load_dictionary(path)
    assert caught.value.code == "E021"
    assert str(path) in caught.value.message
    assert f"line {line}" in caught.value.message
    assert reason in caught.value.message


def test_bad_csv_dictionary_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("name,country\nGood,FRA\nBad,france\n", encoding="utf8")
    with pytest.raises(RashomonError, match=r"E021: .*bad.csv, line 3: country 'FRANCE'"):
        load_dictionary(path)


PETRARCH = """\
# a PETRARCH actors file
AFGHANISTAN_  [AFG]
+AFGHAN_
+KABUL_

HAMID_KARZAI_  ; CountryInfo.txt
+KARZAI_
\t[AFGELI 570101-011221]
\t[AFGGOV 011222-140929]
UNITED_NATIONS_ [IGOUNO]
"""


def test_petrarch_import(tmp_path: Path) -> None:
    path = tmp_path / "test.actors.txt"
    path.write_text(PETRARCH, encoding="utf8")
    entries = load_petrarch(path)
    karzai = [e for e in entries if e.name == "Hamid Karzai"]
    assert {(e.country, e.sector, e.valid_from, e.valid_to) for e in karzai} == {
        ("AFG", "ELI", "1957-01-01", "2001-12-21"),
        ("AFG", "GOV", "2001-12-22", "2014-09-29"),
    }
    assert karzai[0].aliases == ("Karzai",)
    kb = load_kb([str(path)])
    entry = kb.lookup("Hamid Karzai", "2005-05-05")
    assert entry is not None and entry.sector == "GOV"
    un = kb.lookup("United Nations")
    assert un is not None and un.code == "IGOUNO" and un.source.startswith("petrarch:")


def test_petrarch_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.actors.txt"
    path.write_text("SOMEONE_\n\t[USAGOV 2001-02]\n", encoding="utf8")
    with pytest.raises(RashomonError, match=r"line 2: date '2001'"):
        load_petrarch(path)


def test_split_code() -> None:
    assert split_code("USAGOV") == ("USA", "GOV")
    assert split_code("IGOUNO") == ("UNO", None)
    assert split_code("RUS") == ("RUS", None)


def test_role_memory_keeps_dates(tmp_path: Path) -> None:
    memory = RoleMemory()
    for role, day in [("Ambassador", "2010-01-01"), ("Foreign Minister", "2017-07-07")]:
        memory.add(
            LearnedRole(
                canonical_key("Sergey Lavrov"), "Sergey Lavrov", role, "GOV", "RUS", day, "a1"
            )
        )
    memory.add(
        LearnedRole(
            canonical_key("Sergey Lavrov"),
            "Sergey Lavrov",
            "Ambassador",
            "GOV",
            "RUS",
            "2010-01-01",
            "a2",
        )
    )
    assert len(memory) == 2  # the same role on the same date is one fact
    assert memory.role_on("Sergei Lavrov", "2012-01-01").role == "Ambassador"  # type: ignore[union-attr]
    assert memory.role_on("Sergei Lavrov").role == "Foreign Minister"  # type: ignore[union-attr]
    path = tmp_path / "roles.jsonl"
    memory.dump(path)
    assert len(RoleMemory.load(path)) == 2


def test_kb_entry_code() -> None:
    assert KBEntry("X", "person", "RUS", "GOV").actor_code == "RUSGOV"
    assert KBEntry("UN", "organization", "UNO", code="IGOUNO").actor_code == "IGOUNO"


def test_given_names_mark_gender() -> None:
    from rashomon.kb.base import given_names

    names = given_names()
    assert names["mikhail"] == "m"
    assert names["irina"] == "f"
    assert all(gender in {"m", "f"} for gender in names.values())


def test_institution_seats_stand_for_organisations() -> None:
    from rashomon.kb.base import institution_seats

    assert institution_seats()["brussels"] == "EEC"
    organization = default_kb().organization("EEC")
    assert organization is not None and organization.name == "European Union"
    assert default_kb().organization("XYZ") is None
