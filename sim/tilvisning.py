"""Tilvisning (allocation) agreements inside a running model: a component.

Under an agreement the municipality may nominate tenants to a share of a private project's
units from the first occupancy until the agreement ends; the units then leave the pool as
their tenancies end. The landlord may refuse a nominee, and a nominee must afford the rent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.dwellings import SIZE_INDEX, TILVISNING, Dwelling
from sim.households import Household, Slot, fate

if TYPE_CHECKING:
    from sim.clock import Clock
    from sim.core import Core
    from sim.metrics import Flows


class TilvisningAgreements:
    """The scenario's agreements: units appear and disappear on their dates."""

    def __init__(self, core: Core) -> None:
        self.core = core
        # the clock and collectors, typed: the compiled component reads them as C fields
        self.env: Clock = core.env
        self.flows: Flows = core.flows
        self.agreements = core.sc.tilvisning_agreements
        self.events = 0

    def start(self) -> None:
        """Register each agreement's first and last day on the clock."""
        c = self.core
        start = c.sc.start_date
        for a_index, ag in enumerate(self.agreements):
            first = max((ag.first_occupancy - start).days, 0)
            last = (ag.last_day() - start).days + 1
            size = SIZE_INDEX[ag.size_class]
            units = [
                Dwelling(0, f"tilvisning:{ag.name}", -1 - a_index, size, False, TILVISNING, a_index)
                for _ in range(ag.nominated_units())
            ]
            self.env.call_in(float(first), self._begin, units)
            if last > first:
                self.env.call_in(float(last), self._end, units)

    def _begin(self, units: list[Dwelling]) -> None:
        self.events += 1
        for d in units:
            self.core.add_dwelling(d)

    def _end(self, units: list[Dwelling]) -> None:
        self.events += 1
        for d in units:
            if d.removed:
                continue
            if d.occupant is None and d.vacant:
                self.core.drop_dwelling(d)
            else:
                d.to_remove = True  # leaves the pool when its tenancy ends

    def nominee_ok(self, hh: Household, d: Dwelling) -> bool:
        """Whether ``hh`` can be nominated to ``d``: it can afford the rent and the landlord
        accepts it."""
        c = self.core
        ag = self.agreements[d.agreement]
        if c.income_of(hh, self.env.now) * ag.max_rent_share_of_income < 12 * ag.tenant_rent_nok_per_month:
            return False
        k = hh.n_broker
        hh.n_broker = k + 1
        if (
            fate(hh.row, Slot.BROKER + k % Slot.N_BROKER, k // Slot.N_BROKER)
            < ag.landlord_refusal_probability
        ):
            self.flows.add("landlord_refusals", c.year_now)
            return False
        return True
