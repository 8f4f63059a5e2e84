"""RoleMemory: roles by date, surnames that stand for one known full name, majority country."""

from __future__ import annotations

from rashomon.kb import LearnedRole, RoleMemory, canonical_key


def _role(name: str, country: str | None, date: str, role: str = "Foreign Minister") -> LearnedRole:
    return LearnedRole(canonical_key(name), name, role, "GOV", country, date)


def test_surname_finds_the_one_full_name() -> None:
    memory = RoleMemory([_role("Anna Kovalenko", "UKR", "2025-01-01")])
    found = memory.role_on("Kovalenko", "2025-02-01")
    assert found is not None and found.name == "Anna Kovalenko" and found.country == "UKR"


def test_surname_shared_by_two_full_names_finds_nobody() -> None:
    memory = RoleMemory(
        [_role("Anna Kovalenko", "UKR", "2025-01-01"), _role("Ivan Kovalenko", "RUS", "2025-01-01")]
    )
    assert memory.role_on("Kovalenko", "2025-02-01") is None


def test_country_most_often_stated_wins() -> None:
    memory = RoleMemory(
        [
            _role("Daniel Harlow", "USA", "2025-03-11", "Secretary of State"),
            _role("Daniel Harlow", "USA", "2025-03-12", "Secretary of State"),
            _role("Daniel Harlow", "CHE", "2025-07-22", "Secretary of State"),
        ]
    )
    found = memory.role_on("Daniel Harlow", "2025-08-01")
    assert found is not None and found.country == "USA" and found.date == "2025-07-22"


def test_role_nearest_before_the_date() -> None:
    memory = RoleMemory(
        [
            _role("Anna Kovalenko", "UKR", "2020-01-01", "Minister"),
            _role("Anna Kovalenko", "UKR", "2024-01-01"),
        ]
    )
    assert memory.role_on("Anna Kovalenko", "2022-06-01").role == "Minister"  # type: ignore[union-attr]
    assert memory.role_on("Anna Kovalenko", "2025-06-01").role == "Foreign Minister"  # type: ignore[union-attr]
