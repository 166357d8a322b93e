"""The levers against homelessness side by side: ``boligflyt levers``.

Each lever of the report (section 5.7 and the recommendations in 7.6.2) at a stated size is
run against the scenario on common random numbers; the table gives the paired change in
hospits nights (all, and of families and youth), stays over three months, homeless
persons, waiting, hospits nights of approved households, and the municipality's cost in
both views, each with its 95 % interval.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sim.analysis.common import Mapper, evaluate, paired
from sim.analysis.text import changes_markdown
from sim.loader import scenario_from_dict
from sim.scenario import Scenario

#: what the levers table reports, in order
LEVER_KPIS: tuple[str, ...] = (
    "hospits_nights",
    "temp_nights_families_youth",
    "temp_stays_over_3_months",
    "homeless_mean",
    "mean_wait_days",
    "temp_nights_on_list",
    "cost_municipal_budget_nok",
    "cost_municipal_npv_nok",
)

Edit = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        node = d
        parts = path.split(".")
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = value

    return edit


def _plan(*lines: dict[str, Any]) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        d["stock_plan"] = [*(d.get("stock_plan") or []), *lines]

    return edit


def _type(scenario: Scenario, services: bool, size: str | None = None) -> str:
    for name, t in scenario.dwelling_types.items():
        if t.services == services and (size is None or t.size_class == size):
            return name
    for name, t in scenario.dwelling_types.items():
        if t.services == services:
            return name
    return next(iter(scenario.dwelling_types))


def levers(scenario: Scenario) -> dict[str, tuple[str, list[Edit]]]:
    """The levers at their stated sizes: name -> (what it is, edits of the scenario's data)."""
    small, care = _type(scenario, False, "small"), _type(scenario, True)
    return {
        "staffed_housing": (
            "staffed shared housing, 10 places from 2018",
            [_set("staffed_housing.places", 10), _set("staffed_housing.from_year", 2018)],
        ),
        "advance_notice": (
            "advance notice of half of the releases, 30 days ahead",
            [_set("advance_notice.notified_share", 0.5), _set("advance_notice.days_ahead", 30)],
        ),
        "regional_offer": (
            "a regional low-threshold offer, 3 places from 2018",
            [_set("regional_offer.places", 3), _set("regional_offer.from_year", 2018)],
        ),
        "not_approved_to_broker": (
            "homeless not approved are referred to the rental broker",
            [_set("allocation.not_approved_homeless", "broker")],
        ),
        "not_approved_to_staffed": (
            "homeless not approved are referred to staffed housing (10 places from 2018)",
            [
                _set("allocation.not_approved_homeless", "staffed_housing"),
                _set("staffed_housing.places", 10),
                _set("staffed_housing.from_year", 2018),
            ],
        ),
        "temp_units": (
            "3 municipal temporary units",
            [_set("temporary_accommodation.municipal_units", 3)],
        ),
        "follow_up": ("2 more follow-up staff", [_set("follow_up.staff", scenario.follow_up.staff + 2)]),
        "more_dwellings": (
            "20 more ordinary dwellings (2 a year, 2018-2027)",
            [
                _plan(
                    {
                        "year": 2018,
                        "until_year": 2027,
                        "dwelling_type": small,
                        "instrument": "purchase",
                        "count": 2,
                    }
                )
            ],
        ),
        "more_care_dwellings": (
            "10 more dwellings with services (built 2018)",
            [_plan({"year": 2018, "dwelling_type": care, "instrument": "care_build", "count": 10})],
        ),
    }


def lever_variants(scenario: Scenario, names: Sequence[str] | None = None) -> dict[str, Scenario]:
    """The scenario (``none``) and each lever applied to it, by name."""
    all_levers = levers(scenario)
    out: dict[str, Scenario] = {"none": scenario}
    for name in names or list(all_levers):
        d = scenario.model_dump(mode="json")
        for edit in all_levers[name][1]:
            edit(d)
        d["name"] = name
        out[name] = scenario_from_dict(d, file="<levers>")
    return out


def levers_table(
    scenario: Scenario,
    replications: int = 20,
    seed: int = 1,
    names: Sequence[str] | None = None,
    kpis: Sequence[str] = LEVER_KPIS,
    mapper: Mapper | None = None,
    workers: int = 1,
) -> dict[str, Any]:
    """Run the levers on common random numbers; per lever and KPI the paired change."""
    variants = lever_variants(scenario, names)
    what = {n: d for n, (d, _e) in levers(scenario).items()}
    samples = evaluate(list(variants.values()), replications, seed=seed, workers=workers, mapper=mapper)
    ref = samples[0]
    rows = []
    for name, s in zip(list(variants)[1:], samples[1:], strict=True):
        row: dict[str, Any] = {"lever": name, "what": what[name]}
        for k in kpis:
            row[k] = paired(ref.kpis[k], s.kpis[k])
        rows.append(row)
    years = ref.years
    return {
        "scenario": scenario.name,
        "replications": replications,
        "seed": seed,
        "first_year": years[0] if years else None,
        "last_year": years[-1] if years else None,
        "reference": {k: float(ref.kpis[k].mean()) for k in kpis},
        "rows": rows,
    }


def levers_markdown(result: Mapping[str, Any], kpis: Sequence[str] = LEVER_KPIS) -> str:
    """The table as Markdown: one row per lever, each cell the change and its 95 % interval
    (an asterisk where the interval excludes zero)."""
    head = (
        f"Paired changes against `{result['scenario']}` ({result['replications']} replications, seed "
        f"{result['seed']}, common random numbers), with 95 % intervals; * the interval excludes 0."
    )
    rows = [(row["what"], {k: row[k] for k in kpis}) for row in result["rows"]]
    table = changes_markdown(rows, kpis, result["first_year"], result["last_year"], "lever")
    return "\n".join([head, *table])
