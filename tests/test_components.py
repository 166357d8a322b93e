"""Each instrument on its own: a component built against a small fake of the model.

Every component of ``sim`` (see :mod:`sim.core`) is constructed here with
:class:`tests.fakes.FakeCore` instead of a :class:`sim.model.Model`; the tests run the fake's
clock and check what the component did: the life-cycle calls it made, its counters and its
own state.
"""

from __future__ import annotations

import inspect

import pytest

import sim
from sim.calendar import DAYS_PER_YEAR
from sim.core import Core
from sim.dwellings import LEASED, OWNED, RENT_TO_OWN, TILVISNING, Dwelling
from sim.follow_up import FollowUpTeam
from sim.households import Slot, State
from sim.initial_state import InitialSituation
from sim.loans import annuity_per_year
from sim.private_rental import PrivateMarket
from sim.rent_to_own import RentToOwnScheme
from sim.spec.follow_up import FollowUp
from sim.spec.private_rental import PrivateRental
from sim.spec.start_loans import StartLoans
from sim.start_loans import StartLoanOffice
from sim.stock_plan import StockPlan
from sim.tilvisning import TilvisningAgreements
from tests.fakes import FakeCore
from tests.helpers import variant


@pytest.fixture
def core(baseline: sim.Scenario) -> FakeCore:
    return FakeCore(baseline)


def test_the_fake_offers_everything_the_interface_declares(core: FakeCore) -> None:
    """The fake keeps up with :class:`sim.core.Core` (else these tests test too little)."""
    declared = set(Core.__annotations__) | {
        n for n, v in vars(Core).items() if inspect.isfunction(v) and not n.startswith("_")
    }
    assert declared - set(dir(core)) == set()
    for name in (n for n in declared if inspect.isfunction(getattr(Core, n, None))):
        want = list(inspect.signature(getattr(Core, name)).parameters)[1:]
        assert list(inspect.signature(getattr(core, name)).parameters) == want, name


# ---------------------------------------------------------------- follow-up
def test_follow_up_serves_its_groups_within_capacity(core: FakeCore) -> None:
    team = FollowUpTeam(core, FollowUp(staff=1, households_per_staff=2, groups=["youth", "rop"]))
    youth, rop, other = (core.group_names.index(g) for g in ("youth", "rop", "other_low_income"))
    a, b, c, d = core.household(youth), core.household(rop), core.household(youth), core.household(other)
    for hh in (a, b, c, d):
        team.assign(hh, 10.0)
    assert (a.follow_up, b.follow_up, c.follow_up, d.follow_up) == (True, True, False, False)
    assert team.active == 2 and core.levels.val[core.levels.index["follow_up"]] == 2
    team.release(a, 20.0)
    team.release(d, 20.0)  # never followed: nothing changes
    assert team.active == 1 and not a.follow_up
    team.assign(c, 30.0)  # the freed place goes to the next
    assert c.follow_up and team.active == 2
    assert team.eviction_factor == pytest.approx(1 - FollowUp().eviction_hazard_reduction)


# ---------------------------------------------------------------- private rental
def test_aid_raises_the_chance_and_capacity_is_used_only_on_success(core: FakeCore) -> None:
    spec = PrivateRental(deposit_loans_per_year=1, guarantees_per_year=1, guarantee_take_up_share=1.0)
    m = PrivateMarket(core, spec)
    # deposit first: 0.2 * 1.8 = 0.36; a draw of 0.3 succeeds only with the deposit loan
    assert m.attempt(0.2, 0.3, 0.0, brokered=False)
    assert m.deposits_left == 0 and core.flows.get("deposit_loans")[0] == 1
    # then the guarantee: 0.2 * 1.4 = 0.28; a failed search keeps the guarantee
    assert not m.attempt(0.2, 0.3, 0.0, brokered=False)
    assert m.guarantees_left == 1
    assert m.attempt(0.2, 0.27, 0.0, brokered=False) and m.guarantees_left == 0
    # nothing left: the bare chance
    assert not m.attempt(0.2, 0.21, 0.0, brokered=False)
    core.year_now = 1  # a new year opens new capacities
    assert m.attempt(0.2, 0.3, 0.0, brokered=False) and m.deposits_left == 0
    assert core.flows.get("deposit_loans")[1] == 1


def test_refusing_a_brokered_dwelling_voids_the_approval(core: FakeCore) -> None:
    m = PrivateMarket(core, PrivateRental(broker_offer_refusal_probability=0.1))
    row = [0.5] * Slot.WIDTH
    row[Slot.BROKER] = 0.05  # the first offer is refused
    hh = core.household(row=row)
    core.join_list(hh, 0.0)
    assert not m.broker_offer(hh)
    assert core.called("refuse_offer") == [(hh, pytest.approx(0.5))]  # 0.05 / 0.1: a fresh uniform
    assert core.flows.get("broker_offers_refused")[0] == 1


def test_broker_round_offers_to_the_most_pressing_first(core: FakeCore) -> None:
    m = PrivateMarket(core, PrivateRental(broker_placements_per_year=12))  # one a month
    households = [core.household(income=200_000) for _ in range(4)]
    for i, hh in enumerate(households):
        hh.urgent = i == 2
        core.join_list(hh, float(i))
    m.start()
    core.env.run(until=8.0)  # the first round, on day 7
    offered = [hh for hh in households if hh.brokered_at >= 0]
    assert offered == [households[2]] and m.events == 1


def test_direct_guarantees_use_the_same_yearly_capacity(core: FakeCore) -> None:
    m = PrivateMarket(
        core, PrivateRental(guarantees_per_year=3, direct_guarantee_clients_per_1000_per_year=1)
    )
    m.draw_direct_guarantees()  # about 20 a year at 20,000 inhabitants
    m.direct_guarantees_until(365.0)
    assert core.flows.get("guarantees_direct")[0] == 3 == core.flows.get("guarantees")[0]


# ---------------------------------------------------------------- start loans
def _loans(core: FakeCore, **kw: object) -> StartLoanOffice:
    spec = StartLoans(direct_applicants_per_1000_per_year=0, purchase_success_probability=1.0, **kw)
    return StartLoanOffice(core, spec)


def test_an_eligible_household_gets_a_loan_and_buys(core: FakeCore) -> None:
    office = _loans(core, budget_nok_per_year=5_000_000)
    hh = core.household(income=800_000)
    core.join_list(hh, 0.0)
    office.on_join_list(hh, 0.0)
    office.start()
    core.env.run(until=16.0)  # the first meeting, on day 15
    assert hh.loan_pending and office.budget_left == pytest.approx(3_000_000)
    core.env.run(until=15.0 + 91 * 0.5 + 1)  # bought halfway through the approval's validity
    assert core.called("exit") == [(hh, "start_loan")]
    assert core.flows.get("start_loans")[0] == 1 and core.flows.get("start_loan_nok")[0] == 2_000_000
    assert office.loans[0][:2] == (pytest.approx(15.0 + 45.5), 2_000_000)


def test_the_budget_runs_out_and_the_rest_wait_for_next_year(core: FakeCore) -> None:
    office = _loans(core, budget_nok_per_year=3_000_000)
    first, second = core.household(income=800_000), core.household(income=800_000)
    for hh in (first, second):
        core.join_list(hh, 0.0)
        office.on_join_list(hh, 0.0)
    office.start()
    core.env.run(until=16.0)
    assert first.loan_pending and not second.loan_pending
    assert office.queue and office.queue[0][0] == core.year_bounds[1]  # deferred to January
    core.env.run(until=core.year_bounds[1] + 31)
    assert second.loan_pending or core.called("exit")[-1] == (second, "start_loan")


def test_a_household_that_cannot_carry_a_loan_is_assessed_again_later(core: FakeCore) -> None:
    office = _loans(core, budget_nok_per_year=5_000_000, reassess_after_days=100, settlement_grant_max_nok=0)
    hh = core.household(income=150_000)
    core.join_list(hh, 0.0)
    office.on_join_list(hh, 0.0)
    office.start()
    core.env.run(until=16.0)
    assert core.flows.get("start_loan_rejections")[0] == 1 and not hh.loan_pending
    assert [due for due, _seq, _c in office.queue] == [pytest.approx(115.0)]
    core.exit(hh, "withdrawn")  # gone before the next assessment: nothing more happens
    core.env.run(until=200.0)
    assert core.flows.get("start_loan_rejections")[0] == 1


def test_a_held_over_tenant_leaves_when_refused(core: FakeCore) -> None:
    office = _loans(core, budget_nok_per_year=5_000_000, settlement_grant_max_nok=0)
    hh = core.household(income=100_000)
    d = core.stock.dwellings[0]
    core.place_tenant(hh, d, 100.0)
    hh.holdover = True
    office.enqueue(hh, 0.0)
    office.start()
    core.env.run(until=16.0)
    assert core.called("leave_at_lease_end") == [hh] and not hh.holdover


# ---------------------------------------------------------------- stock plan
def test_purchases_are_paid_when_decided_and_let_after_the_delay(baseline_data: dict) -> None:
    sc = variant(
        baseline_data,
        stock_plan=[{"year": 2017, "dwelling_type": "small_ordinary", "instrument": "purchase", "count": 2}],
    )
    core = FakeCore(sc)
    plan = StockPlan(core)
    plan.start()
    first = core.year_bounds[1] + 0.25 * (core.year_bounds[2] - core.year_bounds[1])
    core.env.run(until=first + sc.stock_prices.purchase_delay_days - 1)
    assert core.flows.get("purchases")[1] == 1 and core.called("add_dwelling") == []  # paid, not ready
    core.env.run(until=core.year_bounds[3])
    assert core.flows.get("purchases")[1] == 2
    assert core.flows.get("purchase_nok")[1] == pytest.approx(2 * core.prices[0])
    added = core.called("add_dwelling")
    assert len(added) == 2 and all(d.kind == OWNED and d.size_class == 0 for d in added)
    fees, grant = sc.stock_prices.purchase_fees_share, sc.stock_prices.purchase_state_grant_share
    cost = core.prices[0] * (1 + fees)
    assert [(a.value0, a.cost, a.grant) for a in core.acquisitions] == [
        (core.prices[0], pytest.approx(cost), pytest.approx(cost * grant))
    ] * 2
    assert plan.events == 2


def test_a_sale_takes_a_vacant_owned_dwelling_or_the_next_one_to_fall_vacant(baseline_data: dict) -> None:
    sc = variant(
        baseline_data,
        stock_plan=[{"year": 2016, "dwelling_type": "small_ordinary", "instrument": "sale", "count": 2}],
    )
    core = FakeCore(sc)
    small = [d for d in core.stock.dwellings if d.type_name == "small_ordinary"]
    core.stock.release(small[0])  # one vacant now
    plan = StockPlan(core)
    plan.start()
    core.env.run(until=366.0)
    assert core.called("drop_dwelling") == [small[0]] and plan.pending_sales == {0: 1}
    assert not plan.remove_if_due(core.stock.dwellings[-1])  # another type: not for sale
    assert plan.remove_if_due(small[1]) and core.called("drop_dwelling")[-1] is small[1]
    assert core.flows.get("sales")[0] == 2 and plan.pending_sales == {0: 0}


def test_a_lease_ends_with_its_contract(baseline_data: dict) -> None:
    sc = variant(
        baseline_data,
        stock_plan=[
            {
                "year": 2016,
                "dwelling_type": "medium_ordinary",
                "instrument": "lease",
                "count": 1,
                "contract_years": 1,
            }
        ],
    )
    core = FakeCore(sc)
    StockPlan(core).start()
    core.env.run(until=core.horizon - 1)
    (d,) = core.called("add_dwelling")
    assert d.kind == LEASED and core.called("drop_dwelling") == [d]
    assert core.flows.get("leases_started")[0] == 1 and core.flows.get("leases_ended")[1] == 1


# ---------------------------------------------------------------- tilvisning
def _agreement(baseline_data: dict, **kw: object) -> sim.Scenario:
    ag = {"name": "test", "units": 10, "first_occupancy": "2017-01-01", "end_date": "2018-12-31", **kw}
    return variant(baseline_data, tilvisning_agreements=[ag])


def test_nominated_units_come_and_go_with_the_agreement(baseline_data: dict) -> None:
    core = FakeCore(_agreement(baseline_data, municipal_share=0.5))
    tv = TilvisningAgreements(core)
    tv.start()
    core.env.run(until=core.year_bounds[1] + 1)
    units = core.called("add_dwelling")
    assert len(units) == 5 and all(d.kind == TILVISNING and d.agreement == 0 for d in units)
    hh = core.household(income=500_000)
    core.stock.take(core.stock.peek((1, False)))
    units[-1].vacant = False
    core.move_in(hh, units[-1])
    core.env.run(until=core.year_bounds[3] + 1)
    assert core.called("drop_dwelling") == units[:-1]  # the let unit leaves when its tenant does
    assert units[-1].to_remove and tv.events == 2


def test_a_nominee_must_afford_the_rent_and_pass_the_landlord(baseline_data: dict) -> None:
    sc = _agreement(baseline_data, tenant_rent_nok_per_month=10_000, max_rent_share_of_income=0.4)
    core = FakeCore(sc)
    tv = TilvisningAgreements(core)
    d = Dwelling(0, "tilvisning:test", -1, 1, False, TILVISNING, 0)
    assert not tv.nominee_ok(core.household(income=299_000), d)  # 0.4 * 299,000 < 120,000
    assert tv.nominee_ok(core.household(income=301_000), d)
    row = [0.5] * Slot.WIDTH
    row[Slot.BROKER] = 0.01  # the landlord refuses this one
    assert not tv.nominee_ok(core.household(income=900_000, row=row), d)
    assert core.flows.get("landlord_refusals")[0] == 1


# ---------------------------------------------------------------- rent-to-own
def test_rent_to_own_buys_for_a_family_and_the_option_is_used_or_lapses(baseline_data: dict) -> None:
    sc = variant(
        baseline_data,
        rent_to_own={"units_by_year": {2017: 1}, "option_year": 5, "selection_test": "min_income"},
    )
    core = FakeCore(sc)
    rto = RentToOwnScheme(core)
    single = core.household(income=900_000)
    family = core.household(income=400_000, persons=3, children=True)
    poor = core.household(income=100_000, persons=3, children=True)
    for hh in (single, family, poor):
        core.join_list(hh, 0.0)
    assert set(rto.candidates(0.0)) == {single, family}  # too little income to be chosen
    rto.start()
    core.env.run(until=core.year_bounds[2])
    (d,) = core.called("register_dwelling")
    assert d.kind == RENT_TO_OWN and family.rto_dwelling is d and family.rto_price == core.prices[1]
    assert core.called("move_in") == [(family, d, 5 * DAYS_PER_YEAR)]
    assert core.flows.get("rent_to_own_nok")[1] == core.prices[1] and core.careers == ["rent_to_own"]

    family.income_base = 100_000  # cannot carry the mortgage: the option lapses
    rto.option(family)
    assert core.called("change_kind") == [(d, OWNED)] and core.called("next_lease") == [family]
    assert family.rto_dwelling is None and family.n_leases == 1


def test_a_household_that_can_carry_the_mortgage_buys_its_dwelling(baseline_data: dict) -> None:
    sc = variant(baseline_data, rent_to_own={"units_by_year": {2017: 1}})
    core = FakeCore(sc)
    rto = RentToOwnScheme(core)
    hh = core.household(income=2_000_000)
    core.join_list(hh, 0.0)
    rto.start()
    core.env.run(until=core.year_bounds[2])
    d = hh.dwelling
    assert d is not None and d.kind == RENT_TO_OWN
    need = annuity_per_year(
        hh.rto_price, sc.rent_to_own.mortgage_rate_per_year, sc.rent_to_own.mortgage_term_years
    )
    assert need < 2_000_000 * 0.5
    rto.option(hh)
    assert core.called("exit") == [(hh, "rent_to_own")] and d.to_remove
    assert core.flows.get("rent_to_own_sale_nok")[1] == hh.rto_price


# ---------------------------------------------------------------- today's situation
def test_today_lets_the_stock_and_fills_the_list_and_hospits(baseline: sim.Scenario) -> None:
    core = FakeCore(baseline)
    InitialSituation(core).build()
    init = baseline.initial_state
    placed = core.called("place_tenant")
    share = init.tenancies.occupancy_share
    assert len(placed) == sum(round(t.count * share) for t in baseline.dwelling_types.values())
    lease = baseline.tenancy.lease.mean()
    assert all(0 <= days <= lease for _hh, _d, days in placed)
    assert all(d.services == hh.services for hh, d, _days in placed)
    assert core.stock.n_vacant + len(placed) == core.stock.size
    joined = core.called("join_list")
    unhoused = [init.waiting_list, init.temporary_accommodation, init.homeless_other]
    assert len(joined) == sum(g.count for table in unhoused for g in table.values())
    worst = max(g.max_days_already_waited for table in unhoused for g in table.values())
    assert all(-worst <= t <= 0 for _hh, t in joined)
    in_temp = [hh for hh, in_temp in core.called("become_homeless") if in_temp]
    assert len(in_temp) == sum(g.count for g in init.temporary_accommodation.values())
    assert {hh for hh, _since in core.called("backdate_temp_stay")} == set(in_temp)
    assert len(core.called("waiting_events")) == sum(g.count for g in init.waiting_list.values())
    assert all(hh.state == State.WAITING for hh, s in core.called("set_state") if s == State.WAITING)


def test_a_cold_start_leaves_everything_empty(baseline_data: dict) -> None:
    core = FakeCore(variant(baseline_data, initial_state={"cold_start": True}))
    InitialSituation(core).build()
    assert core.stock.n_vacant == core.stock.size and core.calls == []
