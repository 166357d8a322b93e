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
from sim.analysis.text import changes_markdown, fmt_amount, fmt_change, fmt_interval, kpi_heading
from sim.loader import scenario_from_dict
from sim.scenario import Scenario

#: terms by name: municipal share and duration in years
TERMS: dict[str, dict[str, float]] = {
    "selvaag": {"municipal_share": 0.5, "duration_years": 30},
    "husbanken": {"municipal_share": 0.4, "duration_years": 20},
}

#: what a workshop compares: effects, then costs in both views
WORKSHOP_KPIS: tuple[str, ...] = (
    "mean_wait_days",
    "p_wait_over_6_months",
    "hospits_nights",
    "temp_nights_families_youth",
    "allocations_tilvisning",
    "cost_municipal_budget_nok",
    "cost_municipal_npv_nok",
    "cost_state_npv_nok",
    "cost_total_npv_nok",
    "cost_tilvisning_nok",
    "cost_capital_new_nok",
)
WORKSHOP_SERIES: tuple[str, ...] = (
    "dwellings_tilvisning",
    "municipal_dwellings",
    "mean_wait_days",
    "hospits_nights",
    "cost_municipal_budget_nok",
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


def lease_instead(
    scenario: Scenario,
    count: int,
    year: int = 2018,
    contract_years: float = 30,
    size_class: str = "medium",
    name: str | None = None,
) -> Scenario:
    """Lease ``count`` dwellings from private owners from ``year`` for ``contract_years``."""
    d = _data(scenario)
    d["tilvisning_agreements"] = []
    t = _type_for(scenario, size_class)
    line = {"year": year, "dwelling_type": t, "instrument": "lease", "count": int(count)}
    d["stock_plan"] = [*(d.get("stock_plan") or []), {**line, "contract_years": float(contract_years)}]
    d["name"] = name or f"lease_{count}_{year}"
    return scenario_from_dict(d, file="<tilvisning>")


def rent_to_own_instead(
    scenario: Scenario, count: int, year: int = 2018, name: str | None = None
) -> Scenario:
    """Buy ``count`` dwellings for rent-to-own households in ``year`` (the scheme's other terms
    as the scenario has them)."""
    d = _data(scenario)
    d["tilvisning_agreements"] = []
    rto = dict(d.get("rent_to_own") or {})
    units = {int(k): int(v) for k, v in (rto.get("units_by_year") or {}).items()}
    units[year] = units.get(year, 0) + int(count)
    d["rent_to_own"] = {**rto, "units_by_year": units}
    d["name"] = name or f"rent_to_own_{count}_{year}"
    return scenario_from_dict(d, file="<tilvisning>")


def alternatives(
    scenario: Scenario, units: int = 40, start_year: int = 2019, terms: str = "selvaag"
) -> dict[str, Scenario]:
    """An agreement and the other ways to get as many dwellings, by name: none, the agreement,
    buying, leasing (for the agreement's length) and rent-to-own, each in the year before the
    agreement's first occupancy so that the dwellings are ready about as early."""
    n = round(units * TERMS[terms]["municipal_share"])
    years = TERMS[terms]["duration_years"]
    return {
        "none": no_agreement(scenario, "none"),
        terms: with_agreement(scenario, units=units, start_year=start_year, terms=terms, name=terms),
        f"buy_{n}": buy_instead(scenario, n, start_year - 1, name=f"buy_{n}"),
        f"lease_{n}": lease_instead(scenario, n, start_year - 1, years, name=f"lease_{n}"),
        f"rent_to_own_{n}": rent_to_own_instead(scenario, n, start_year - 1, name=f"rent_to_own_{n}"),
    }


def cost_drivers(scenario: Scenario, units: int = 40, terms: str = "selvaag") -> list[str]:
    """The assumptions that drive the cost difference between an agreement and buying, with
    the scenario's values (all **assumptions** unless a source is given in the scenario)."""
    sp, c = scenario.stock_prices, scenario.costs
    ag = agreement(units=units, terms=terms)
    from sim.spec.tilvisning import TilvisningAgreement

    a = TilvisningAgreement.model_validate(ag)
    medium = sp.price_nok_by_size["medium"]
    return [
        f"tilvisning: the municipality pays NOK {a.municipal_cost_nok_per_unit_per_year:,.0f} per "
        f"nominated unit a year, the state {a.state_cost_nok_per_unit_per_year:,.0f}; a nominee "
        f"must afford NOK {a.tenant_rent_nok_per_month:,.0f} a month and the landlord refuses "
        f"{a.landlord_refusal_probability:.0%} of nominees",
        f"buying: NOK {medium:,.0f} for a medium dwelling in {scenario.start_date.year}, prices "
        f"+{sp.price_growth_per_year:.1%} a year, fees {sp.purchase_fees_share:.0%}, state grant "
        f"{sp.purchase_state_grant_share:.0%}; the rest borrowed at {c.borrowing_rate_per_year:.1%} "
        f"over {c.borrowing_term_years:g} years (the budget view pays interest and instalments)",
        f"owning: operation NOK {sp.operation_nok_per_dwelling_per_year:,.0f} a year, rent from the "
        f"tenant NOK {sp.tenant_rent_nok_per_year_by_size['medium']:,.0f} less "
        f"{sp.rent_loss_share:.0%} losses, renovation NOK {sp.renovation_cost_nok:,.0f} after hard use",
        f"economic view: real discount rate {c.real_discount_rate_per_year:.0%}, inflation "
        f"{c.inflation_per_year:.1%}; the residual value counts land ({c.land_share_of_value:.0%}) "
        f"and the building depreciated over {c.building_life_years:g} years",
    ]


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
    alts = alternatives(scenario, units, start_year)
    n = round(units * TERMS["selvaag"]["municipal_share"])
    out[f"buy_{n}"] = alts[f"buy_{n}"]
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
    # the yearly change against the reference, paired, with its interval (the budget per year)
    yearly_change = {
        name: {
            m: {y: paired(ref.yearly[m][:, i], s.yearly[m][:, i]) for i, y in enumerate(s.years)}
            for m in series
        }
        for name, s in zip(names[1:], samples[1:], strict=True)
    }
    return {
        "reference": names[0],
        "replications": len(ref.replications),
        "seed": seed,
        "years": ref.years,
        "rows": rows,
        "yearly": yearly,
        "yearly_change": yearly_change,
    }


def workshop_text(result: Mapping[str, Any], kpis: Sequence[str] = WORKSHOP_KPIS) -> str:
    """The workshop table as plain text: per KPI (with its unit and period) each variant's
    level, and its change against the reference with the 95 % interval."""
    years = result.get("years") or []
    first, last = (years[0], years[-1]) if years else (None, None)
    ref = result["reference"]
    lines = [f"{result['replications']} replications, common random numbers; change = variant - '{ref}'"]
    for k in kpis:
        lines.append(kpi_heading(k, first, last))
        for row in result["rows"]:
            level = fmt_amount(k, row[k])
            change = ""
            if row["variant"] != ref and row[f"{k}_diff"] is not None:
                lo, hi = row[f"{k}_diff_ci95"]
                change = f"change {fmt_change(k, row[f'{k}_diff'], ref, (lo, hi))} {fmt_interval(k, lo, hi)}"
            lines.append(f"  {row['variant']:24s} {level:>22s}  {change}")
    if result.get("drivers"):
        lines.append("what drives the cost difference (assumptions; see docs/COSTS.md):")
        lines.extend(f"  - {d}" for d in result["drivers"])
    return "\n".join(lines)


#: what the workshop's Markdown table shows: effects, then the costs in both views
WORKSHOP_TABLE_KPIS: tuple[str, ...] = (
    "mean_wait_days",
    "hospits_nights",
    "cost_municipal_budget_nok",
    "cost_municipal_npv_nok",
    "cost_state_npv_nok",
    "cost_total_npv_nok",
)


def workshop_markdown(result: Mapping[str, Any], kpis: Sequence[str] = WORKSHOP_TABLE_KPIS) -> str:
    """The workshop as a Markdown table: one row per variant, each cell its paired change
    against the reference with the 95 % interval (* where it excludes zero)."""
    years = result.get("years") or []
    first, last = (years[0], years[-1]) if years else (None, None)
    ref = result["reference"]
    rows = []
    for row in result["rows"]:
        if row["variant"] == ref:
            continue
        cells = {}
        for k in kpis:
            lo, hi = row[f"{k}_diff_ci95"]
            sig = lo is not None and hi is not None and (lo > 0 or hi < 0)
            cells[k] = {"mean": row[f"{k}_diff"], "ci95": (lo, hi), "significant": sig}
        rows.append((f"`{row['variant']}`", cells))
    head = (
        f"Paired changes against `{ref}` ({result['replications']} replications, common random "
        "numbers), with 95 % intervals; * the interval excludes 0."
    )
    return "\n".join([head, *changes_markdown(rows, kpis, first, last, "variant")])
