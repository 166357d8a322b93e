"""Stock sizing: the plan family, the known M/M/c answer, settling, type advice and the CLI."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

import sim
from sim.analysis.common import parse_targets, with_changes
from sim.analysis.sizing import (
    PlanFamily,
    _Planner,
    _shortfalls,
    apportion,
    parse_instruments,
    population_on_1_january,
    size_stock,
    split_counts,
)
from sim.cli import main
from tests.helpers import mmc_data
from tests.test_queueing import mmc_wq

MEAN_SERVICE = 20.0
LAM = 0.4  # per day: offered load 8 dwellings
TARGET = 2.8  # days of mean wait


def _mmc(c: int, years: int = 6) -> sim.Scenario:
    d = mmc_data(c=c, arrivals_per_year=LAM * 365.25, mean_service_days=MEAN_SERVICE, years=years)
    d["stock_prices"] = {"purchase_delay_days": 0}
    return sim.scenario_from_dict(d)


def erlang_c_stock(target_days: float) -> int:
    """Fewest dwellings whose M/M/c mean wait is within the target."""
    c = int(LAM * MEAN_SERVICE) + 1
    while mmc_wq(c, LAM, 1 / MEAN_SERVICE) > target_days:
        c += 1
    return c


def _family(**kw) -> PlanFamily:
    pop = {y: 1000.0 * (1.02 ** (y - 2016)) for y in range(2016, 2041)}
    args = dict(
        types=("small", "care"),
        weights=(3.0, 1.0),
        leads=(1, 2),
        first_year=2016,
        last_year=2040,
        from_year=2020,
        max_per_year=10,
        population=tuple(pop.items()),
    )
    args.update(kw)
    return PlanFamily(**args)


# ---------------------------------------------------------------- the plans
def test_plans_a_planner_can_carry_out():
    """Catch-up as fast as the ramp allows, then a steady pace: never more than the limit a year,
    never a year of nothing between two years of buying, and a larger level never buys less
    in any year or of any type."""
    fam = _family()
    adds = fam.additions(30)
    per_year = {y: sum(v.values()) for y, v in adds.items()}
    assert max(per_year.values()) <= 10
    assert per_year[2016] == 10 and per_year[2017] == 10  # the catch-up starts now, at the limit
    catch_up = [y for y in sorted(per_year) if y < 2020]
    assert catch_up == list(range(2016, catch_up[-1] + 1))  # no gap in the catch-up
    assert sum(per_year.values()) == fam.total(30) == fam.extra(30)[2040]
    # the surplus keeps pace with the population after from_year, never falls
    extra = fam.extra(30)
    assert extra[2020] == 30 and all(b >= a for a, b in itertools.pairwise(extra.values()))
    assert extra[2040] == round(30 * 1.02**20)
    # the care share is decided two years ahead (care builds take two years)
    assert adds[2016]["care"] >= 1
    # monotone in the level, year by year and type by type
    for lo, hi in ((29, 30), (10, 40)):
        a, b = fam.additions(lo), fam.additions(hi)
        total_a = {t: sum(v.get(t, 0) for v in a.values()) for t in fam.types}
        total_b = {t: sum(v.get(t, 0) for v in b.values()) for t in fam.types}
        assert all(total_b[t] >= total_a[t] for t in fam.types)
    assert fam.additions(0) == {}


def test_ramp_caps_mark_where_a_larger_plan_cannot_serve_a_year_better():
    """From a year's ramp cap on, every decision year up to it is at the limit (no larger plan
    has a dwelling more in place by then); one level below, one is not; and the years at the
    limit only grow with the level (the bisection relies on it)."""
    for fam in (_family(), _family(from_year=2017, leads=(1, 1)), _family(max_per_year=3)):
        caps = fam.ramp_caps(200)
        assert caps and list(caps) == list(range(fam.first_year, max(caps) + 1))
        for y, cap in caps.items():
            assert fam.ramp_full_until(cap) >= y > fam.ramp_full_until(cap - 1)
            assert all(
                sum(fam.additions(cap).get(d, {}).values()) == fam.max_per_year for d in range(2016, y + 1)
            )
        full = [fam.ramp_full_until(level) for level in range(0, 201)]
        assert full == sorted(full)
        assert max(caps) == full[-1]  # the years the largest plan leaves room in have no cap


def test_apportion_is_house_monotone():
    """A larger total never takes a dwelling from a type (largest remainder can: Alabama)."""
    w = {"a": 85, "b": 55, "c": 20, "d": 50}
    prev = apportion(0, w)
    for n in range(1, 120):
        cur = apportion(n, w)
        assert sum(cur.values()) == n
        assert all(cur[k] >= prev[k] for k in w), (n, prev, cur)
        prev = cur
    assert apportion(210, w) == {"a": 85, "b": 55, "c": 20, "d": 50}


def test_split_counts_and_instruments():
    assert split_counts(7, {"a": 85, "b": 55, "c": 20}) == {"a": 4, "b": 2, "c": 1}
    assert sum(split_counts(13, {"a": 1, "b": 1, "c": 1}).values()) == 13
    assert split_counts(0, {"a": 1}) == {"a": 0}
    assert parse_instruments("lease:5,purchase") == [("lease", 5), ("purchase", None)]
    with pytest.raises(ValueError, match="unknown instrument"):
        parse_instruments("steal")


def test_planner_builds_leases_tilvisning_and_care(baseline):
    p = _Planner(baseline, parse_instruments("lease:1,tilvisning,care_build"))
    plan, agreements = p.actions({2020: {"small_ordinary": 3, "care": 3}})
    assert {"year": 2020, "dwelling_type": "care", "instrument": "care_build", "count": 3} in plan
    lease = next(a for a in plan if a["instrument"] == "lease")
    assert lease["count"] == 1 and lease["contract_years"] == 21.0  # to the horizon
    assert agreements[0]["units"] == 4 and agreements[0]["municipal_share"] == 0.5  # 2 nominated
    cut = p.scenario({2020: {"small_ordinary": 6}, 2030: {"small_ordinary": 2}}, until_year=2025)
    assert cut.end_date.year == 2025


def test_population_on_1_january_follows_the_path(baseline):
    pop = population_on_1_january(baseline)
    assert pop[2016] == pytest.approx(17426, rel=1e-3)
    assert pop[2020] == pytest.approx(18644, rel=1e-3) and pop[2040] == pytest.approx(23034, rel=1e-3)


def test_shortfall_is_the_worst_relative_miss_and_a_year_without_data_meets():
    tg = parse_targets(["p_wait_over_6_months<=0.1"])
    v = {"p_wait_over_6_months": np.array([[0.12, 0.05, np.nan], [0.10, 0.05, np.nan]])}
    h = _shortfalls(v, tg, "mean", 0.9)
    assert h[0] == pytest.approx(0.1) and h[1] == pytest.approx(-0.5) and h[2] == -1.0
    share = _shortfalls(v, tg, "share", 0.9)  # 1 of 2 futures meets the first year
    assert share[0] == pytest.approx(0.4) and share[1] == pytest.approx(-0.1)


# ---------------------------------------------------------------- the search
def test_known_answer_mmc_stock():
    """Stationary demand: the plan adds what Erlang C says, all in the first year, then nothing;
    the answer is settled and every year meets the target."""
    need = erlang_c_stock(TARGET)
    assert need == 11  # W_q(10) = 4.1 days > 2.8 >= W_q(11) = 1.6 days
    res = size_stock(_mmc(9), [f"mean_wait_days<={TARGET}"], from_year=2001, seed=5)
    assert res.additions_by_year == {2000: need - 9}, res.evaluations
    assert res.all_met and res.settled and res.total_range == (2, 2)
    assert res.stock_plan == [{"year": 2000, "dwelling_type": "flat", "instrument": "purchase", "count": 2}]
    assert [y["dwellings"] for y in res.years] == pytest.approx([11.0] * 5)
    assert "settled" in res.text()


def test_ramp_up_limit_is_reported_not_hidden():
    """With at most 1 a year the first target year cannot be met: the plan still adds the two
    dwellings, as fast as allowed, and the year is reported not met at the ramp's limit, and
    leaving that year out does not leave the search bracketing the largest plans. (Eight
    futures cannot show with certainty that 2000 is missed, a mean wait of 4.4 days against
    2.8 that varies from future to future by more, so it is not *called* out of reach: the
    claim needs the same certainty as the search's own verdicts.)"""
    res = size_stock(
        _mmc(9, years=5),
        [f"mean_wait_days<={TARGET}"],
        from_year=2000,
        max_additions_per_year=1,
        replications=8,
        seed=5,
    )
    assert all(n <= 1 for n in res.additions_by_year.values())
    # the years the ramp cannot reach do not inflate the plan: 2 dwellings, as Erlang C says
    assert res.total_additions == 2, res.evaluations
    # the queue of 2000 lingers: not met, and the plan already buys as fast as allowed for it
    assert not res.years[0]["met"] and 2000 in res.ramp_limited_years
    assert "as fast as the ramp allows" in res.years[0]["status"] and "2000" in res.message
    assert max(res.unreachable_years, default=2000) <= 2001
    assert res.years[-1]["met"]


class _SyntheticRuns:
    """Stands in for the simulations (:class:`sim.analysis.sizing._Runs`): the target's metric
    by level, replication and year from a formula, with common random numbers (each
    replication's noise is the same at every level) and, past a year's ramp cap, a shift that
    depends on the level (a larger plan splits the same dwellings over the types a little
    differently). The first target year misses at every level; the second is at the target
    only once the ramp is full up to it (0.1015 against 0.10, with a noise of 0.03 a future:
    neither met nor missed with certainty); the later years need level ``NEED``."""

    NEED = 8

    def __init__(self, family, planner, metrics, seed, mapper, workers):
        self.family, self.planner, self.seed = family, planner, seed
        self.years = list(range(family.first_year, family.last_year + 1))
        self.caps = family.ramp_caps(60)
        self.simulated = 0
        self.seen: set[tuple[int, int]] = set()

    def ensure(self, levels, reps):
        new = {(c, r) for c in levels for r in reps} - self.seen
        self.simulated += len(new)
        self.seen |= new

    def _value(self, level: int, r: int, y: int) -> float:
        first = self.family.from_year
        cap = self.caps.get(y, 10**9)
        at = min(level, cap)
        noise = np.random.default_rng([self.seed, r, y]).normal(0, 0.03)
        if level > cap:  # the same dwellings in place by then, split a little differently
            noise += np.random.default_rng([y, level]).uniform(-0.015, 0.015)
        if y == first:
            return 0.30 + noise
        if y == first + 1:
            return 0.1015 + 0.02 * (cap - at) + noise
        return 0.10 + 0.004 * (self.NEED - level) + noise

    def yearly(self, level, reps, metric):
        if metric != "p_wait_over_6_months":
            return np.zeros((len(reps), len(self.years)))
        return np.array([[self._value(level, r, y) for y in self.years] for r in reps])

    def kpis(self, level, reps):
        return {}


def test_a_year_out_of_reach_and_a_year_the_ramp_barely_reaches_give_the_same_plan_for_every_seed(
    monkeypatch,
):
    """The mechanism behind issue 16's dashboard defect, on formulas instead of simulations. A
    year the ramp cannot reach (2001) is reported out of reach on every seed and does not raise
    the plan. A year at the target only once the ramp is full up to it (2002) takes the plan
    to its ramp cap and no further: past the cap the split over types moves its value from
    level to level, and the search before the fix chased that (15, 49 and 15 dwellings for
    seeds 1, 2, 3). Now every seed gives the same plan, the same verdicts and a settled
    range around it."""
    from sim.analysis import sizing

    monkeypatch.setattr(sizing, "_Runs", _SyntheticRuns)
    sc = _mmc(9, years=10)
    kw = dict(from_year=2001, max_additions_per_year=5, max_level=60, advise=False)
    results = [size_stock(sc, ["p_wait_over_6_months<=0.10"], seed=s, **kw) for s in (1, 2, 3)]
    family = sizing.PlanFamily(
        types=("flat",),
        weights=(9.0,),
        leads=(1,),
        first_year=2000,
        last_year=2009,
        from_year=2001,
        max_per_year=5,
        population=tuple(population_on_1_january(sc).items()),
    )
    cap = family.ramp_caps(60)[2002]
    assert cap > _SyntheticRuns.NEED  # 2002, not the later years, sets the plan
    for res in results:
        assert res.level == cap, [(e["level"], e["replications"], e["shortfall"]) for e in res.evaluations]
        assert res.unreachable_years == [2001] and res.ramp_limited_years == [2001, 2002]
        assert res.settled and res.total_range[0] <= res.total_additions <= res.total_range[1]
        assert "not reachable with flat at 5 a year: 2001" in res.message
        assert "(not reachable" in res.years[0]["status"] and "(not reachable" not in res.years[1]["status"]
    assert len({json.dumps(r.additions_by_year_type, sort_keys=True) for r in results}) == 1


def test_fixed_replications_report_an_unsettled_answer_honestly():
    """Four futures cannot vouch for their own precision: the result says so, and a cap on the
    replications that is too low for the tolerance is named."""
    res = size_stock(_mmc(9), [f"mean_wait_days<={TARGET}"], from_year=2001, replications=4, seed=5)
    assert not res.settled and "cannot be settled within 4 replications" in res.message
    assert res.total_range[0] <= res.total_additions <= res.total_range[1]


def test_types_that_cannot_meet_the_target_get_advice():
    """Two kinds of dwelling; the households needing services (30 %, a load of 2.4 dwellings)
    can only be housed in the 2 'care' dwellings, while 9 flats serve the rest easily. Adding
    flats cannot meet the target; the advice says care dwellings would."""
    d = mmc_data(c=9, arrivals_per_year=LAM * 365.25, mean_service_days=MEAN_SERVICE, years=4)
    d["stock_prices"] = {"purchase_delay_days": 0}
    d["groups"]["only"]["services_share"] = 0.3
    d["dwelling_types"]["care"] = {"size_class": "small", "services": True, "count": 2}
    sc = sim.scenario_from_dict(d)
    res = size_stock(
        sc,
        [f"mean_wait_days<={TARGET}"],
        from_year=2001,
        types=["flat"],
        instruments="purchase",
        replications=8,
        seed=2,
        max_level=12,
    )
    assert res.unreachable_years == [2001, 2002, 2003] and res.total_additions == 0, res.years
    advice = {a["type"]: a for a in res.type_advice}
    assert advice["care"]["meets_all"] and not advice["flat"]["meets_all"]
    assert res.type_advice[0]["type"] == "care"
    assert "not reachable with flat" in res.text()


def test_baseline_sizing_runs_and_reports_cost(baseline):
    short = with_changes(baseline, {"end_date": "2019-12-31"}, name="short")
    res = size_stock(short, ["p_wait_over_6_months<=0.2"], from_year=2018, replications=4, max_level=30)
    assert res.from_year == 2018 and [y["year"] for y in res.years] == [2018, 2019]
    assert (
        "cost_municipal_budget_nok" in res.final
        and "cost_municipal_npv_nok" in res.final
        and "dwellings_per_1000" in res.final
    )
    text = res.text()
    assert "stock_plan:" in text and "per 1000" in text
    # the plan's cost: levels as levels, changes labelled as changes against no additions
    budget = next(line for line in text.splitlines() if "municipal budget, NOK nominal" in line)
    assert ": NOK " in budget and "change " in budget and "million NOK vs no additions" in budget
    assert any("present value, NOK in real first-year prices" in line for line in text.splitlines())
    doc = res.to_json_dict()
    assert json.loads(json.dumps(doc, default=str))["total_additions"] == res.total_additions


#: the command of issue 16, and the dashboard stock page's defaults (views/stock.py: from the
#: second year, the slider's 0.8 as certainty, every type, purchases and care builds, at most
#: 10 a year, a lead of 1 year, replications chosen automatically up to 256)
SETTINGS = {
    "cli": {"from_year": 2020},
    "dashboard": {
        "from_year": 2017,
        "certainty": 0.8,
        "instruments": ["purchase", "care_build"],
        "max_additions_per_year": 10,
        "lead_years": 1,
        "max_replications": 256,
    },
}


@pytest.mark.slow
@pytest.mark.parametrize("where", ["cli", "dashboard"])
def test_baseline_plan_holds_still_across_seeds(baseline, where):
    """Issue 16's check: the planners' question on the baseline with automatic replications
    gives totals within 10 % (or 5 dwellings) across seeds 1, 2 and 3, with the same decisions
    in the first year, from the command line and on the dashboard's stock page."""
    runs = [
        size_stock(baseline, ["p_wait_over_6_months<=0.10"], seed=s, workers=2, **SETTINGS[where])
        for s in (1, 2, 3)
    ]
    totals = [r.total_additions for r in runs]
    print(f"\n{where}: totals for seeds 1, 2, 3: {totals}; replications {[r.replications for r in runs]}")
    assert max(totals) - min(totals) <= max(5, 0.1 * max(totals)), totals
    first = min(min(r.additions_by_year) for r in runs)
    assert len({json.dumps(r.additions_by_year_type.get(first), sort_keys=True) for r in runs}) == 1
    # each answer is settled, or says honestly that it could not be within the cap; the
    # seeds' ranges overlap either way
    assert all(r.settled or "cannot be settled" in r.message for r in runs), [r.message for r in runs]
    assert max(r.total_range[0] for r in runs) <= min(r.total_range[1] for r in runs), [
        r.total_range for r in runs
    ]


def test_cli_size_stock(tmp_path, capsys):
    f = tmp_path / "mmc.yaml"
    f.write_text(sim.scenario_to_yaml(_mmc(9, years=4)))
    out = tmp_path / "planned.yaml"
    args = ["size-stock", str(f), "--target", f"mean_wait_days<={TARGET}", "--from-year", "2001"]
    assert main([*args, "--workers", "1", "--json", "--out", str(out)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["total_additions"] == 2 and doc["all_met"] and doc["settled"]
    planned = sim.load_scenario(out)
    assert sum(a.count for a in planned.stock_plan) == 2
    assert main(["size-stock", str(f), "--target", "nonsense<=1"]) == 2
