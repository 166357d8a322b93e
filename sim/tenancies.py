"""Tenancies: lease expiry and renewal, competing hazards drawn once per lease period."""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from sim.households import GOLDEN, Household, Slot

if TYPE_CHECKING:
    from sim.scenario import TargetGroup, Tenancy


class Decision(StrEnum):
    """Outcome of the re-assessment before lease expiry."""

    RENEW = "renew"
    INDEFINITE = "indefinite"
    MOVE_OUT = "move_out"


class EndKind(StrEnum):
    """What can end a lease period."""

    LEASE_EXPIRY = "lease_expiry"
    EVICTION = "eviction"
    MOVE = "moved"
    DEATH = "death_or_institution"


# the members under plain names, for hot paths (see ``sim.households.APPLICANT``)
RENEW: Final = Decision.RENEW
INDEFINITE: Final = Decision.INDEFINITE
MOVE_OUT: Final = Decision.MOVE_OUT
LEASE_EXPIRY: Final = EndKind.LEASE_EXPIRY
EVICTION: Final = EndKind.EVICTION
MOVE: Final = EndKind.MOVE
DEATH: Final = EndKind.DEATH
#: each end's exit route as a plain string (``kind.value`` is a Python-level property call)
EXIT_ROUTE: Final[dict[EndKind, str]] = {k: k.value for k in EndKind}


def income_limit(tenancy: Tenancy, persons: int) -> float:
    """The economic criterion for a household of ``persons``."""
    return tenancy.income_limit_nok_per_year + tenancy.income_limit_per_extra_person_nok_per_year * max(
        persons - 1, 0
    )


def renewal_decision(group: TargetGroup, u: float, income: float = 0.0, limit: float = math.inf) -> Decision:
    """Re-assessment before lease expiry (pure).

    Permanent need gets an indefinite lease; a household above the income limit no longer
    meets the economic criterion and must leave; otherwise the lease is renewed with the
    group's probability (``u`` is the household's own uniform for this lease period).
    """
    if group.permanent_need:
        return Decision.INDEFINITE
    if income > limit:
        return Decision.MOVE_OUT
    return Decision.RENEW if u < group.renewal_probability else Decision.MOVE_OUT


def lease_period_slots(hh: Household) -> tuple[int, int]:
    """(first slot, cycle) of the household's current lease period."""
    j = hh.n_leases
    base = Slot.LEASE + Slot.LEASE_WIDTH * (j % Slot.N_LEASE_PERIODS)
    return base, j // Slot.N_LEASE_PERIODS


HazardRates = tuple[tuple[float, int, "EndKind"], ...]


def hazard_rates(group: TargetGroup, eviction_factor: float = 1.0, per_year: float = 365.25) -> HazardRates:
    """The competing hazards of a tenancy that apply: (rate per day, fate slot, kind)."""
    out = []
    for rate, slot, k in (
        (group.eviction_rate_per_year * eviction_factor, Slot.L_EVICT, EndKind.EVICTION),
        (group.move_out_rate_per_year, Slot.L_MOVE, EndKind.MOVE),
        (group.death_or_institution_rate_per_year, Slot.L_DEATH, EndKind.DEATH),
    ):
        if rate / per_year > 0:  # (a rate so small that it is 0 per day never happens)
            out.append((rate / per_year, slot, k))
    return tuple(out)


def first_hazard(rates: HazardRates, row: Sequence[float], base: int, cycle: int) -> tuple[float, EndKind]:
    """Time to the first of the competing hazards, each drawn once per lease period from the
    household's fate ``row`` (lease period slots from ``base``, rotated by ``cycle``).

    Returns ``(inf, LEASE_EXPIRY)`` when no hazard applies.
    """
    t = math.inf
    kind = LEASE_EXPIRY
    log = math.log
    for rate_per_day, slot, k in rates:
        # exponential_time(rate_per_day, fate(row, base + slot, cycle)), inlined (rates are > 0)
        u = row[base + slot]
        if cycle:
            u = (u + GOLDEN * cycle) % 1.0
        tk = -log(1.0 - u) / rate_per_day
        if tk < t:
            t, kind = tk, k
    return t, kind
