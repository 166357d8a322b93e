"""Tilvisning (allocation) agreements: nomination rights to a share of a private project."""

from __future__ import annotations

from sim.dwellings import TILVISNING, Dwelling
from sim.households import Household, Slot, fate


class TilvisningRuntime:
    """Tilvisning agreements inside a running model: units appear and disappear on their dates.

    A mixin of :class:`sim.model.Model`; it uses the model's state and helpers.
    """

    def _tilvisning(self) -> None:
        start = self.sc.start_date
        for a_index, ag in enumerate(self.sc.tilvisning_agreements):
            first = max((ag.first_occupancy - start).days, 0)
            last = (ag.last_day() - start).days + 1
            size = {"small": 0, "medium": 1, "large": 2}[ag.size_class]
            units = [
                Dwelling(0, f"tilvisning:{ag.name}", -1 - a_index, size, False, TILVISNING, a_index)
                for _ in range(ag.nominated_units())
            ]

            def begin(units: list[Dwelling] = units) -> None:
                self.events += 1
                for d in units:
                    self._add_dwelling(d)

            def end(units: list[Dwelling] = units) -> None:
                self.events += 1
                for d in units:
                    if d.removed:
                        continue
                    if d.occupant is None and d.vacant:
                        self._drop_dwelling(d)
                    else:
                        d.to_remove = True  # leaves the pool when its tenancy ends

            self._at(float(first), begin)
            if last > first:
                self._at(float(last), end)

    def _nominee_ok(self, hh: Household, d: Dwelling) -> bool:
        """Tilvisning: the nominee can afford the rent and the landlord accepts."""
        ag = self.sc.tilvisning_agreements[d.agreement]
        if self.income_of(hh, self.env.now) * ag.max_rent_share_of_income < 12 * ag.tenant_rent_nok_per_month:
            return False
        k = hh.n_broker
        hh.n_broker = k + 1
        if (
            fate(hh.row, Slot.BROKER + k % Slot.N_BROKER, k // Slot.N_BROKER)
            < ag.landlord_refusal_probability
        ):
            self.flows.add("landlord_refusals", self.year_now)
            return False
        return True
