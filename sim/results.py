"""Results: per-replication metrics, streaming aggregation over replications, and output files.

Metric names are part of the public interface (see ``docs/RESULTS.md``). A metric of one
group is written ``metric|group``; exits by route are ``exits_<route>``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from sim import costs
from sim.calendar import DAYS_PER_YEAR
from sim.catalog import BUDGET_LINES, EXIT_ROUTES, KPI_RULES, PATHS
from sim.dwellings import SIZE_NAMES
from sim.intervals import within_range
from sim.loans import annuity_per_year

if TYPE_CHECKING:
    from sim.model import Model


@dataclass
class ReplicationResult:
    """Plain-data output of one replication (picklable; no SimPy objects)."""

    seed: int
    replication: int
    years: list[int]
    month_starts: list[str]
    yearly: dict[str, np.ndarray]
    monthly: dict[str, np.ndarray]
    kpis: dict[str, float]
    events_processed: int = 0
    households: int = 0
    event_log: list[tuple] | None = None
    careers: dict[str, float] = field(default_factory=dict)


def _bincount(idx: np.ndarray, w: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(idx, weights=w, minlength=n)[:n]


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def assemble(m: Model) -> ReplicationResult:
    """Turn a finished model's collectors into a :class:`ReplicationResult`."""
    years = m.cal.years()
    n_years = len(years)
    month_bounds = np.asarray(m.month_bounds)
    month_len = np.diff(month_bounds)
    year_len = np.diff(np.asarray(m.year_bounds))
    my = np.asarray(m.month_year, dtype=np.int64)
    lv = m.levels
    lv_acc, lv_end = lv.arrays()  # (levels, months)
    acc = {n: lv_acc[i] for n, i in lv.index.items()}
    end = {n: lv_end[i] for n, i in lv.index.items()}
    last_month_of_year = np.array([np.nonzero(my == y)[0].max() for y in range(n_years)])

    def ymean(name: str) -> np.ndarray:
        return _bincount(my, acc[name], n_years) / year_len

    def ysum(name: str) -> np.ndarray:
        return _bincount(my, acc[name], n_years)

    fl = m.flows
    f = {name: np.asarray(v, dtype=float) for name, v in fl.data.items()}

    def flow(name: str) -> np.ndarray:
        return f.get(name, np.zeros(n_years))

    pop_year = m.population_series.by_year.copy()
    pop_month = m.population_series.by_month.copy()

    y: dict[str, np.ndarray] = {}
    y["population"] = pop_year
    y["municipal_dwellings"] = ymean("stock")
    y["dwellings_per_1000"] = y["municipal_dwellings"] / pop_year * 1000.0
    for key in ("arrivals", "approvals", "rejections", "allocations", "evictions"):
        y[key] = flow(key)
    for g in m.group_names:
        for key in ("arrivals", "approvals", "allocations", "evictions", "temp_persons_distinct"):
            y[f"{key}|{g}"] = flow(f"{key}|{g}")
        y[f"waiting_list_mean|{g}"] = ymean(f"waiting_list|{g}")
        y[f"homeless_mean|{g}"] = ymean(f"homeless_persons|{g}")
        y[f"temp_nights|{g}"] = ysum(f"temp_persons|{g}")
    y["waiting_list_mean"] = ymean("waiting_list")
    y["waiting_list_end"] = end["waiting_list"][last_month_of_year]
    y["mean_wait_days"] = _ratio(flow("wait_days_sum"), flow("wait_n"))
    y["p_wait_over_6_months"] = _ratio(flow("promise_broken"), flow("promise_due"))
    y["homeless_mean"] = ymean("homeless_persons")
    y["homeless_households_mean"] = ymean("homeless_households")
    temp_acc = sum(acc[f"temp_persons|{g}"] for g in m.group_names) + np.zeros(len(month_len))
    y["temp_persons_mean"] = _bincount(my, temp_acc, n_years) / year_len
    y["temp_persons_distinct"] = flow("temp_persons_distinct")
    y["temp_nights"] = _bincount(my, temp_acc, n_years)
    y["temp_nights_families_youth"] = ysum("temp_persons_red_light")
    y["temp_stays_over_3_months"] = flow("temp_stays_over_3_months")
    hospits = y["temp_nights"] - ysum("unit_persons") - ysum("regional_persons")
    # a difference of time integrals: a rounding remainder below zero is no night (a real
    # shortfall, far larger, is left for the invariants to catch)
    rounding = hospits > -1e-9 * (1.0 + np.abs(y["temp_nights"]))
    y["hospits_nights"] = np.where(rounding, np.maximum(hospits, 0.0), hospits)
    y["regional_offer_nights"] = ysum("regional_persons")
    y["staffed_households_mean"] = ymean("staffed_persons")
    for key in ("staffed_admissions", "releases", "releases_assessed_ahead", "releases_housed_on_arrival"):
        y[key] = flow(key)
    # the pathway account: who is homeless or in hospits, and why
    for p in PATHS:
        y[f"temp_nights_{p}"] = ysum(f"temp_persons|path:{p}")
        y[f"homeless_mean_{p}"] = ymean(f"homeless_persons|path:{p}")
    y["temp_stay_days_mean"] = _ratio(flow("temp_stay_days_ended"), flow("temp_stays_ended"))
    y["temp_nights_per_person"] = _ratio(y["temp_nights"], y["temp_persons_distinct"])
    for key in ("reapplications", "move_outs", "renewals"):
        y[key] = flow(key)
    exits_total = np.zeros(n_years)
    for r in EXIT_ROUTES:
        y[f"exits_{r}"] = flow(f"exits|{r}")
        exits_total += y[f"exits_{r}"]
    y["exits_total"] = exits_total
    stock_mean = y["municipal_dwellings"]
    y["occupancy_rate"] = _ratio(ymean("occupied"), stock_mean)
    econ = _instrument_metrics(m, y, flow, ymean, ysum, year_len)

    mo: dict[str, np.ndarray] = {
        "population": pop_month,
        "municipal_dwellings": acc["stock"] / month_len,
        "waiting_list_mean": acc["waiting_list"] / month_len,
        "waiting_list_end": end["waiting_list"],
        "homeless_mean": acc["homeless_persons"] / month_len,
        "temp_persons_mean": temp_acc / month_len,
        "temp_nights": temp_acc,
        "temp_nights_families_youth": acc["temp_persons_red_light"],
        "occupancy_rate": _ratio(acc["occupied"] / month_len, acc["stock"] / month_len),
    }
    for g in m.group_names:
        mo[f"waiting_list_mean|{g}"] = acc[f"waiting_list|{g}"] / month_len
        mo[f"temp_nights|{g}"] = acc[f"temp_persons|{g}"]

    total_len = float(year_len.sum())
    k: dict[str, float] = {}
    for name, rule in KPI_RULES.items():
        v = y[name]
        if rule == "sum":
            k[name] = float(np.nansum(v))
        elif rule == "end":
            k[name] = float(v[-1])
        elif rule == "mean":
            k[name] = float(np.nanmean(v))
        elif rule == "time_mean":
            ok = ~np.isnan(v)  # a year without a value (an empty stock's occupancy) is not zero
            k[name] = float(np.sum(v[ok] * year_len[ok]) / year_len[ok].sum()) if ok.any() else math.nan
    wait_n = flow("wait_n").sum()
    k["mean_wait_days"] = float(flow("wait_days_sum").sum() / wait_n) if wait_n else math.nan
    due = flow("promise_due").sum()
    k["p_wait_over_6_months"] = float(flow("promise_broken").sum() / due) if due else math.nan
    k["temp_persons_distinct"] = float(m.temp_distinct_total)
    housed = k["allocations"]
    k["cost_per_household_housed_nok"] = k["cost_municipal_budget_nok"] / housed if housed else math.nan
    k["cost_municipal_npv_nok"] = econ.municipal_npv
    k["cost_state_npv_nok"] = econ.state_npv
    k["cost_total_npv_nok"] = econ.total_npv
    k["residual_value_npv_nok"] = econ.residual_value_npv
    k["mean_days_waited_end"] = m.mean_waited_end
    k["temp_households_mean"] = float(acc["temp_households"].sum() / total_len)
    ended = flow("temp_stays_ended").sum()
    k["temp_stay_days_mean"] = float(flow("temp_stay_days_ended").sum() / ended) if ended else math.nan
    k["temp_nights_per_person"] = (
        k["temp_nights"] / k["temp_persons_distinct"] if k["temp_persons_distinct"] else math.nan
    )
    k["temp_stays"] = float(m.temp_stays)
    k["temp_stay_days"] = m.temp_stay_days
    k["still_waiting_over_6_months_end"] = m.still_waiting_over_promise

    return ReplicationResult(
        seed=m.seed,
        replication=m.rep,
        years=years,
        month_starts=[d.isoformat() for d in m.cal.month_starts()],
        yearly=y,
        monthly=mo,
        kpis=k,
        events_processed=m.events_total(),
        households=m.n_created,
        event_log=m.log,
        careers=dict(m.careers),
    )


def _instrument_metrics(
    m: Model,
    y: dict[str, np.ndarray],
    flow: Callable[[str], np.ndarray],
    ymean: Callable[[str], np.ndarray],
    ysum: Callable[[str], np.ndarray],
    year_len: np.ndarray,
) -> costs.Economics:
    """Start loans, private rental, stock by kind and the costs (NOK); returns the economic view."""
    pop = y["population"]
    for key in (
        "start_loans",
        "start_loan_nok",
        "start_loan_approvals",
        "start_loans_direct",
        "settlement_grants",
        "guarantees",
        "deposit_loans",
        "broker_placements",
        "purchases",
        "sales",
        "care_builds",
        "leases_started",
        "allocations_tilvisning",
        "rent_to_own_purchases",
    ):
        y[key] = flow(key)
    y["rent_to_own_options_exercised"] = flow("rent_to_own_exercised")
    y["rent_to_own_dwellings_added"] = y["rent_to_own_purchases"] - y["rent_to_own_options_exercised"]
    y["start_loans_per_1000"] = y["start_loans"] / pop * 1000.0
    y["guarantees_per_1000"] = y["guarantees"] / pop * 1000.0
    year_ends = [float(b) for b in m.year_bounds[1:]]
    balance, losses, state_losses = m.loans.portfolio(year_ends)
    y["start_loan_portfolio_nok"] = np.asarray(balance)
    y["start_loan_losses_nok"] = np.asarray(losses)
    for kind in ("owned", "leased", "tilvisning", "rent_to_own"):
        y[f"dwellings_{kind}"] = ymean(f"stock_{kind}")
    y["follow_up_households_mean"] = ymean("follow_up")

    return _cost_metrics(m, y, flow, ysum, year_len, balance, losses, state_losses)


def _cost_metrics(
    m: Model,
    y: dict[str, np.ndarray],
    flow: Callable[[str], np.ndarray],
    ysum: Callable[[str], np.ndarray],
    days: np.ndarray,
    balance: list[float],
    losses: list[float],
    state_losses: list[float],
) -> costs.Economics:
    """The municipal budget lines, the state's costs and the economic view (sim.costs)."""
    sc = m.sc
    spec = sc.costs
    cal = costs.Calendar(m.year_bounds)
    index = (1.0 + spec.cost_growth_per_year) ** (np.asarray(m.year_bounds[:-1]) / DAYS_PER_YEAR)
    prices = sc.stock_prices
    ta = sc.temporary_accommodation
    years_of = days / DAYS_PER_YEAR

    # the loans: today's owned dwellings (a level payment while owned) and those added
    d0 = (
        spec.capital_cost_existing_nok_per_dwelling_per_year
        / annuity_per_year(1.0, spec.borrowing_rate_per_year, spec.borrowing_term_years)
        if spec.capital_cost_existing_nok_per_dwelling_per_year > 0
        else 0.0
    )
    start_prices = [prices.price_nok_by_size[name] for name in SIZE_NAMES]
    today = [
        costs.Loan(0.0, start_prices[d.size_class], 0.0, 0.0, d0, d.removed_at, d.proceeds, added=False)
        for d in m.stock.dwellings[: m.initial_owned]
    ]
    today_acc = costs.loan_accounts(today, cal, spec)
    sold_if_held = costs.loan_accounts(
        [dataclasses.replace(t, removed_at=math.inf) for t in today if t.removed_at < cal.horizon], cal, spec
    )
    added = [
        costs.Loan(
            a.t0,
            a.value0,
            a.cost,
            a.grant,
            a.cost - a.grant,
            a.dwelling.removed_at,
            a.dwelling.proceeds,
            True,
        )
        for a in m.acquisitions
    ]
    added_acc = costs.loan_accounts(added, cal, spec)

    c: dict[str, np.ndarray] = {}
    c["hospits"] = y["hospits_nights"] * ta.hospits_price_nok_per_night * index
    c["temp_units"] = ta.municipal_units * ta.municipal_unit_cost_nok_per_year * years_of * index
    first = sc.start_date.year
    sh, ro = sc.staffed_housing, sc.regional_offer
    open_staffed = np.asarray([1.0 if first + i >= sh.from_year else 0.0 for i in range(len(days))])
    open_regional = np.asarray([1.0 if first + i >= ro.from_year else 0.0 for i in range(len(days))])
    c["staffed_housing"] = sh.places * sh.cost_nok_per_place_per_year * years_of * index * open_staffed
    c["regional_offer"] = ro.places * ro.cost_nok_per_place_per_year * years_of * index * open_regional
    c["capital_existing"] = today_acc.capital
    c["capital_new"] = added_acc.capital
    c["leasing"] = ysum("lease_rent_nok_per_day") * index
    owned_days = ysum("stock_owned") + ysum("stock_rent_to_own")
    c["operation"] = owned_days / DAYS_PER_YEAR * prices.operation_nok_per_dwelling_per_year * index
    c["renovation"] = flow("renovations_municipal") * prices.renovation_cost_nok * index
    c["rent_income"] = -ysum("rent_nok_per_day") * index * (1.0 - prices.rent_loss_share)
    state = np.zeros(len(days))
    tv_mun = np.zeros(len(days))
    for ag in sc.tilvisning_agreements:
        unit_years = _overlap_years(m, ag.first_occupancy, ag.last_day()) * ag.nominated_units()
        tv_mun += unit_years * ag.municipal_cost_nok_per_unit_per_year * index
        state += unit_years * ag.state_cost_nok_per_unit_per_year * index
    c["tilvisning"] = tv_mun
    fu = sc.follow_up
    c["follow_up"] = fu.staff * fu.cost_nok_per_staff_per_year * years_of * index
    margin = np.asarray(balance) * sc.start_loans.lending_margin_per_year
    c["start_loan_net"] = np.asarray(losses) - np.asarray(state_losses) - margin
    state += np.asarray(state_losses)
    for a in m.acquisitions:
        state[cal.year_of(a.t0)] += a.grant
    budget = np.zeros(len(days))
    for line in BUDGET_LINES:
        y[f"cost_{line}_nok"] = c[line]
        budget = budget + c[line]
    y["cost_municipal_budget_nok"] = budget
    y["sale_surplus_nok"] = today_acc.sale_surplus + added_acc.sale_surplus
    y["investment_nok"] = np.zeros(len(days))
    for a in m.acquisitions:
        y["investment_nok"][cal.year_of(a.t0)] += a.cost
    y["cost_state_nok"] = state
    y["temp_cost_nok"] = c["hospits"] + c["temp_units"]
    y["cost_per_household_housed_nok"] = _ratio(budget, y["allocations"])
    return costs.economics(budget, c["capital_new"], state, today_acc, added_acc, sold_if_held, spec)


def _overlap_years(m: Model, first, last) -> np.ndarray:
    """Years (fractions) of each calendar year that fall between two dates."""
    start = (first - m.sc.start_date).days
    end = (last - m.sc.start_date).days + 1
    lo = np.asarray(m.year_bounds[:-1])
    hi = np.asarray(m.year_bounds[1:])
    return np.clip(np.minimum(hi, end) - np.maximum(lo, start), 0, None) / 365.25


# ---------------------------------------------------------------- aggregation
def t_halfwidth(sd: np.ndarray | float, n: np.ndarray | int) -> np.ndarray:
    """Half-width of a 95 % t-interval for a mean from ``n`` values with std ``sd``."""
    # scipy.special alone, not scipy.stats: the same quantiles, bit for bit (tests/test_speed.py),
    # for half the import time; imported here so commands that print no interval never load it
    from scipy.special import stdtrit

    n_arr = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = stdtrit(np.maximum(n_arr - 1, 1), 0.975)
        hw = q * np.asarray(sd) / np.sqrt(n_arr)
    return np.where(n_arr >= 2, hw, np.nan)


class Welford:
    """Streaming mean and variance of arrays, NaN-aware (each element counts its own n)."""

    def __init__(self, shape: tuple[int, ...]):
        self.n = np.zeros(shape)
        self.mean = np.zeros(shape)
        self.m2 = np.zeros(shape)

    def add(self, x: np.ndarray) -> None:
        """Add one replication's values."""
        x = np.asarray(x, dtype=float)
        ok = ~np.isnan(x)
        if ok.all():
            # the usual case, the same arithmetic without the masks (np.where(True, a, b) is
            # a, bit for bit): the runs fold ~170 series per replication in the parent
            self.n = self.n + 1.0
            delta = x - self.mean
            self.mean = self.mean + delta / np.maximum(self.n, 1)
            self.m2 = self.m2 + delta * (x - self.mean)
            return
        self.n = self.n + ok
        delta = np.where(ok, x - self.mean, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.mean = self.mean + np.where(ok, delta / np.maximum(self.n, 1), 0.0)
        self.m2 = self.m2 + np.where(ok, delta * (x - self.mean), 0.0)

    def summary(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(mean, ci95 low, ci95 high); NaN where nothing was observed."""
        with np.errstate(invalid="ignore", divide="ignore"):
            var = np.where(self.n >= 2, self.m2 / np.maximum(self.n - 1, 1), np.nan)
        mean = np.where(self.n > 0, self.mean, np.nan)
        hw = t_halfwidth(np.sqrt(var), self.n)
        return mean, mean - hw, mean + hw


@dataclass
class Aggregate:
    """Summary over replications, built one replication at a time (bounded memory).

    Per-replication KPI values are kept (small: one row per replication) for paired
    comparisons; yearly and monthly series are only kept as streaming moments.
    """

    years: list[int] = field(default_factory=list)
    month_starts: list[str] = field(default_factory=list)
    yearly: dict[str, Welford] = field(default_factory=dict)
    monthly: dict[str, Welford] = field(default_factory=dict)
    kpi_rows: dict[int, dict[str, float]] = field(default_factory=dict)
    careers: dict[str, float] = field(default_factory=dict)
    events: int = 0
    households: int = 0

    def add(self, r: ReplicationResult) -> None:
        """Fold one replication into the summary."""
        if not self.years:
            self.years = list(r.years)
            self.month_starts = list(r.month_starts)
        for name, v in r.yearly.items():
            self.yearly.setdefault(name, Welford((len(self.years),))).add(v)
        for name, v in r.monthly.items():
            self.monthly.setdefault(name, Welford((len(self.month_starts),))).add(v)
        self.kpi_rows[r.replication] = dict(r.kpis)
        for key, v in r.careers.items():
            self.careers[key] = self.careers.get(key, 0.0) + v
        self.events += r.events_processed
        self.households += r.households

    @property
    def replications(self) -> list[int]:
        """Replication numbers folded in, sorted."""
        return sorted(self.kpi_rows)

    def kpi_matrix(self) -> tuple[list[str], np.ndarray]:
        """KPI names and a (replications x KPIs) array, rows sorted by replication."""
        names = list(next(iter(self.kpi_rows.values()))) if self.kpi_rows else []
        arr = np.array([[self.kpi_rows[r].get(n, np.nan) for n in names] for r in self.replications])
        return names, arr.reshape(len(self.replications), len(names))

    def kpi_summary(self) -> dict[str, dict[str, Any]]:
        """``{kpi: {"mean": x, "ci95": [lo, hi]}}``."""
        names, arr = self.kpi_matrix()
        w = Welford((len(names),))
        for row in arr:
            w.add(row)
        mean, lo, hi = w.summary()
        cut = [within_range(n, lo[i], hi[i]) for i, n in enumerate(names)]  # a count's CI is not < 0
        return {
            n: {"mean": _num(mean[i]), "ci95": [_num(cut[i][0]), _num(cut[i][1])]}
            for i, n in enumerate(names)
        }

    def series_summary(self, which: str = "yearly") -> dict[str, dict[str, dict[str, Any]]]:
        """``{metric: {period: {"mean": x, "ci95": [lo, hi]}}}`` for yearly or monthly series."""
        src = self.yearly if which == "yearly" else self.monthly
        labels = [str(y) for y in self.years] if which == "yearly" else self.month_starts
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for name, w in src.items():
            mean, lo, hi = w.summary()
            lo, hi = within_range(name, lo, hi)
            out[name] = {
                lab: {"mean": _num(mean[i]), "ci95": [_num(lo[i]), _num(hi[i])]}
                for i, lab in enumerate(labels)
            }
        return out

    def series_frame(self, which: str = "yearly"):
        """Long DataFrame: metric, group, period, mean, ci95_low, ci95_high."""
        import pandas as pd

        src = self.yearly if which == "yearly" else self.monthly
        labels = self.years if which == "yearly" else self.month_starts
        frames = []
        for name, w in src.items():
            metric, _, group = name.partition("|")
            mean, lo, hi = w.summary()
            lo, hi = within_range(name, lo, hi)
            frames.append(
                pd.DataFrame(
                    {
                        "metric": metric,
                        "group": group or "all",
                        "period": labels,
                        "mean": mean,
                        "ci95_low": lo,
                        "ci95_high": hi,
                    }
                )
            )
        if not frames:
            return pd.DataFrame(columns=["metric", "group", "period", "mean", "ci95_low", "ci95_high"])
        df = pd.concat(frames, ignore_index=True)
        if which == "monthly":
            df["period"] = pd.to_datetime(df["period"])
        return df

    def kpi_frame(self):
        """DataFrame of KPI means and intervals, one row per KPI."""
        import pandas as pd

        s = self.kpi_summary()
        return pd.DataFrame(
            [
                {"kpi": k, "mean": v["mean"], "ci95_low": v["ci95"][0], "ci95_high": v["ci95"][1]}
                for k, v in s.items()
            ]
        )


def _num(x: float) -> float | None:
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


def paired_differences(
    base: Aggregate, other: Aggregate, kpis: Iterable[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Per KPI, mean and 95 % interval of ``other - base`` over common replications (CRN)."""
    reps = sorted(set(base.kpi_rows) & set(other.kpi_rows))
    names = list(kpis) if kpis is not None else list(base.kpi_rows[reps[0]]) if reps else []
    out: dict[str, dict[str, Any]] = {}
    for n in names:
        d = np.array([other.kpi_rows[r].get(n, np.nan) - base.kpi_rows[r].get(n, np.nan) for r in reps])
        d = d[~np.isnan(d)]
        if len(d) == 0:
            out[n] = {"mean": None, "ci95": [None, None], "significant": False}
            continue
        mean = float(d.mean())
        hw = float(t_halfwidth(d.std(ddof=1), len(d))) if len(d) >= 2 else math.nan
        lo, hi = mean - hw, mean + hw
        out[n] = {
            "mean": _num(mean),
            "ci95": [_num(lo), _num(hi)],
            "significant": bool(not math.isnan(hw) and (lo > 0 or hi < 0)),
        }
    return out
