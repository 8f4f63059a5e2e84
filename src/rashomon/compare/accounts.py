"""Per-story views of the claims: each speaker's account, who carries it, single-source claims."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..records import Claim, Comparison
from .claims import claimant_of, is_stated_event


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


def outlets_by_account(
    claims: Iterable[Claim], copies: Mapping[str, str] | None = None
) -> dict[str, list[str]]:
    """Which outlets carry each claimant's account.

    Independent outlets come first, sorted; an outlet that carries the account only in a
    syndicated copy (``copies``: article id → its original) follows as "OUTLET (reprint of
    ORIGINAL)", since it repeats another outlet's text rather than backing it. Unknown
    outlets are left out.
    """
    listed = list(claims)
    wire = copies or {}
    outlet_of = {c.article: c.outlet or c.article for c in listed}
    own: dict[str, set[str]] = {}
    reprinted: dict[str, set[str]] = {}
    for claim in listed:
        who = claimant_of(claim)
        own.setdefault(who, set())
        reprinted.setdefault(who, set())
        if not claim.outlet:
            continue
        original = wire.get(claim.article)
        if original is None:
            own[who].add(claim.outlet)
        else:
            source = outlet_of.get(original, original)
            reprinted[who].add(f"{claim.outlet} (reprint of {source})")
    return {
        who: sorted(outlets)
        + sorted(r for r in reprinted[who] if r.split(" (reprint of ")[0] not in outlets)
        for who, outlets in own.items()
    }


def single_source_claims(claims: Sequence[Claim], comparisons: Iterable[Comparison]) -> list[Claim]:
    """Claims that no other claimant backs: they take part in no agreement.

    Comparisons only ever pair different claimants, and never a syndicated copy with its
    original, so a speaker repeated by five outlets, or a wire story reprinted five times,
    is still a single source. An event a speaker states stands with its statement: the
    statement is backed when its event is, and the event is not listed on its own.
    """
    backed: set[tuple[str, int | None, int | None]] = set()
    stated_by: dict[tuple[str, int | None, int | None], tuple[str, int | None, int | None]] = {
        (c.article, None, c.event): (c.article, c.attributed_to, None)
        for c in claims
        if is_stated_event(c)
    }
    for comparison in comparisons:
        if comparison.kind == "agreement":
            for ref in (comparison.a, comparison.b):
                key = (ref.article, ref.statement, ref.event)
                backed.add(stated_by.get(key, key))
    return [c for c in claims if not is_stated_event(c) and _key(c) not in backed]
