"""What an instrument may use of the running model: the declared interface of components.

The model (:class:`sim.model.Model`) owns the clock, the calendar, the stock, the waiting
list, the household registry and the collectors, and it keeps the household life cycle
(apply, wait, be housed, leave). Each instrument — start loans, the private rental market,
the stock plan, tilvisning agreements, rent-to-own, follow-up, today's situation at the
start — is a component: a class of its own that holds its own state, registers its own
events on the clock, and reaches the rest of the model only through :class:`Core`.
Components never reach into each other; where the life cycle needs an instrument (is a
nominee acceptable to the landlord? does the household find a private rental?), the model
calls the component.

``Core`` is a :class:`typing.Protocol`: the model satisfies it, and a unit test can hand a
component a small fake instead (``tests/fakes.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

    from sim.calendar import Calendar
    from sim.clock import Clock
    from sim.dwellings import Acquisition, Dwelling, Stock
    from sim.households import AttributeSampler, Household
    from sim.metrics import Flows, Levels
    from sim.scenario import Scenario, TargetGroup
    from sim.waiting_list import WaitingList


class Core(Protocol):
    """The model as a component sees it: shared state, then the household life cycle."""

    # ---------------------------------------------------------------- shared state
    sc: Scenario
    seed: int
    rep: int
    env: Clock  # ``env.now``; ``env.call_in(delay, fn, *args)`` schedules a call
    cal: Calendar
    years: list[int]
    year_bounds: list[float]
    horizon: float
    year_now: int  # index of the year of ``env.now``
    population: np.ndarray  # inhabitants by day
    flows: Flows
    levels: Levels
    stock: Stock
    wl: WaitingList
    alive: dict[int, Household]  # the household registry: every household not yet exited
    groups: list[TargetGroup]
    group_names: list[str]
    samplers: list[AttributeSampler]
    lease_draw: Callable[[float], float]  # a lease length from one uniform
    #: what is left of a lease under way at the start, from two uniforms (length, position)
    lease_residual_draw: Callable[[float, float], float]
    #: dwellings bought or built during the horizon (what they cost, for the accounting)
    acquisitions: list[Acquisition]

    def price(self, size_class: int, t: float) -> float:
        """Second-hand price of a dwelling of ``size_class`` at time ``t``."""
        ...

    def prices_at(self, t: float) -> list[float]:
        """:meth:`price` of every size class at time ``t``."""
        ...

    def income_of(self, hh: Household, t: float) -> float:
        """The household's income at time ``t``."""
        ...

    def career(self, key: str) -> None:
        """Count one step of the housing careers (the dashboard's Sankey)."""
        ...

    # ---------------------------------------------------------------- the stock
    def register_dwelling(self, d: Dwelling) -> None:
        """Put a new dwelling in the stock and its levels (not yet ready to let)."""
        ...

    def add_dwelling(self, d: Dwelling) -> None:
        """:meth:`register_dwelling`, then make it ready to let."""
        ...

    def drop_dwelling(self, d: Dwelling) -> None:
        """Take a vacant dwelling out of the stock and its levels."""
        ...

    def change_kind(self, d: Dwelling, kind: str) -> None:
        """Re-classify a dwelling (a rent-to-own dwelling that becomes an ordinary one)."""
        ...

    # ---------------------------------------------------------------- household life cycle
    def new_household(self, g: int, gidx: int, row: Sequence[float]) -> Household:
        """Register a new household of group ``g`` (arrival index ``gidx``, fate ``row``)."""
        ...

    def apply(self, hh: Household) -> None:
        """``hh`` applies for a municipal dwelling (its team decides at its next meeting)."""
        ...

    def set_state(self, hh: Household, new: int) -> None:
        """Move ``hh`` to state ``new``, keeping counts and levels."""
        ...

    def join_list(self, hh: Household, approved_at: float) -> None:
        """Put an approved household on the waiting list."""
        ...

    def waiting_events(self, hh: Household) -> None:
        """Schedule a waiting (not homeless) household's withdrawal and searches."""
        ...

    def become_homeless(self, hh: Household, in_temp: bool) -> None:
        """``hh`` becomes homeless, in hospits or not."""
        ...

    def backdate_temp_stay(self, hh: Household, since: float) -> None:
        """Today's situation: ``hh`` has been in hospits since ``since`` (before day 0)."""
        ...

    def place_tenant(self, hh: Household, d: Dwelling, lease_days: float) -> None:
        """Today's situation: ``hh`` rents ``d`` with ``lease_days`` left of its lease."""
        ...

    def move_in(self, hh: Household, d: Dwelling, lease_days: float | None = None) -> None:
        """``hh`` moves into ``d`` (a fresh lease unless ``lease_days`` is given)."""
        ...

    def next_lease(self, hh: Household) -> None:
        """``hh`` stays on: a new lease period of a freshly drawn length."""
        ...

    def vacate(self, hh: Household, evicted: bool = False) -> None:
        """``hh`` moves out of its dwelling (which goes to turnaround or leaves the stock)."""
        ...

    def leave_at_lease_end(self, hh: Household) -> None:
        """``hh`` leaves its dwelling at the end of its lease (private rental or elsewhere)."""
        ...

    def refuse_offer(self, hh: Household, u: float) -> None:
        """``hh`` refused an offered dwelling: its approval is void (it leaves the system,
        or stays homeless and may apply again); ``u`` is a uniform of its own."""
        ...

    def exit(self, hh: Household, route: str) -> None:
        """``hh`` leaves the system by ``route``."""
        ...
