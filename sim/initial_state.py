"""Today's situation at the scenario start, built into a running model: a component.

The starting stock is let to tenants drawn from the target groups (by the scenario's mix or
in proportion to arrival rates; care dwellings to groups that need services), each with
part of its lease already behind it; households already on the waiting list, in hospits
or homeless elsewhere join with the time they have already waited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.dwellings import LEASED, OWNED, RENT_TO_OWN, TILVISNING, Dwelling
from sim.households import HOMELESS_OTHER, HOMELESS_TEMP, WAITING, Slot, fate
from sim.rng import FateBlocks, stream

if TYPE_CHECKING:
    from sim.core import Core


class InitialSituation:
    """Builds today's situation at t=0: tenancies, waiting list, temporary accommodation."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.spec = core.sc.initial_state

    def build(self) -> None:
        """Let the stock, fill the waiting list and hospits (or leave all empty: cold start)."""
        c = self.core
        init = self.spec
        kinds = c.levels.index
        for kind in (OWNED, LEASED, TILVISNING, RENT_TO_OWN):
            c.levels.add(kinds[f"stock_{kind}"], c.stock.by_kind[kind], 0.0)
        if init.cold_start:
            for d in c.stock.dwellings:
                c.stock.release(d)
            return
        self._tenancies()
        self._unhoused()

    def _group_weights(self) -> np.ndarray:
        c = self.core
        mix = self.spec.tenancies.group_mix
        return np.array(
            [
                mix.get(n, 0.0) if mix else g.arrival_rate_per_1000_per_year
                for n, g in zip(c.group_names, c.groups, strict=True)
            ],
            dtype=float,
        )

    def _tenancies(self) -> None:
        c = self.core
        comp = stream(c.seed, c.rep, "initial:composition")
        weights = self._group_weights()
        tenant_fates = FateBlocks(stream(c.seed, c.rep, "initial_fates:tenants"), Slot.WIDTH)
        share = self.spec.tenancies.occupancy_share
        i = 0
        by_type: dict[int, list[Dwelling]] = {}
        for d in c.stock.dwellings:
            by_type.setdefault(d.type_index, []).append(d)
        for dwellings in by_type.values():
            n_occ = round(len(dwellings) * share)
            services = dwellings[0].services
            w = np.array(
                [
                    wt * (g.services_share if services else (1.0 - g.services_share))
                    for wt, g in zip(weights, c.groups, strict=True)
                ]
            )
            if w.sum() <= 0:
                w = weights.copy() if weights.sum() > 0 else np.ones(len(c.groups))
            w = w / w.sum()
            picks: list[int] = comp.choice(len(c.groups), size=n_occ, p=w).tolist() if n_occ else []
            for d, g in zip(dwellings[:n_occ], picks, strict=False):
                hh = c.new_household(int(g), -1 - i, tenant_fates.row(i))
                i += 1
                c.samplers[g].apply(hh, acute=False)
                hh.services = d.services
                hh.need_key = (min(hh.size_class, d.size_class), d.services)
                # what is left of a lease under way today: the stationary residual life of
                # the lease distribution (for a fixed lease a uniform share of it)
                left = c.lease_residual_draw(
                    fate(hh.row, Slot.LEASE + Slot.L_LENGTH), hh.row[Slot.INITIAL_ELAPSED]
                )
                c.place_tenant(hh, d, left)
            for d in dwellings[n_occ:]:
                c.stock.release(d)

    def _unhoused(self) -> None:
        c = self.core
        init = self.spec
        for label, spec_map, state in (
            ("waiting", init.waiting_list, WAITING),
            ("temporary", init.temporary_accommodation, HOMELESS_TEMP),
            ("homeless", init.homeless_other, HOMELESS_OTHER),
        ):
            for gname, spec in spec_map.items():
                g = c.group_names.index(gname)
                blocks = FateBlocks(stream(c.seed, c.rep, f"initial_fates:{label}:{gname}"), Slot.WIDTH)
                for j in range(c.sc.initial_count(spec)):
                    hh = c.new_household(g, -1 - j, blocks.row(j))
                    c.samplers[g].apply(hh, acute=state != WAITING)
                    hh.n_apps = 1
                    waited = hh.row[Slot.INITIAL_ELAPSED] * spec.max_days_already_waited
                    c.join_list(hh, -waited)
                    if state == WAITING:
                        c.set_state(hh, WAITING)
                        c.waiting_events(hh)
                    elif state == HOMELESS_TEMP:
                        c.become_homeless(hh, True)
                        c.backdate_temp_stay(hh, -waited)
                    else:
                        c.become_homeless(hh, False)
