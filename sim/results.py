"""Results: per-replication metrics, streaming aggregation over replications, and output files.

Metric names are part of the public interface (see ``docs/RESULTS.md``). A metric of one
group is written ``metric|group``; exits by route are ``exits_<route>``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.costs import COST_LINES
from sim.intervals import within_range

if TYPE_CHECKING:
    from sim.model import Model, ReplicationResult

EXIT_ROUTES = (
    "start_loan",
    "private_rental",
    "rent_to_own",
    "lease_end",
    "moved",
    "death_or_institution",
    "rejected",
    "refused_offer",
    "withdrawn",
    "own_solution",
)

#: yearly metrics every run reports (the interface later tools rely on)
YEARLY_METRICS = (
    "population",
    "municipal_dwellings",
    "dwellings_per_1000",
    "arrivals",
    "approvals",
    "rejections",
    "allocations",
    "waiting_list_mean",
    "waiting_list_end",
    "mean_wait_days",
    "p_wait_over_6_months",
    "homeless_mean",
    "homeless_households_mean",
    "temp_persons_mean",
    "temp_persons_distinct",
    "temp_nights",
    "temp_nights_families_youth",
    "temp_stays_over_3_months",
    "temp_cost_nok",
    "evictions",
    "reapplications",
    "move_outs",
    "renewals",
    "exits_total",
    *(f"exits_{r}" for r in EXIT_ROUTES),
    "occupancy_rate",
    # instruments
    "start_loans",
    "start_loans_per_1000",
    "start_loan_nok",
    "start_loan_portfolio_nok",
    "start_loan_losses_nok",
    "start_loan_approvals",
    "start_loans_direct",
    "settlement_grants",
    "guarantees",
    "guarantees_per_1000",
    "deposit_loans",
    "broker_placements",
    "dwellings_owned",
    "dwellings_leased",
    "dwellings_tilvisning",
    "dwellings_rent_to_own",
    "purchases",
    "sales",
    "care_builds",
    "leases_started",
    "allocations_tilvisning",
    "rent_to_own_purchases",
    "follow_up_households_mean",
    "hospits_nights",
    *(f"cost_{line}_nok" for line in COST_LINES),
    "cost_state_nok",
    "total_cost_nok",
    "total_cost_discounted_nok",
    "cost_per_household_housed_nok",
)

#: how each KPI over the whole horizon is formed from the yearly values
KPI_RULES: dict[str, str] = {
    "population": "end",
    "municipal_dwellings": "end",
    "dwellings_per_1000": "end",
    "arrivals": "sum",
    "approvals": "sum",
    "rejections": "sum",
    "allocations": "sum",
    "waiting_list_mean": "time_mean",
    "waiting_list_end": "end",
    "mean_wait_days": "special",
    "p_wait_over_6_months": "special",
    "homeless_mean": "time_mean",
    "homeless_households_mean": "time_mean",
    "temp_persons_mean": "time_mean",
    "temp_persons_distinct": "special",
    "temp_nights": "sum",
    "temp_nights_families_youth": "sum",
    "temp_stays_over_3_months": "sum",
    "temp_cost_nok": "sum",
    "evictions": "sum",
    "reapplications": "sum",
    "move_outs": "sum",
    "renewals": "sum",
    "exits_total": "sum",
    **{f"exits_{r}": "sum" for r in EXIT_ROUTES},
    "occupancy_rate": "time_mean",
    "start_loans": "sum",
    "start_loans_per_1000": "mean",
    "start_loan_nok": "sum",
    "start_loan_portfolio_nok": "end",
    "start_loan_losses_nok": "sum",
    "start_loan_approvals": "sum",
    "start_loans_direct": "sum",
    "settlement_grants": "sum",
    "guarantees": "sum",
    "guarantees_per_1000": "mean",
    "deposit_loans": "sum",
    "broker_placements": "sum",
    "dwellings_owned": "end",
    "dwellings_leased": "end",
    "dwellings_tilvisning": "end",
    "dwellings_rent_to_own": "end",
    "purchases": "sum",
    "sales": "sum",
    "care_builds": "sum",
    "leases_started": "sum",
    "allocations_tilvisning": "sum",
    "rent_to_own_purchases": "sum",
    "follow_up_households_mean": "time_mean",
    "hospits_nights": "sum",
    **{f"cost_{line}_nok": "sum" for line in COST_LINES},
    "cost_state_nok": "sum",
    "total_cost_nok": "sum",
    "total_cost_discounted_nok": "sum",
    "cost_per_household_housed_nok": "special",
}

#: descriptions for the documentation and the dashboard
METRIC_DOCS: dict[str, str] = {
    "population": "Inhabitants (yearly mean of the daily population path; KPI: last year).",
    "municipal_dwellings": "Municipal dwellings in the stock (yearly mean; KPI: last year).",
    "dwellings_per_1000": "Municipal dwellings per 1000 inhabitants (comparable with KOSTRA).",
    "arrivals": "Households applying for a municipal dwelling.",
    "approvals": "Applications approved (tilsagn) by the decision team.",
    "rejections": "Applications rejected.",
    "allocations": "Households moving into a municipal dwelling.",
    "waiting_list_mean": "Households on the waiting list, time-averaged.",
    "waiting_list_end": "Households on the waiting list at the end of the year (KPI: at the horizon).",
    "mean_wait_days": "Mean days from approval to move-in of households housed that year.",
    "p_wait_over_6_months": "Of households whose 6-month promise fell due that year (and who were "
    "housed or still waiting), the share still waiting at the deadline.",
    "homeless_mean": "Homeless persons (hospits or no fixed place), time-averaged.",
    "homeless_households_mean": "Homeless households, time-averaged.",
    "temp_persons_mean": "Persons in temporary accommodation (hospits), time-averaged.",
    "temp_persons_distinct": "Distinct persons who spent at least one night in hospits.",
    "temp_nights": "Person-nights in hospits.",
    "temp_nights_families_youth": "Person-nights in hospits of households with children or youth "
    "(the red-light goal is zero).",
    "temp_stays_over_3_months": "Hospits stays passing 3 months (counted in the year they pass it).",
    "temp_cost_nok": "Spending on hospits nights (NOK, nominal).",
    "evictions": "Evictions from municipal dwellings.",
    "reapplications": "Evicted households applying again (the 'round-dance').",
    "move_outs": "Tenancies ended (all routes, evictions included).",
    "renewals": "Leases renewed at expiry.",
    "exits_total": "Households leaving the system (all exit routes).",
    "occupancy_rate": "Occupied dwellings over dwellings in the stock, time-averaged.",
    **{f"exits_{r}": f"Households leaving the system by route '{r}'." for r in EXIT_ROUTES},
    "start_loans": "Start loans paid out (purchases completed), in and outside the housing system (KOSTRA).",
    "start_loans_per_1000": "Start loans per 1000 inhabitants (KOSTRA; KPI: yearly mean).",
    "start_loan_nok": "Start-loan amount paid out (NOK).",
    "start_loan_portfolio_nok": "Outstanding start-loan balance at the end of the year (NOK).",
    "start_loan_losses_nok": "Start-loan losses on default (NOK; the state covers part).",
    "start_loan_approvals": "Start loans approved by the decision team.",
    "start_loans_direct": "Start loans to first-time buyers from outside the housing system.",
    "settlement_grants": "Settlement grants (etableringstilskudd) paid with a start loan.",
    "guarantees": "NAV rent guarantees issued (incl. to clients outside the housing list).",
    "guarantees_per_1000": "NAV rent guarantees per 1000 inhabitants (KOSTRA; KPI: yearly mean).",
    "deposit_loans": "Deposit loans used for a private rental.",
    "broker_placements": "Private rentals arranged by the rental broker.",
    "dwellings_owned": "Dwellings owned by the municipality (yearly mean; KPI: last year).",
    "dwellings_leased": "Dwellings leased from private owners (yearly mean; KPI: last year).",
    "dwellings_tilvisning": "Units the municipality may nominate to under tilvisning agreements.",
    "dwellings_rent_to_own": "Dwellings let as rent-to-own.",
    "purchases": "Dwellings bought on the second-hand market.",
    "sales": "Dwellings sold.",
    "care_builds": "Care dwellings decided built.",
    "leases_started": "Leases of private dwellings started.",
    "allocations_tilvisning": "Households housed through a tilvisning agreement.",
    "rent_to_own_purchases": "Dwellings bought for rent-to-own households.",
    "follow_up_households_mean": "Tenants followed by housing support staff, time-averaged.",
    "hospits_nights": "Person-nights in purchased hospits (temporary accommodation minus municipal units).",
    **{
        f"cost_{line}_nok": f"Municipal cost line '{line}' (NOK, nominal; income lines negative)."
        for line in COST_LINES
    },
    "cost_state_nok": "Costs carried by the state (Husbanken grants, covered losses, tilvisning).",
    "total_cost_nok": "The municipality's net cost (sum of its cost lines, NOK nominal).",
    "total_cost_discounted_nok": "The net cost discounted to the start year (KPI: net present value).",
    "cost_per_household_housed_nok": "Net cost per household moving into a dwelling.",
}


def _bincount(idx: np.ndarray, w: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(idx, weights=w, minlength=n)[:n]


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def assemble(m: Model) -> ReplicationResult:
    """Turn a finished model's collectors into a :class:`ReplicationResult`."""
    from sim.model import ReplicationResult

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
    price = m.sc.temporary_accommodation.hospits_price_nok_per_night

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
    y["hospits_nights"] = y["temp_nights"] - ysum("unit_persons")
    index = (1.0 + m.sc.costs.cost_growth_per_year) ** (np.asarray(m.year_bounds[:-1]) / 365.25)
    y["temp_cost_nok"] = y["hospits_nights"] * price * index + (
        m.sc.temporary_accommodation.municipal_units
        * m.sc.temporary_accommodation.municipal_unit_cost_nok_per_year
        * year_len
        / 365.25
        * index
    )
    for key in ("reapplications", "move_outs", "renewals"):
        y[key] = flow(key)
    exits_total = np.zeros(n_years)
    for r in EXIT_ROUTES:
        y[f"exits_{r}"] = flow(f"exits|{r}")
        exits_total += y[f"exits_{r}"]
    y["exits_total"] = exits_total
    stock_mean = y["municipal_dwellings"]
    y["occupancy_rate"] = _ratio(ymean("occupied"), stock_mean)
    _instrument_metrics(m, y, flow, ymean, ysum, year_len)

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
    k["cost_per_household_housed_nok"] = k["total_cost_nok"] / housed if housed else math.nan
    k["mean_days_waited_end"] = m.mean_waited_end
    k["temp_households_mean"] = float(acc["temp_households"].sum() / total_len)
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
        events_processed=m.events,
        households=m.n_created,
        event_log=m.log,
        careers=dict(m.careers),
    )


def _instrument_metrics(m: Model, y: dict, flow, ymean, ysum, year_len: np.ndarray) -> None:
    """Start loans, private rental, stock by kind and the cost lines (NOK)."""
    sc = m.sc
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
    y["start_loans_per_1000"] = y["start_loans"] / pop * 1000.0
    y["guarantees_per_1000"] = y["guarantees"] / pop * 1000.0
    year_ends = [float(b) for b in m.year_bounds[1:]]
    balance, losses, state_losses = m.loans.portfolio(year_ends)
    y["start_loan_portfolio_nok"] = np.asarray(balance)
    y["start_loan_losses_nok"] = np.asarray(losses)
    for kind in ("owned", "leased", "tilvisning", "rent_to_own"):
        y[f"dwellings_{kind}"] = ymean(f"stock_{kind}")
    y["follow_up_households_mean"] = ymean("follow_up")

    days = year_len
    index = (1.0 + sc.costs.cost_growth_per_year) ** (np.asarray(m.year_bounds[:-1]) / 365.25)
    prices = sc.stock_prices
    ta = sc.temporary_accommodation
    price = ta.hospits_price_nok_per_night
    state = np.zeros(len(days))
    c: dict[str, np.ndarray] = {}
    c["hospits"] = y["hospits_nights"] * price * index
    c["temp_units"] = ta.municipal_units * ta.municipal_unit_cost_nok_per_year * days / 365.25 * index
    c["purchases"] = flow("purchase_nok") * (1 - prices.purchase_state_grant_share)
    state += flow("purchase_nok") * prices.purchase_state_grant_share
    c["care_builds"] = flow("care_build_nok") * (1 - prices.care_build_state_grant_share)
    state += flow("care_build_nok") * prices.care_build_state_grant_share
    c["sales"] = -flow("sale_nok")
    c["leasing"] = ysum("lease_rent_nok_per_day") * index
    owned_days = ysum("stock_owned") + ysum("stock_rent_to_own")
    c["operation"] = owned_days / 365.25 * prices.operation_nok_per_dwelling_per_year * index
    c["rent_income"] = -ysum("rent_nok_per_day") * index
    c["capital_existing"] = (
        sc.costs.capital_cost_existing_nok_per_dwelling_per_year * m.initial_owned * days / 365.25 * index
    )
    tv_mun = np.zeros(len(days))
    for ag in sc.tilvisning_agreements:
        unit_years = _overlap_years(m, ag.first_occupancy, ag.last_day()) * ag.nominated_units()
        tv_mun += unit_years * ag.municipal_cost_nok_per_unit_per_year * index
        state += unit_years * ag.state_cost_nok_per_unit_per_year * index
    c["tilvisning"] = tv_mun
    fu = sc.follow_up
    c["follow_up"] = fu.staff * fu.cost_nok_per_staff_per_year * days / 365.25 * index
    margin = np.asarray(balance) * sc.start_loans.lending_margin_per_year
    c["start_loan_net"] = np.asarray(losses) - np.asarray(state_losses) - margin
    state += np.asarray(state_losses)
    rto = sc.rent_to_own
    c["rent_to_own"] = flow("rent_to_own_nok") * (1 - rto.grant_share) - flow("rent_to_own_sale_nok")
    state += flow("rent_to_own_nok") * rto.grant_share
    c["residual_value"] = np.zeros(len(days))
    if sc.costs.residual_value:
        c["residual_value"][-1] = -m.residual_value()
    total = np.zeros(len(days))
    for line in COST_LINES:
        y[f"cost_{line}_nok"] = c[line]
        total += c[line]
    y["cost_state_nok"] = state
    y["total_cost_nok"] = total
    t_years = np.arange(len(days))
    y["total_cost_discounted_nok"] = total / (1.0 + sc.costs.discount_rate_per_year) ** t_years
    y["cost_per_household_housed_nok"] = _ratio(total, y["allocations"])


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
    from scipy import stats  # imported here: keeps `boligflyt validate` fast

    n_arr = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = stats.t.ppf(0.975, np.maximum(n_arr - 1, 1))
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
