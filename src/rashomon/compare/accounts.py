"""Per-story views of the claims: each speaker's account, who carries it, single-source claims."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..records import Claim, Comparison
from .claims import claimant_of


def _key(claim: Claim) -> tuple[str, int | None, int | None]:
    return claim.article, claim.statement, claim.event


def accounts_by_speaker(claims: Iterable[Claim]) -> dict[str, list[dict[str, Any]]]:
    """Each claimant's claims side by side, in claim order.

    The claimant is the speaker's canonical name, or ``outlet:NAME`` for what an outlet
    states in its own voice.
    """
    accounts: dict[str, list[dict[str, Any]]] = {}
    for claim in claims:
        accounts.setdefault(claimant_of(claim), []).append(claim.to_dict())
    return accounts


def outlets_by_account(claims: Iterable[Claim]) -> dict[str, list[str]]:
    """Which outlets carry each claimant's account (outlet names sorted; unknown ones left out)."""
    carried: dict[str, set[str]] = {}
    for claim in claims:
        outlets = carried.setdefault(claimant_of(claim), set())
        if claim.outlet:
            outlets.add(claim.outlet)
    return {who: sorted(outlets) for who, outlets in carried.items()}


def single_source_claims(claims: Sequence[Claim], comparisons: Iterable[Comparison]) -> list[Claim]:
    """Claims that no other claimant backs: they take part in no agreement.

    Comparisons only ever pair different claimants, so a speaker repeated by five outlets
    is still a single source.
    """
    backed: set[tuple[str, int | None, int | None]] = set()
    for comparison in comparisons:
        if comparison.kind == "agreement":
            for ref in (comparison.a, comparison.b):
                backed.add((ref.article, ref.statement, ref.event))
    return [c for c in claims if _key(c) not in backed]
