"""Tilvisning scenarios for workshops: agreements on different terms against buying.

The helpers build scenario variants from a base scenario (plain data in, validated
scenario out); :func:`workshop` runs a set of them on common random numbers and returns a
table of waiting, hospits nights and cost for the municipality and for the state, and
yearly series that show what happens when an agreement expires before the horizon.

Terms (FACTS.md 7.6.2):

* Oslo-Selvaag: the municipality nominates tenants to 50 % of the units for 30 years;
  100 % base-loan financing, no grant (no cost to the state);
* Husbanken's current tilvisning terms: at least 40 % of the units for at least 20 years.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sim.analysis.common import Mapper, evaluate, mean_ci, paired
from sim.loader import scenario_from_dict
from sim.scenario import Scenario

#: terms by name: municipal share and duration in years
TERMS: dict[str, dict[str, float]] = {
    "selvaag": {"municipal_share": 0.5, "duration_years": 30},
    "husbanken": {"municipal_share": 0.4, "duration_years": 20},
}

#: what a workshop compares
WORKSHOP_KPIS: tuple[str, ...] = (
    "mean_wait_days",
    "p_wait_over_6_months",
    "hospits_nights",
    "temp_nights_families_youth",
    "allocations_tilvisning",
    "total_cost_nok",
    "cost_state_nok",
    "cost_tilvisning_nok",
    "cost_purchases_nok",
)
WORKSHOP_SERIES: tuple[str, ...] = (
    "dwellings_tilvisning",
    "municipal_dwellings",
    "mean_wait_days",
    "hospits_nights",
    "total_cost_nok",
    "cost_state_nok",
)


def _data(scenario: Scenario) -> dict[str, Any]:
    return scenario.model_dump(mode="json")


def no_agreement(scenario: Scenario, name: str = "no_agreement") -> Scenario:
    """The scenario without any tilvisning agreement."""
    d = _data(scenario)
    d["tilvisning_agreements"] = []
    d["name"] = name
    return scenario_from_dict(d, file="<tilvisning>")


def agreement(
    units: int = 40,
    start_year: int = 2019,
    terms: str = "selvaag",
    municipal_share: float | None = None,
    duration_years: float | None = None,
    size_class: str = "medium",
    name: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """One agreement as plain data: ``terms`` give share and duration unless set explicitly.

    The units are ready from 1 January of ``start_year``; ``fields`` set any other field
    of :class:`sim.tilvisning.TilvisningAgreement` (rents, costs, refusal probability).
    """
    t = TERMS[terms]
    share = t["municipal_share"] if municipal_share is None else municipal_share
    years = t["duration_years"] if duration_years is None else duration_years
    return {
        "name": name or f"{terms}_{units}u_{start_year}",
        "units": int(units),
        "municipal_share": float(share),
        "first_occupancy": dt.date(start_year, 1, 1).isoformat(),
        "duration_years": float(years),
        "size_class": size_class,
        **fields,
    }


def with_agreement(
    scenario: Scenario, name: str | None = None, replace: bool = True, **kwargs: Any
) -> Scenario:
    """The scenario with one agreement (see :func:`agreement` for the arguments).

    ``replace`` drops the scenario's own agreements first, so variants differ only in this one.
    """
    ag = agreement(**kwargs)
    d = _data(scenario)
    d["tilvisning_agreements"] = ([] if replace else list(d.get("tilvisning_agreements") or [])) + [ag]
    d["name"] = name or ag["name"]
    return scenario_from_dict(d, file="<tilvisning>")


def selvaag(scenario: Scenario, units: int = 40, start_year: int = 2019, **kwargs: Any) -> Scenario:
    """Oslo-Selvaag terms: 50 % of the units for 30 years."""
    return with_agreement(scenario, units=units, start_year=start_year, terms="selvaag", **kwargs)


def husbanken(scenario: Scenario, units: int = 40, start_year: int = 2019, **kwargs: Any) -> Scenario:
    """Husbanken's terms: 40 % of the units for 20 years."""
    return with_agreement(scenario, units=units, start_year=start_year, terms="husbanken", **kwargs)


def _type_for(scenario: Scenario, size_class: str) -> str:
    for n, t in scenario.dwelling_types.items():
        if t.size_class == size_class and not t.services:
            return n
    for n, t in scenario.dwelling_types.items():
        if not t.services:
            return n
    return next(iter(scenario.dwelling_types))


def buy_instead(
    scenario: Scenario,
    count: int,
    year: int = 2018,
    size_class: str = "medium",
    dwelling_type: str | None = None,
    name: str | None = None,
) -> Scenario:
    """Buy ``count`` dwellings in ``year`` on the second-hand market instead (a ``stock_plan`` line).

    Use ``year`` one before an agreement's start to have them ready about as early.
    """
    d = _data(scenario)
    d["tilvisning_agreements"] = []
    t = dwelling_type or _type_for(scenario, size_class)
    d["stock_plan"] = [
        *(d.get("stock_plan") or []),
        {"year": year, "dwelling_type": t, "instrument": "purchase", "count": int(count)},
    ]
    d["name"] = name or f"buy_{count}_{year}"
    return scenario_from_dict(d, file="<tilvisning>")


def workshop_variants(
    scenario: Scenario,
    units: int = 40,
    start_year: int = 2019,
    sizes: Sequence[int] = (20, 80),
    late_start_year: int = 2025,
    short_duration_years: float = 10,
) -> dict[str, Scenario]:
    """The variants a workshop starts from, by name.

    none; Selvaag terms; Husbanken terms; smaller and larger projects (Selvaag terms);
    a later start; an agreement that expires before the horizon (Selvaag share for
    ``short_duration_years``); and buying as many dwellings as Selvaag nominates. A late
    start after the horizon is left out. When an agreement ends, units let at the time stay
    until their tenancy ends; only then do they leave the pool.
    """
    out: dict[str, Scenario] = {"none": no_agreement(scenario, "none")}
    out["selvaag"] = selvaag(scenario, units, start_year, name="selvaag")
    out["husbanken"] = husbanken(scenario, units, start_year, name="husbanken")
    for s in sizes:
        out[f"selvaag_{s}_units"] = selvaag(scenario, s, start_year, name=f"selvaag_{s}_units")
    if late_start_year <= scenario.end_date.year:
        out[f"selvaag_from_{late_start_year}"] = selvaag(
            scenario, units, late_start_year, name=f"selvaag_from_{late_start_year}"
        )
    expires = start_year + int(short_duration_years)
    out[f"expires_{expires}"] = with_agreement(
        scenario,
        units=units,
        start_year=start_year,
        terms="selvaag",
        duration_years=short_duration_years,
        name=f"expires_{expires}",
    )
    n = round(units * TERMS["selvaag"]["municipal_share"])
    out[f"buy_{n}"] = buy_instead(scenario, n, start_year - 1, name=f"buy_{n}")
    return out


def workshop(
    variants: Mapping[str, Scenario],
    replications: int = 20,
    seed: int = 1,
    workers: int = 1,
    kpis: Sequence[str] = WORKSHOP_KPIS,
    series: Sequence[str] = WORKSHOP_SERIES,
    mapper: Mapper | None = None,
) -> dict[str, Any]:
    """Run the variants on common random numbers; the first is the reference.

    Returns ``{"rows": [...], "yearly": {variant: {metric: {year: mean}}}, "years": [...]}``:
    one row per variant and KPI with mean, interval and paired difference to the reference.
    """
    names = list(variants)
    samples = evaluate(
        [variants[n] for n in names], replications, seed=seed, workers=workers, yearly=series, mapper=mapper
    )
    ref = samples[0]
    rows = []
    for name, s in zip(names, samples, strict=True):
        row: dict[str, Any] = {"variant": name}
        for k in kpis:
            m = mean_ci(s.kpis[k])
            d = paired(ref.kpis[k], s.kpis[k])
            row[k] = m["mean"]
            row[f"{k}_ci95"] = m["ci95"]
            row[f"{k}_diff"] = d["mean"]
            row[f"{k}_diff_ci95"] = d["ci95"]
        rows.append(row)
    yearly = {
        name: {m: dict(zip(s.years, s.yearly[m].mean(axis=0).tolist(), strict=True)) for m in series}
        for name, s in zip(names, samples, strict=True)
    }
    return {
        "reference": names[0],
        "replications": len(ref.replications),
        "seed": seed,
        "years": ref.years,
        "rows": rows,
        "yearly": yearly,
    }


def workshop_text(result: Mapping[str, Any], kpis: Sequence[str] = WORKSHOP_KPIS) -> str:
    """The workshop table as plain text (KPI means; differences to the reference in brackets)."""
    lines = [
        f"{result['replications']} replications, common random numbers; "
        f"(difference to '{result['reference']}')"
    ]
    for k in kpis:
        lines.append(k)
        for row in result["rows"]:
            mean, diff = row[k], row[f"{k}_diff"]
            lo, hi = row[f"{k}_diff_ci95"]
            scale = 1e6 if abs(mean or 0) >= 1e5 else 1
            unit = " M" if scale == 1e6 else ""
            dtext = (
                f"({diff / scale:+,.2f}{unit} [{(lo or 0) / scale:+,.2f}, {(hi or 0) / scale:+,.2f}])"
                if diff is not None and row["variant"] != result["reference"]
                else ""
            )
            lines.append(f"  {row['variant']:24s} {(mean or 0) / scale:12,.2f}{unit}  {dtext}")
    return "\n".join(lines)
