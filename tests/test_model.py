"""Functional tests of the model: conservation, reproducibility, common random numbers."""

from __future__ import annotations

import gc
import math
import re

import numpy as np
import pytest

import sim
from sim.households import State
from sim.model import Model
from sim.replication import run_model
from tests.helpers import variant


def _short(data, years: int = 5, **changes):
    return variant(data, end_date=f"{2015 + years}-12-31", **changes)


def test_every_household_is_in_exactly_one_state(baseline_data):
    """Conservation: created = in a live state + exited, checked monthly and at the end."""
    sc = _short(baseline_data, years=10)
    m = Model(sc, seed=3, replication=0)
    run_model(m)  # raises InvariantError if any monthly check fails
    live = [hh for hh in m.alive.values()]
    assert len(live) + m.n_exited == m.n_created
    counts = np.bincount([int(hh.state) for hh in live], minlength=len(State))
    assert counts[State.EXITED] == 0
    live_states = [s for s in State if s != State.EXITED]
    assert [counts[s] for s in live_states] == [m.state_counts[s] for s in live_states]
    assert sum(m.state_counts) == m.n_created
    assert m.stock.occupied == m.state_counts[State.TENANT]


def test_invariant_check_catches_a_lost_household(baseline_data):
    """The monthly check fails loudly, naming seed and replication, when a household is lost."""
    sc = _short(baseline_data, years=1)
    m = Model(sc, seed=9, replication=4)
    run_model(m)
    m.state_counts[State.WAITING] -= 1  # simulate a lost household
    with pytest.raises(sim.InvariantError, match="seed 9 replication 4"):
        m.check_invariants()


def test_same_seed_same_result(baseline):
    a = sim.run(baseline, replications=2, seed=7)
    b = sim.run(baseline, replications=2, seed=7)
    assert a.to_json_dict() == b.to_json_dict()


def test_a_replication_leaves_no_reference_cycles(baseline_data):
    """run_replication() breaks the model's cycles, so reference counting frees the model,
    its households and dwellings at once: nothing is left for the cyclic collector (which
    would cost ~20 ms per collection and let memory grow between collections)."""
    sc = _short(baseline_data, years=3)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        sim.run_replication(sc, seed=2, replication=0)
        gc.collect()
        left = {type(o).__name__ for o in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert not left & {"Model", "Household", "Dwelling", "Candidate", "Clock", "StartLoanOffice", "function"}


def test_different_seed_different_result(baseline):
    a = sim.run_replication(baseline, seed=7, replication=0)
    b = sim.run_replication(baseline, seed=8, replication=0)
    assert a.kpis["arrivals"] != b.kpis["arrivals"]


def test_replications_differ(baseline):
    a = sim.run_replication(baseline, seed=7, replication=0)
    b = sim.run_replication(baseline, seed=7, replication=1)
    assert a.kpis != b.kpis


def test_sequential_equals_parallel(baseline_data):
    sc = _short(baseline_data, years=8)
    seq = sim.run(sc, replications=4, seed=5, workers=1)
    par = sim.run(sc, replications=4, seed=5, workers=2)
    assert seq.to_json_dict() == par.to_json_dict()


def _arrivals(result: sim.ReplicationResult) -> list[tuple]:
    return [(t, g) for (t, _hid, ev, g, _d) in result.event_log if ev == "arrival"]


def test_common_random_numbers_same_households_arrive(baseline_data):
    """Two scenarios that differ only in policy see the same households on the same days."""
    base = _short(baseline_data, years=6)
    policy = _short(
        baseline_data,
        years=6,
        allocation={"meeting_interval_days": 7, "priority_rule": "fifo"},
        dwelling_types={
            **baseline_data["dwelling_types"],
            "medium_ordinary": {"size_class": "medium", "count": 120},
        },
    )
    a = sim.run_replication(base, seed=21, replication=3, event_log=True)
    b = sim.run_replication(policy, seed=21, replication=3, event_log=True)
    assert _arrivals(a) == _arrivals(b)
    assert len(_arrivals(a)) > 100
    # the policy did change what happened to them
    assert a.kpis["mean_wait_days"] != b.kpis["mean_wait_days"]


def test_crn_group_rate_change_keeps_other_groups(baseline_data):
    """Changing one group's arrival rate must not shift the arrivals of the others."""
    sc = _short(baseline_data, years=6)
    groups = {k: dict(v) for k, v in baseline_data["groups"].items()}
    groups["youth"]["arrival_rate_per_1000_per_year"] = 2.0
    more_youth = _short(baseline_data, years=6, groups=groups)
    a = sim.run_replication(sc, seed=4, replication=0, event_log=True)
    b = sim.run_replication(more_youth, seed=4, replication=0, event_log=True)
    not_youth = lambda r: [x for x in _arrivals(r) if x[1] != "youth"]  # noqa: E731
    assert not_youth(a) == not_youth(b)
    assert len([x for x in _arrivals(b) if x[1] == "youth"]) > len(
        [x for x in _arrivals(a) if x[1] == "youth"]
    )


def test_cold_start_begins_empty(baseline_data):
    sc = _short(baseline_data, years=1, initial_state={"cold_start": True})
    r = sim.run_replication(sc, seed=1, replication=0)
    assert r.monthly["waiting_list_end"][0] <= r.kpis["arrivals"]
    assert r.monthly["occupancy_rate"][0] < 0.5


def test_initial_state_is_built(baseline):
    m = Model(baseline, seed=1, replication=0)
    m.population = np.ones(10)
    m.initial.build()
    assert m.stock.occupied == sum(round(d.count * 0.97) for d in baseline.dwelling_types.values())
    init = baseline.initial_state
    assert m.wl.size == sum(
        g.count
        for part in (init.waiting_list, init.temporary_accommodation, init.homeless_other)
        for g in part.values()
    )
    assert len(m.in_temp) == sum(g.count for g in baseline.initial_state.temporary_accommodation.values())


def test_zero_arrivals_nobody_new(baseline_data):
    groups = {k: {**v, "arrival_rate_per_1000_per_year": 0.0} for k, v in baseline_data["groups"].items()}
    sc = _short(baseline_data, years=3, groups=groups)
    r = sim.run_replication(sc, seed=1, replication=0)
    assert r.kpis["arrivals"] == 0
    assert (
        r.kpis["waiting_list_end"]
        <= sum(g["count"] for g in baseline_data["initial_state"]["waiting_list"].values()) + 3
    )


def test_more_dwellings_shorter_waits(baseline_data):
    """More stock (same households, CRN) shortens waits and the list."""
    more = {k: {**v, "count": v["count"] * 2} for k, v in baseline_data["dwelling_types"].items()}
    a = sim.run(_short(baseline_data, years=10), replications=3, seed=2).aggregate.kpi_summary()
    b = sim.run(
        _short(baseline_data, years=10, dwelling_types=more), replications=3, seed=2
    ).aggregate.kpi_summary()
    assert b["waiting_list_mean"]["mean"] < a["waiting_list_mean"]["mean"]
    assert b["mean_wait_days"]["mean"] < a["mean_wait_days"]["mean"]
    # the initial stock doubles; the stock plan's purchases do not
    assert (
        1.8 * a["dwellings_per_1000"]["mean"]
        < b["dwellings_per_1000"]["mean"]
        < 2 * a["dwellings_per_1000"]["mean"]
    )


def test_yearly_metrics_interface(baseline):
    """Every yearly metric named in the interface is reported for every year."""
    r = sim.run(baseline, replications=2, seed=1).to_json_dict()
    for name in sim.YEARLY_METRICS:
        assert name in r["yearly"], name
        assert set(r["yearly"][name]) == {str(y) for y in range(2016, 2041)}
        assert name in r["kpis"], name
    assert r["yearly"]["dwellings_per_1000"]["2016"]["mean"] == pytest.approx(210 / 17426 * 1000, rel=0.02)


def test_temp_nights_are_person_nights(baseline_data):
    """Hospits nights equal the integral of persons in hospits; cost is nights x price."""
    sc = _short(baseline_data, years=3)
    r = sim.run_replication(sc, seed=3, replication=0)
    assert r.yearly["temp_nights"].sum() == pytest.approx(r.monthly["temp_nights"].sum())
    index = 1.025 ** (np.array([0, 366, 731]) / 365.25)  # cost growth from the start year
    np.testing.assert_allclose(r.yearly["temp_cost_nok"], 700 * r.yearly["temp_nights"] * index)
    by_group = sum(r.yearly[f"temp_nights|{g}"] for g in sc.groups)
    np.testing.assert_allclose(by_group, r.yearly["temp_nights"])
    assert (r.yearly["temp_nights_families_youth"] <= r.yearly["temp_nights"] + 1e-9).all()


@pytest.mark.pure_python  # subclasses Model to check each departure
def test_a_freed_temporary_unit_goes_to_the_household_longest_in_hospits(baseline_data):
    """Known rule, checked at every freed unit: the household in hospits without a unit whose
    stay began first (ties: lowest id) moves in, also households there since before day 0."""
    data = {**baseline_data}
    data["initial_state"] = {
        **baseline_data["initial_state"],
        "temporary_accommodation": {
            "acute_homeless": {"count": 6, "max_days_already_waited": 300},
            "rop": {"count": 4, "max_days_already_waited": 300},
        },
    }
    sc = variant(data, end_date="2018-12-31", temporary_accommodation__municipal_units=2)
    checked = 0

    class Checked(Model):
        def _temp_leave(self, hh, now):  # type: ignore[override]
            nonlocal checked
            waiting = [h for h in self.in_temp.values() if not h.temp_unit and h is not hh]
            expected = min(waiting, key=lambda h: (h.temp_since, h.hid)) if hh.temp_unit and waiting else None
            super()._temp_leave(hh, now)
            if expected is not None:
                assert expected.temp_unit, f"day {now:.1f}: household {expected.hid} was passed over"
                checked += 1

    for rep in range(3):
        run_model(Checked(sc, 1, rep))
    assert checked >= 10  # the rule was exercised, with stays begun before day 0 among them


def _first_tenancies_scenario(baseline_data, lease):
    """Today's tenants only: every dwelling let, no arrivals, nobody leaves but at lease end."""
    groups = {}
    for name, g in baseline_data["groups"].items():
        groups[name] = {
            **g,
            "arrival_rate_per_1000_per_year": 0.0,
            "eviction_rate_per_year": 0.0,
            "move_out_rate_per_year": 0.0,
            "death_or_institution_rate_per_year": 0.0,
            "renewal_probability": 0.0,
            "permanent_need": False,
        }
    return variant(
        baseline_data,
        groups=groups,
        tenancy__lease=lease,
        initial_state={"tenancies": {"occupancy_share": 1.0}},
        start_loans__consider_tenants_at_renewal="none",
        start_loans__direct_applicants_per_1000_per_year=0.0,
        end_date="2021-12-31",
    )


@pytest.mark.parametrize(
    "lease",
    [{"dist": "exponential", "mean_days": 1096}, {"dist": "gamma", "mean_days": 1096, "sd_days": 500}],
)
def test_leases_under_way_at_the_start_are_not_length_biased(baseline_data, lease):
    """From a full start with no arrivals, today's tenants leave as the stationary residual
    life of the lease says: for an exponential lease, 210 * exp(-t / mean) are still in
    their first lease after t days (the old draw, a fresh lease times a uniform share left,
    gave a mean of half the lease and twice as many move-outs in the first year). For a
    gamma lease the residual life's mean is (mean^2 + sd^2) / (2 mean)."""
    sc = _first_tenancies_scenario(baseline_data, lease)
    reps = 24
    first_year, left = [], []
    for rep in range(reps):
        r = sim.run_replication(sc, seed=5, replication=rep)
        first_year.append(r.yearly["move_outs"][0])
        left.append(r.kpis["allocations"])  # nobody arrives, so nobody is housed
    assert sum(left) == 0
    n = sc.total_dwellings()
    days = 366.0  # 2016 is a leap year
    if lease["dist"] == "exponential":
        expected = n * (1 - math.exp(-days / 1096))
    else:
        # P(residual <= t) for the equilibrium distribution of a gamma(k, theta) lease
        from scipy import stats

        k, theta = (1096 / 500) ** 2, 500**2 / 1096
        # F_e(t) = (1 / mean) * integral from 0 to t of (1 - F(x)) dx, numerically
        xs = np.linspace(0, days, 2001)
        expected = n * np.trapezoid(stats.gamma.sf(xs, k, scale=theta), xs) / 1096
    mean = np.mean(first_year)
    half = 2.2 * np.std(first_year, ddof=1) / math.sqrt(reps) + 0.5
    assert abs(mean - expected) < half, (mean, expected)


def test_a_homeless_household_that_refuses_an_offer_stays_homeless_and_may_apply_again(baseline_data):
    """A refusal voids the approval (report, Vedlegg 2 § 7.3), but the household is still
    homeless: it does not leave the model, and it may apply again as after an eviction."""
    groups = {
        name: {**g, "offer_refusal_probability": 1.0, "reapply_probability_after_eviction": 1.0}
        for name, g in baseline_data["groups"].items()
    }
    sc = variant(baseline_data, groups=groups, end_date="2019-12-31")
    m = Model(sc, seed=2, replication=0, event_log=True)
    r = run_model(m)
    homeless_exits = [
        k for k in r.careers if k.startswith("state:homeless") and k.endswith("exit:refused_offer")
    ]
    assert homeless_exits == []
    refused_at: dict[int, float] = {}  # each household's first refusal
    for t, hid, event, _g, _d in r.event_log:
        if event == "refused_offer":
            refused_at.setdefault(hid, t)
    assert len(refused_at) > 5
    # they come back to the list after refusing (the round-dance), still homeless meanwhile
    back = {
        hid
        for t, hid, event, _g, _d in r.event_log
        if event == "waiting_list" and t > refused_at.get(hid, 1e9)
    }
    assert len(back) > 0
    assert r.kpis["exits_refused_offer"] > 0  # households with a roof over their heads still leave


def test_each_decision_team_allocates_its_kind_of_dwelling_at_its_own_interval(baseline):
    """The report's teams: ordinary dwellings are allocated at the monthly meeting, dwellings
    with services at the weekly one (refugees settled on arrival are housed at once)."""
    teams = baseline.allocation.teams
    assert teams["ordinary"].meeting_interval_days == 30.4 and teams["services"].meeting_interval_days == 7
    m = Model(baseline, seed=4, replication=0, event_log=True)
    run_model(m)
    by_kind: dict[bool, list[float]] = {False: [], True: []}
    for t, _hid, event, group, did in m.log or []:
        if event == "move_in" and group != "refugees":
            by_kind[m.stock.dwellings[did].services].append(t)
    for services, interval in ((False, 30.4), (True, 7.0)):
        days = np.asarray(by_kind[services])
        assert len(days) > 50
        off = np.abs(days / interval - np.round(days / interval))
        assert off.max() < 1e-6, (services, days[off.argmax()])


def test_every_kind_of_dwelling_needs_exactly_one_team(baseline_data):
    with pytest.raises(
        sim.ScenarioError, match=re.escape("allocation.teams: one team must allocate dwellings with services")
    ):
        variant(
            baseline_data,
            allocation__teams={"all": {"allocates": "without_services", "meeting_interval_days": 14}},
        )


def test_the_pathway_account_follows_where_a_homeless_household_stands(baseline):
    """Awaiting a decision, approved on the list, not approved, evicted and not applied again:
    the household's persons move between the pathway levels as its standing changes."""
    from sim.households import AFTER_EVICTION, AWAITING_DECISION, NOT_APPROVED, ON_LIST, Slot

    m = Model(baseline, seed=1, replication=0)
    m.population = np.full(10, 17426.0)
    level = {
        p: m.levels.index[f"homeless_persons|path:{p}"]
        for p in ("awaiting_decision", "on_list", "not_approved", "after_eviction")
    }

    def persons(path: str) -> float:
        return m.levels.val[level[path]]

    g = m.group_names.index("acute_homeless")
    row = [0.5] * Slot.WIDTH
    row[Slot.APPROVAL] = 0.99  # rejected at its first application
    hh = m.new_household(g, 0, row)
    m.samplers[g].apply(hh)
    m.become_homeless(hh, True)
    assert hh.path == NOT_APPROVED and persons("not_approved") == hh.persons
    m.apply(hh)
    assert hh.path == AWAITING_DECISION and persons("awaiting_decision") == hh.persons
    m._decide(hh)  # rejected: still homeless, not approved
    assert hh.path == NOT_APPROVED and persons("awaiting_decision") == 0
    hh.n_apps = 5  # the next draw approves (a rotated uniform)
    hh.row = [0.0] * Slot.WIDTH
    m.apply(hh)
    m._decide(hh)
    assert hh.path == ON_LIST and persons("on_list") == hh.persons and persons("not_approved") == 0
    hh.evicted_unapplied = True
    m._leave_list(hh, 0.0, housed=False)
    assert hh.path == AFTER_EVICTION and persons("after_eviction") == hh.persons
    temp = sum(m.levels.val[m.levels.index[f"temp_persons|path:{p}"]] for p in level)
    assert temp == hh.persons  # in hospits throughout
