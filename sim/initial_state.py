"""Today's situation at the scenario start, built into a running model."""

from __future__ import annotations

import numpy as np

from sim.dwellings import LEASED, OWNED, RENT_TO_OWN, TILVISNING, Dwelling
from sim.households import Slot, State, fate
from sim.rng import FateBlocks, stream


class InitialStateRuntime:
    """Today's situation built at t=0: tenancies, waiting list, temporary accommodation.

    A mixin of :class:`sim.model.Model`; it uses the model's state and helpers.
    """

    def _initial_state(self) -> None:
        init = self.sc.initial_state
        for kind in (OWNED, LEASED, TILVISNING, RENT_TO_OWN):
            self.levels.add(self.L_KIND[kind], self.stock.by_kind[kind], 0.0)
        if init.cold_start:
            for d in self.stock.dwellings:
                self.stock.release(d)
            return
        comp = stream(self.seed, self.rep, "initial:composition")
        weights = np.array(
            [
                init.tenancies.group_mix.get(n, 0.0)
                if init.tenancies.group_mix
                else g.arrival_rate_per_1000_per_year
                for n, g in zip(self.group_names, self.groups, strict=True)
            ],
            dtype=float,
        )
        tenant_fates = FateBlocks(stream(self.seed, self.rep, "initial_fates:tenants"), Slot.WIDTH)
        share = init.tenancies.occupancy_share
        i = 0
        by_type: dict[int, list[Dwelling]] = {}
        for d in self.stock.dwellings:
            by_type.setdefault(d.type_index, []).append(d)
        for dwellings in by_type.values():
            n_occ = round(len(dwellings) * share)
            services = dwellings[0].services
            w = np.array(
                [
                    wt * (g.services_share if services else (1.0 - g.services_share))
                    for wt, g in zip(weights, self.groups, strict=True)
                ]
            )
            if w.sum() <= 0:
                w = weights.copy() if weights.sum() > 0 else np.ones(len(self.groups))
            w = w / w.sum()
            picks = comp.choice(len(self.groups), size=n_occ, p=w) if n_occ else []
            for d, g in zip(dwellings[:n_occ], picks, strict=False):
                hh = self._new_household(int(g), -1 - i, tenant_fates.row(i))
                i += 1
                self.samplers[g].apply(hh, acute=False)
                hh.services = d.services
                hh.need_key = (min(hh.size_class, d.size_class), d.services)
                self._set_state(hh, State.TENANT)
                self._occupy(hh, d)
                if hh.group in self.follow_up_groups and self.follow_up_active < self.follow_up_capacity:
                    hh.follow_up = True
                    self.follow_up_active += 1
                    self.levels.add(self.L_FOLLOW, 1, 0.0)
                length = self.lease_draw(fate(hh.row, Slot.LEASE + Slot.L_LENGTH))
                self._start_lease(hh, length * (1.0 - hh.row[Slot.INITIAL_ELAPSED]))
            for d in dwellings[n_occ:]:
                self.stock.release(d)
        for label, spec_map, state in (
            ("waiting", init.waiting_list, State.WAITING),
            ("temporary", init.temporary_accommodation, State.HOMELESS_TEMP),
            ("homeless", init.homeless_other, State.HOMELESS_OTHER),
        ):
            for gname, spec in spec_map.items():
                g = self.group_names.index(gname)
                blocks = FateBlocks(stream(self.seed, self.rep, f"initial_fates:{label}:{gname}"), Slot.WIDTH)
                for j in range(self.sc.initial_count(spec)):
                    hh = self._new_household(g, -1 - j, blocks.row(j))
                    self.samplers[g].apply(hh, acute=state != State.WAITING)
                    hh.n_apps = 1
                    waited = hh.row[Slot.INITIAL_ELAPSED] * spec.max_days_already_waited
                    self._join_list(hh, -waited)
                    if state == State.WAITING:
                        self._set_state(hh, State.WAITING)
                        self._waiting_events(hh)
                    elif state == State.HOMELESS_TEMP:
                        self._become_homeless(hh, True)
                        self._backdate_temp_stay(hh, -waited)
                    else:
                        self._become_homeless(hh, False)
