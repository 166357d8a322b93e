"""The report's levers against homelessness (section 5.7), as the scenario states them.

Each defaults to "not used today": Rælingen had no staffed housing for the homeless with
heavy needs, rarely heard of releases from prison or treatment in advance, and had not
taken up the neighbours' proposals of a shared low-threshold offer.
"""

from __future__ import annotations

from pydantic import field_validator

from sim.errors import FieldValueError
from sim.spec.base import F, Money, Rate, Share, Spec


class StaffedHousing(Spec):
    """Staffed shared housing (bokollektiv, staffed bedsits) with close follow-up for homeless
    households with heavy needs: the decision team can place there households who would
    otherwise not be approved or would not manage an ordinary tenancy."""

    places: int = F(
        0,
        "Places (one household each).",
        "FACTS.md 5.7 (the users need 'a shared house with close follow-up'; none today)",
        ge=0,
        le=100_000,
    )
    from_year: int = F(2018, "First year the places are open.", "lever", ge=1900, le=2200)
    groups: list[str] = F(
        [],
        "Groups whose homeless households may be placed there (the scenario names them: in "
        "Rælingen's baseline the acute homeless and ROP).",
        "FACTS.md 5.7 (acute homelessness is mostly substance-related; ROP)",
    )
    refer_approved: bool = F(
        True,
        "Homeless households of these groups approved for an ordinary dwelling wait here "
        "instead of in hospits (they keep their place on the list).",
        "FACTS.md 5.7 (getting people from temporary to permanent housing needs services)",
    )
    cost_nok_per_place_per_year: float = Money(
        450_000,
        "Running cost of one place a year (staff, rent, upkeep), whether used or not.",
        "assumption: staffed housing with day-time staff, about NOK 1,250 a place per day",
    )
    move_on_rate_per_year: float = Rate(
        0.3,
        "Rate at which a resident moves on to a solution of its own (private rental, family).",
        "assumption",
    )
    dropout_rate_per_year: float = Rate(
        0.15,
        "Rate at which a resident drops out back into homelessness (it may apply again).",
        "assumption: well below the eviction rate of an ordinary tenancy without follow-up",
    )
    reapply_after_days: float = F(
        180,
        "A resident not on the waiting list applies for an ordinary dwelling after this many days.",
        "assumption",
        gt=0,
        le=3650,
    )


class AdvanceNotice(Spec):
    """Notice of releases from prison and discharges from treatment, so that the team can
    assess and allocate before the household arrives."""

    release_share_by_group: dict[str, float] = F(
        {},
        "Share of each group's acute arrivals who come from prison or treatment.",
        "FACTS.md 5.7 (release from prison or discharge from treatment 'Friday ten to three'); "
        "share is an assumption",
    )
    notified_share: float = Share(
        0.0,
        "Share of those releases the municipality hears of in advance.",
        "FACTS.md 5.7 (the prison service rarely tells the home municipality)",
    )
    days_ahead: float = F(
        30, "How long before the release the municipality hears of it.", "lever", ge=0, le=365
    )

    @field_validator("release_share_by_group")
    @classmethod
    def _shares(cls, v: dict[str, float]) -> dict[str, float]:
        for k, share in v.items():
            if not (0 <= share <= 1):
                raise FieldValueError("must be between 0 and 1", k, value=share)
        return v


class RegionalOffer(Spec):
    """A low-threshold temporary offer shared with neighbouring municipalities: places the
    municipality buys a share of, used before commercial hospits."""

    places: int = F(
        0,
        "Places the municipality may use at a time.",
        "FACTS.md 5.7 (proposals of regional cooperation not taken up; none today)",
        ge=0,
        le=100_000,
    )
    from_year: int = F(2018, "First year of the offer.", "lever", ge=1900, le=2200)
    cost_nok_per_place_per_year: float = Money(
        250_000,
        "The municipality's share of the yearly cost per place, used or not.",
        "assumption: cheaper than a hospits bed all year (NOK 700 x 365 = NOK 255,500), with follow-up",
    )
