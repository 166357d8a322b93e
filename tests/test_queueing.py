"""Validation against queueing theory: in its degenerate setting the model is an M/M/c queue."""

from __future__ import annotations

import pytest

import sim
from sim.validation import erlang_c
from tests.helpers import mmc_data


def mmc_wq(c: int, lam: float, mu: float) -> float:
    """Mean time in queue (Erlang C)."""
    return erlang_c(c, lam / mu) / (c * mu - lam)


def test_erlang_c_known_value():
    # textbook value: c=2, a=1 -> C = 1/3
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)


def _inside(theory: float, summary: dict, slack: float = 0.03) -> bool:
    lo, hi = summary["ci95"]
    return lo * (1 - slack) <= theory <= hi * (1 + slack)


@pytest.mark.slow
@pytest.mark.parametrize(("c", "rho", "reps"), [(1, 0.7, 30), (10, 0.8, 40), (50, 0.9, 20)])
def test_mmc_matches_erlang_c(c: int, rho: float, reps: int):
    """Mean wait, mean queue length and utilisation match Erlang C.

    Waits in a loaded M/M/c queue are strongly autocorrelated, so the test uses many
    replications and asserts that the theoretical value lies inside the 95 % interval
    (widened by 3 % for the cold-start bias of a 100-year run).
    """
    mean_service = 100.0
    mu = 1 / mean_service
    lam = rho * c * mu  # per day
    sc = sim.scenario_from_dict(
        mmc_data(c=c, arrivals_per_year=lam * 365.25, mean_service_days=mean_service, years=100)
    )
    kp = sim.run(sc, replications=reps, seed=2).aggregate.kpi_summary()
    wq = mmc_wq(c, lam, mu)
    assert _inside(wq, kp["mean_wait_days"]), (wq, kp["mean_wait_days"])
    # Little's law on the waiting list: Lq = lambda * Wq
    assert _inside(lam * wq, kp["waiting_list_mean"]), (lam * wq, kp["waiting_list_mean"])
    assert kp["occupancy_rate"]["mean"] == pytest.approx(rho, rel=0.02)


def test_mmc_quick_sanity():
    """A short M/M/c run lands in the right neighbourhood (fast guard for the slow test)."""
    c, mean_service, rho = 5, 50.0, 0.7
    lam = rho * c / mean_service
    sc = sim.scenario_from_dict(
        mmc_data(c=c, arrivals_per_year=lam * 365.25, mean_service_days=mean_service, years=60)
    )
    res = sim.run(sc, replications=3, seed=3)
    kp = res.aggregate.kpi_summary()
    assert kp["mean_wait_days"]["mean"] == pytest.approx(mmc_wq(c, lam, 1 / mean_service), rel=0.35)
    assert kp["occupancy_rate"]["mean"] == pytest.approx(rho, rel=0.08)


def test_littles_law_on_waiting_list_in_baseline(baseline):
    """Little's law on the waiting list of the full model, as an exact identity.

    The time-integral of the list equals the total time households spent on it: the
    waits of those housed plus the time already waited by those still on it at the end.
    Housing must be the only way off the list, so the variant switches off withdrawal,
    refusals, acute homelessness and evictions.
    """
    data = baseline.model_dump(mode="json")
    for g in data["groups"].values():
        g["withdrawal_rate_per_year"] = 0.0
        g["offer_refusal_probability"] = 0.0
        g["acute_share"] = 0.0
        g["eviction_rate_per_year"] = 0.0
        g["private_rental_search_rate_per_year"] = 0.0
    data["start_loans"]["consider_waiting_list"] = False
    data["private_rental"]["broker_placements_per_year"] = 0
    data["refugee_settlement"]["households_by_year"] = {}
    data["initial_state"] = {"cold_start": True}
    data["end_date"] = "2060-12-31"
    sc = sim.scenario_from_dict(data)
    r = sim.run_replication(sc, seed=5, replication=0)
    k = r.kpis
    days = (sc.end_date - sc.start_date).days + 1
    area = k["waiting_list_mean"] * days
    waited = k["mean_wait_days"] * k["allocations"] + k["mean_days_waited_end"] * k["waiting_list_end"]
    assert k["allocations"] > 500
    assert area == pytest.approx(waited, rel=1e-9)
