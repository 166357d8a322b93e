"""A scenario for any Norwegian municipality from a few key figures (``boligflyt init``).

The key figures (population path, municipal dwellings, KOSTRA's start loans and guarantees
per 1000 inhabitants, homeless persons, hospits nights and users, the waiting list) are
given on the command line or in a short YAML file (``scenarios/templates/key_figures.yaml``
is the form). :func:`scenario_text` turns them into a scenario file that extends the
generic template (``scenarios/templates/municipality.yaml``): the size-dependent parts
(stock, starting state, budgets and capacities) from the figures, the municipality's own
figures as calibration targets, and only the free assumptions those figures identify.
Where a figure is missing, the documented default of ``scenarios/templates/init_defaults.yaml``
is used and marked as such; it never becomes a target. This module holds no figures of its
own: every number it writes comes from the key figures, the defaults file or the schema.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError, field_validator, model_validator

from sim.errors import FieldValueError
from sim.loader import Locations, Problem, ScenarioError, load_scenario, read_yaml_file
from sim.spec.base import F, Spec

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "scenarios" / "templates" / "municipality.yaml"
DEFAULTS = ROOT / "scenarios" / "templates" / "init_defaults.yaml"

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
#: key figures that are counts or rates a calibration can be fitted to
FIGURES = (
    "start_loans_per_1000",
    "guarantees_per_1000",
    "homeless",
    "hospits_nights",
    "hospits_users",
    "waiting_list",
)


# ---------------------------------------------------------------- the key figures
class Figure(Spec):
    """One key figure and where it comes from."""

    value: float = F(..., "The figure.", ge=0, le=1e9, allow_inf_nan=False)
    source: str = F("", "Where it comes from (KOSTRA table and year, the NAV office, ...).", max_length=200)


class DwellingsFigure(Spec):
    """The municipality's rental dwellings (kommunalt disponerte boliger)."""

    value: int = F(..., "Municipal dwellings in all.", ge=1, le=1_000_000)
    with_services: int | None = F(None, "Of which with services (omsorgsboliger).", ge=0, le=1_000_000)
    source: str = F("", "Where it comes from.", max_length=200)

    @model_validator(mode="after")
    def _part(self) -> DwellingsFigure:
        """``with_services`` is at most ``value``."""
        if self.with_services is not None and self.with_services > self.value:
            raise FieldValueError(
                f"is more than the dwellings in all ({self.value})", "with_services", value=self.with_services
            )
        return self


class Prices(Spec):
    """Second-hand prices of dwellings by size in the start year."""

    small: float = F(..., "Price of a small dwelling (1-2 rooms), NOK.", gt=0, le=1e9, allow_inf_nan=False)
    medium: float = F(..., "Price of a medium dwelling, NOK.", gt=0, le=1e9, allow_inf_nan=False)
    large: float = F(..., "Price of a large dwelling, NOK.", gt=0, le=1e9, allow_inf_nan=False)
    source: str = F("", "Where they come from.", max_length=200)


def _figure(v: Any) -> Any:
    """A plain number stands for ``{value: number}``."""
    if isinstance(v, int | float) and not isinstance(v, bool):
        return {"value": v}
    return v


class KeyFigures(Spec):
    """What a municipality tells ``boligflyt init`` about itself."""

    municipality: str = F(
        ..., "The municipality's name (shown in the dashboard).", min_length=1, max_length=80
    )
    name: str | None = F(None, "Scenario name and file name (default: from the municipality's name).")
    note: str = F("", "A line for the scenario's header and description.", max_length=300)
    year: int = F(
        2016, "The year the figures describe; the scenario starts on 1 January of it.", ge=1990, le=2100
    )
    end_year: int = F(2040, "The last year simulated.", ge=1990, le=2200)
    population: dict[int, float] = F(..., "Inhabitants on 1 January by year (at least the start year).")
    population_source: str = F("", "Where the population figures come from.", max_length=200)
    municipal_dwellings: DwellingsFigure | None = None
    start_loans_per_1000: Figure | None = None
    guarantees_per_1000: Figure | None = None
    homeless: Figure | None = None
    hospits_nights: Figure | None = None
    hospits_users: Figure | None = None
    waiting_list: Figure | None = None
    dwelling_prices_nok: Prices | None = None

    @field_validator(*FIGURES, "municipal_dwellings", mode="before")
    @classmethod
    def _plain_number(cls, v: Any) -> Any:
        return _figure(v)

    @field_validator("municipality")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be empty: write the municipality's name")
        return v.strip()

    @field_validator("name")
    @classmethod
    def _name(cls, v: str | None) -> str | None:
        if v is not None and not _NAME_RE.match(v):
            raise ValueError("must be lower case letters, digits and _ (at most 40), starting with a letter")
        return v

    @field_validator("population")
    @classmethod
    def _population(cls, v: dict[int, float]) -> dict[int, float]:
        for year, pop in v.items():
            if not 1900 <= year <= 2200:
                raise FieldValueError("the year must be between 1900 and 2200", year, value=year)
            if not (pop >= 1 and pop < 1e8):
                raise FieldValueError("must be a positive number of inhabitants", year, value=pop)
        return dict(sorted(v.items()))

    @model_validator(mode="after")
    def _consistent(self) -> KeyFigures:
        """The population has the start year; the horizon is at least a year; a hospits figure
        is consistent with the other (users need nights, every user stays at least a night)."""
        if self.year not in self.population:
            raise FieldValueError(
                f"needs the population on 1 January {self.year} (the start year)", "population", value=None
            )
        if self.end_year < self.year:
            raise FieldValueError(f"is before year ({self.year})", "end_year", value=self.end_year)
        nights, users = self.hospits_nights, self.hospits_users
        if users is not None and nights is not None and users.value > nights.value:
            raise FieldValueError(
                f"more users than nights ({nights.value:g}): every user stays at least one night",
                "hospits_users",
                "value",
                value=users.value,
            )
        if users is not None and users.value > 0 and nights is not None and nights.value == 0:
            raise FieldValueError("users of hospits but no nights", "hospits_nights", "value", value=0)
        return self

    def scenario_name(self) -> str:
        """The scenario's name: ``name``, or the municipality's name in plain letters."""
        return self.name or slug(self.municipality)


def slug(text: str) -> str:
    """``Nord-Aurdal`` -> ``nord_aurdal``, ``Rælingen`` -> ``raelingen`` (a valid scenario name)."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    if not text or not text[0].isalpha():
        text = "m_" + text
    return text[:40].rstrip("_")


# ---------------------------------------------------------------- the template defaults
class _Sourced(BaseModel):
    value: float
    source: str


class _Weighted(BaseModel):
    weight: float
    max_days_already_waited: float


class _Structure(BaseModel):
    with_services_share: _Sourced
    ordinary_by_size: dict[str, float]
    waiting_list_by_group: dict[str, _Weighted]
    homeless_other_by_group: dict[str, _Weighted]
    temporary_accommodation_by_group: dict[str, _Weighted]
    care_build_every_years: _Sourced


class _Tolerance(BaseModel):
    share: float
    min: float


class _Free(BaseModel):
    path: str
    low: float
    high: float
    start: float
    needs: str
    why: str = ""
    scale_with: str | None = None
    reference: float | None = None


class Defaults(BaseModel):
    """``init_defaults.yaml``: what init uses where the key figures say nothing."""

    model_config = {"extra": "forbid"}

    figures: dict[str, _Sourced]
    structure: _Structure
    capacities: dict[str, _Sourced]
    tolerances: dict[str, _Tolerance]
    homeless_stable_years: _Sourced
    free: list[_Free]


def _problems(exc: ValidationError, locs: Locations, file: str, data: Any) -> list[Problem]:
    """One :class:`Problem` per pydantic error, at the line of the key in the file."""
    out = []
    for err in exc.errors():
        loc = [p for p in err["loc"] if p not in ("function-after", "[key]")]
        ctx = err.get("ctx") or {}
        error = ctx.get("error")
        path = [str(p) for p in loc]
        if isinstance(error, FieldValueError):
            path += [str(p) for p in error.path]
        message = str(error) if error is not None else _words(err)
        dotted = ".".join(path)
        probe = list(path)
        while probe and ".".join(probe) not in locs:
            probe.pop()
        f, line = locs.get(".".join(probe), (file, 0))
        shown = error.value if isinstance(error, FieldValueError) and error.has_value else err.get("input")
        has = err["type"] != "missing" and not isinstance(shown, dict)
        out.append(Problem(f, line, dotted or "(file)", message, shown, has))
    return out


def _words(err: dict[str, Any]) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "missing":
        return "this required key is missing"
    if kind == "extra_forbidden":
        return "unknown key (see scenarios/templates/key_figures.yaml for the keys)"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}"
    if kind.startswith(("float", "int")):
        return "must be a number"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return 'must be a number or a mapping such as {value: 8, source: "..."}'
    if kind == "string_too_short":
        return "must not be empty"
    if kind.startswith("string"):
        return "must be text"
    return str(err["msg"]).removeprefix("Value error, ")


def read_key_figures(data: dict[str, Any], locs: Locations | None = None, file: str = "--") -> KeyFigures:
    """Validate key figures given as plain data; problems name the file, line and key."""
    try:
        return KeyFigures.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_problems(exc, locs or {}, file, data)) from None


def load_defaults(path: str | Path = DEFAULTS) -> Defaults:
    """The template defaults (``init_defaults.yaml``)."""
    data, locs = read_yaml_file(path)
    try:
        return Defaults.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_problems(exc, locs, str(path), data)) from None


# ---------------------------------------------------------------- arithmetic
def _population_at(kf: KeyFigures, year: int) -> float:
    """Population on 1 January of ``year`` (log-linear between anchors, as the model)."""
    from sim.population import daily_population
    from sim.scenario import PopulationPath

    start = dt.date(min(kf.population), 1, 1)
    days = (dt.date(year, 1, 1) - start).days
    if days <= 0:
        return kf.population[min(kf.population)]
    return float(daily_population(PopulationPath(by_year=kf.population).by_year, start, days + 1)[-1])


def split(total: int, weights: dict[str, float]) -> dict[str, int]:
    """``total`` split in proportion to ``weights`` (largest remainder: the parts add up)."""
    w = {k: max(v, 0.0) for k, v in weights.items()}
    s = sum(w.values())
    if total <= 0 or s <= 0:
        return dict.fromkeys(weights, 0)
    exact = {k: total * v / s for k, v in w.items()}
    out = {k: math.floor(x) for k, x in exact.items()}
    for k in sorted(exact, key=lambda k: (out[k] - exact[k], list(w).index(k)))[: total - sum(out.values())]:
        out[k] += 1
    return out


def _spread(total: float, years: list[int]) -> dict[int, int]:
    """Whole numbers by year adding up to ``round(total)``, as evenly as possible."""
    out, done = {}, 0
    for i, y in enumerate(years, 1):
        upto = math.floor(total * i / len(years) + 0.5)
        out[y] = upto - done
        done = upto
    return out


def _sig(x: float, digits: int = 3) -> float:
    return float(f"{x:.{digits}g}") if x else 0.0


def _num(x: float | int) -> str:
    """A number as YAML: whole numbers as integers only for int fields, no exponents."""
    if isinstance(x, int) and not isinstance(x, bool):
        return str(x)
    if float(x).is_integer():
        return f"{x:.1f}"
    text = f"{x:.4g}"
    return f"{x:.6f}".rstrip("0") if "e" in text else text


def _thousands(x: float) -> str:
    return f"{x:,.0f}"


# ---------------------------------------------------------------- the scenario text
class _Writer:
    """Lines of YAML with aligned comments."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, text: str, comment: str = "") -> None:
        if comment:
            text = f"{text:<44}  # {comment}" if len(text) < 44 else f"{text}  # {comment}"
        self.lines.append(text.rstrip())

    def blank(self) -> None:
        self.lines.append("")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _q(text: str) -> str:
    """Text as a double-quoted YAML string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _src(fig: Figure | DwellingsFigure | Prices, what: str) -> str:
    return f"key figure: {fig.source}" if fig.source else f"key figure ({what}) given to boligflyt init"


def scenario_text(
    kf: KeyFigures,
    defaults: Defaults,
    extends: str,
    made_from: str,
    today: dt.date | None = None,
) -> str:
    """The scenario file for ``kf`` (see the module docs); ``extends`` is the template's path
    relative to the file, ``made_from`` says where the figures came from."""
    from sim.spec.stock import StockPrices

    today = today or dt.date.today()
    y0, y1 = kf.year, kf.end_year
    pop0 = kf.population[y0]
    k = pop0 / 1000.0
    fig = defaults.figures
    cap = defaults.capacities
    st = defaults.structure
    w = _Writer()

    # header
    name = kf.scenario_name()
    w.add(
        f"# {kf.municipality} {y0} -> {y1}: written by `boligflyt init` on {today.isoformat()} "
        f"from {made_from}."
    )
    if kf.note:
        w.add(f"# {kf.note}")
    w.add("# It extends the generic template; every value below says where it comes from: the")
    w.add("# municipality's key figures (\"key figure\"), the template's documented defaults")
    w.add('# (scenarios/templates/init_defaults.yaml, "template default") or an "assumption".')
    w.add("# Next: `boligflyt calibrate THIS_FILE --write` fits the free assumptions (calibration.free)")
    w.add("# to the targets at the end of the file; then the dashboard shows it (docs/NEW_MUNICIPALITY.md).")
    w.add(f"extends: {extends}")
    w.add(f"name: {name}")
    w.add(f"municipality: {_q(kf.municipality)}")
    desc = f"{kf.municipality} {y0}-{y1}, made with boligflyt init from {made_from}."
    if kf.note:
        desc = f"{kf.note} {desc}"
    w.add(f"description: {_q(desc)}")
    w.blank()
    w.add(f"start_date: {y0}-01-01", "key figures' year")
    w.add(f"end_date: {y1}-12-31")
    w.blank()

    # population
    w.add("population:")
    psrc = f"key figure: {kf.population_source}" if kf.population_source else "key figure"
    if len(kf.population) == 1:
        psrc += "; assumption: no projection given, so constant (add SSB's population projection)"
    w.add("  by_year:", psrc)
    for year, p in kf.population.items():
        w.add(f"    {year}: {_num(int(p) if float(p).is_integer() else p)}")
    w.blank()

    # dwellings
    share = st.with_services_share
    if kf.municipal_dwellings is not None:
        d = kf.municipal_dwellings
        total = d.value
        care = d.with_services if d.with_services is not None else round(total * share.value)
        total_src = _src(d, "municipal dwellings")
        care_src = (
            "key figure"
            if d.with_services is not None
            else f"template default: {share.value:g} of the dwellings ({share.source})"
        )
    else:
        per = fig["municipal_dwellings_per_1000"]
        total = max(1, round(per.value * k))
        care = round(total * share.value)
        total_src = f"template default: {per.value:g} per 1000 inhabitants ({per.source})"
        care_src = f"template default: {share.value:g} of the dwellings ({share.source})"
    sizes = split(total - care, st.ordinary_by_size)
    w.add("dwelling_types:", f"{total} municipal dwellings, {total_src}")
    for size in ("small", "medium", "large"):
        w.add(
            f"  {size}_ordinary: {{size_class: {size}, services: false, count: {sizes.get(size, 0)}}}",
            "template default: ordinary dwellings split by size as Rælingen's" if size == "small" else "",
        )
    w.add(f"  care: {{size_class: small, services: true, count: {care}}}", f"with services: {care_src}")
    w.blank()

    # stock plan: keep dwellings per 1000 about constant as the population grows
    growth = _population_at(kf, y1) / pop0
    years = list(range(y0, y1 + 1))
    if growth > 1.0 and len(years) > 1:
        w.add(
            "stock_plan:",
            f"assumption: buy and build so that dwellings per 1000 stay about constant while the "
            f"population grows by {100 * (growth - 1):.0f} % to {y1}; replace with the municipality's plan",
        )
        for size in ("small", "medium", "large"):
            _plan_lines(w, f"{size}_ordinary", "purchase", _spread(sizes.get(size, 0) * (growth - 1), years))
        every = max(1, int(st.care_build_every_years.value))
        batch_years = [y for y in years if (y - y0) % every == every - 1] or [y1]
        _plan_lines(w, "care", "care_build", _spread(care * (growth - 1), batch_years), merge=False)
        if w.lines[-1].startswith("stock_plan:"):
            w.lines[-1] = w.lines[-1].replace("stock_plan:", "stock_plan: []", 1)
    else:
        w.add(
            "stock_plan: []",
            "assumption: the population does not grow, so nothing is bought; add the municipality's plan",
        )
    w.blank()

    prices = kf.dwelling_prices_nok
    if prices is not None:
        w.add("stock_prices:")
        w.add(
            "  price_nok_by_size: "
            f"{{small: {_num(float(prices.small))}, medium: {_num(float(prices.medium))}, "
            f"large: {_num(float(prices.large))}}}",
            _src(prices, "dwelling prices"),
        )
        w.blank()
        small_price = prices.small
        price_src = "the key figures' price of a small dwelling"
    else:
        small_price = StockPrices().price_nok_by_size["small"]
        price_src = "the template's price of a small dwelling (Oslo region 2016; give your own)"

    # start loans
    per1000: dict[str, float] = {}
    given: dict[str, Figure] = {f: getattr(kf, f) for f in FIGURES if getattr(kf, f) is not None}
    sl = given.get("start_loans_per_1000")
    sl_value = sl.value if sl else fig["start_loans_per_1000"].value
    per1000["start_loans_per_1000"] = sl_value
    sl_src = (
        _src(sl, "start loans per 1000") if sl else f"template default ({fig['start_loans_per_1000'].source})"
    )
    head = cap["start_loan_budget_headroom"].value
    budget = round(sl_value * k * small_price * head, -3)
    grant = round(cap["settlement_grant_nok_per_1000"].value * k, -3)
    w.add("start_loans:")
    w.add(
        f"  budget_nok_per_year: {_num(float(budget))}",
        f"{sl_value:g} loans per 1000 ({sl_src}) x {k:,.1f} thousand inhabitants "
        f"x NOK {_thousands(small_price)}, "
        f"{price_src}; {cap['start_loan_budget_headroom'].source}",
    )
    w.add(
        f"  settlement_grant_budget_nok_per_year: {_num(float(grant))}",
        f"template default: NOK {_thousands(cap['settlement_grant_nok_per_1000'].value)} "
        "per 1000 inhabitants "
        f"({cap['settlement_grant_nok_per_1000'].source})",
    )
    free = _free_parameters(kf, defaults, given, k, per1000)
    _write_free_value(w, free, "start_loans.direct_applicants_per_1000_per_year", "  ")
    w.blank()

    # private rental
    gu = given.get("guarantees_per_1000")
    gu_value = gu.value if gu else fig["guarantees_per_1000"].value
    gu_src = (
        _src(gu, "guarantees per 1000") if gu else f"template default ({fig['guarantees_per_1000'].source})"
    )
    capacity = math.ceil(gu_value * k * cap["guarantee_headroom"].value)
    broker = _sig(cap["broker_placements_per_1000"].value * k, 2)
    w.add("private_rental:")
    w.add(
        f"  guarantees_per_year: {_num(float(capacity))}",
        f"{gu_value:g} per 1000 ({gu_src}) x {k:,.1f} thousand x {cap['guarantee_headroom'].value:g}: "
        f"{cap['guarantee_headroom'].source}",
    )
    w.add(
        f"  broker_placements_per_year: {_num(float(broker))}",
        f"template default: {cap['broker_placements_per_1000'].value:g} per 1000 inhabitants "
        f"({cap['broker_placements_per_1000'].source})",
    )
    _write_free_value(w, free, "private_rental.direct_guarantee_clients_per_1000_per_year", "  ")
    w.blank()
    staff = _sig(cap["follow_up_staff_per_1000"].value * k, 2)
    w.add("follow_up:")
    w.add(
        f"  staff: {_num(float(staff))}",
        f"template default: {cap['follow_up_staff_per_1000'].value:g} per 1000 inhabitants "
        f"({cap['follow_up_staff_per_1000'].source})",
    )
    w.blank()

    # the free homeless assumptions, in block style so that calibrate can comment each
    homeless_paths = [p.path for p in free if p.path.startswith("groups.acute_homeless.")]
    if homeless_paths:
        w.add("groups:")
        w.add("  acute_homeless:")
        _write_free_value(w, free, "groups.acute_homeless.arrival_rate_per_1000_per_year", "    ")
        inner = [p for p in homeless_paths if ".homelessness." in p]
        if inner:
            w.add("    homelessness:")
            for p in inner:
                _write_free_value(w, free, p, "      ")
        w.blank()

    # starting state
    w.add("initial_state:")
    wl = given.get("waiting_list")
    _initial_lines(
        w,
        "waiting_list",
        st.waiting_list_by_group,
        wl.value if wl else None,
        _src(wl, "waiting list") if wl else "",
        fig["waiting_list_per_1000"],
    )
    hl = given.get("homeless")
    weights_other = st.homeless_other_by_group
    weights_temp = st.temporary_accommodation_by_group
    total_w = sum(x.weight for x in weights_other.values()) + sum(x.weight for x in weights_temp.values())
    if hl is not None:
        cells = {("o", g): x.weight for g, x in weights_other.items()}
        cells.update({("t", g): x.weight for g, x in weights_temp.items()})
        counts = split(round(hl.value), cells)
        other_n = sum(v for (kind, _), v in counts.items() if kind == "o")
        _initial_lines(
            w,
            "homeless_other",
            weights_other,
            other_n,
            f"{_src(hl, 'homeless')}: of {round(hl.value)} homeless persons, those outside hospits "
            "(split as the template's weights)",
            None,
            counts={g: counts[("o", g)] for g in weights_other},
        )
        _initial_lines(
            w,
            "temporary_accommodation",
            weights_temp,
            round(hl.value) - other_n,
            f"{_src(hl, 'homeless')}: those in hospits (split as the template's weights)",
            None,
            counts={g: counts[("t", g)] for g in weights_temp},
        )
    else:
        per = fig["homeless_per_1000"]
        for section, weights in (
            ("homeless_other", weights_other),
            ("temporary_accommodation", weights_temp),
        ):
            sub = _Sourced(
                value=per.value * sum(x.weight for x in weights.values()) / total_w,
                source=f"{per.value:g} homeless per 1000, {per.source}",
            )
            _initial_lines(w, section, weights, None, "", sub)
    w.blank()

    # calibration
    w.add("calibration:")
    if free:
        w.add("  free:", "assumptions fitted by boligflyt calibrate, each identified by a key figure")
        for p in free:
            w.add(
                f"    - {{path: {p.path}, low: {_num(p.low)}, high: {_num(p.high)}, start: {_num(p.start)}, "
                f"why: {_q(p.why)}}}"
            )
    else:
        w.add("  free: []", "no key figure identifies a free assumption")
    targets = _targets(kf, defaults, given, total, k)
    if targets:
        w.add("  targets:", "the municipality's own figures (means over replications)")
        for t in targets:
            w.add("    - " + t)
    else:
        w.add("  targets: []", "no key figures to calibrate to; give some and run init again")
    w.add("  benchmarks:", "national levels (template defaults) drawn as reference lines")
    for metric, key in (
        ("dwellings_per_1000", "municipal_dwellings_per_1000"),
        ("start_loans_per_1000", "start_loans_per_1000"),
        ("guarantees_per_1000", "guarantees_per_1000"),
    ):
        f = fig[key]
        w.add(
            f"    - {{metric: {metric}, label: Norway, value: {_num(float(f.value))}, "
            f"source: {_q(f.source)}}}"
        )
    return w.text()


def _plan_lines(w: _Writer, dtype: str, instrument: str, by_year: dict[int, int], merge: bool = True) -> None:
    """Stock-plan lines, consecutive years with the same count merged into one line."""
    runs: list[tuple[int, int, int]] = []
    for y, n in by_year.items():
        if n <= 0:
            continue
        if merge and runs and runs[-1][1] == y - 1 and runs[-1][2] == n:
            runs[-1] = (runs[-1][0], y, n)
        else:
            runs.append((y, y, n))
    for a, b, n in runs:
        until = f", until_year: {b}" if b != a else ""
        w.add(f"  - {{year: {a}{until}, dwelling_type: {dtype}, instrument: {instrument}, count: {n}}}")


def _initial_lines(
    w: _Writer,
    section: str,
    weights: dict[str, _Weighted],
    total: float | None,
    source: str,
    per_1000: _Sourced | None,
    counts: dict[str, int] | None = None,
) -> None:
    """An ``initial_state`` section: counts from a key figure, or per 1000 from the defaults."""
    if total is not None:
        counts = (
            counts if counts is not None else split(round(total), {g: x.weight for g, x in weights.items()})
        )
        w.add(f"  {section}:", f"{source}" if source else "")
        for g, x in weights.items():
            w.add(
                f"    {g}: {{count: {counts[g]}, max_days_already_waited: {_num(x.max_days_already_waited)}}}"
            )
        return
    assert per_1000 is not None
    s = sum(x.weight for x in weights.values())
    w.add(
        f"  {section}:",
        f"template default: {per_1000.value:.3g} per 1000 inhabitants in all ({per_1000.source}), "
        "split as the template's weights",
    )
    for g, x in weights.items():
        share = _sig(per_1000.value * x.weight / s, 3)
        w.add(
            f"    {g}: {{per_1000: {_num(share)}, "
            f"max_days_already_waited: {_num(x.max_days_already_waited)}}}"
        )


def _free_parameters(
    kf: KeyFigures, defaults: Defaults, given: dict[str, Figure], k: float, per1000: dict[str, float]
) -> list[_Free]:
    """The free parameters the given figures identify, with scaled starting values."""
    out = []
    for p in defaults.free:
        if p.needs not in given:
            continue
        start = p.start
        if p.scale_with and p.reference:
            level = _per_1000_of(p.scale_with, given, k)
            if level is not None and level > 0:
                start = p.start * level / p.reference
        start = _sig(min(max(start, p.low * 1.01), p.high * 0.99))
        out.append(p.model_copy(update={"start": start}))
    return out


def _per_1000_of(name: str, given: dict[str, Figure], k: float) -> float | None:
    if name.endswith("_per_1000") and name in given:
        return given[name].value
    base = name.removesuffix("_per_1000")
    if base in given:
        return given[base].value / k
    return None


def _write_free_value(w: _Writer, free: list[_Free], path: str, indent: str) -> None:
    for p in free:
        if p.path == path:
            how = ""
            if p.scale_with and p.reference:
                how = f", the template's assumption scaled by {p.scale_with} over Rælingen's {p.reference:g}"
            w.add(
                f"{indent}{path.rsplit('.', 1)[1]}: {_num(p.start)}",
                f"assumption: the start of calibration{how}",
            )


def _targets(kf: KeyFigures, defaults: Defaults, given: dict[str, Figure], total: int, k: float) -> list[str]:
    tol = defaults.tolerances

    def one(metric: str, years: list[int], value: float, source: str) -> str:
        t = tol[metric]
        tolerance = _sig(max(abs(value) * t.share, t.min))
        when = f"year: {years[0]}" if len(years) == 1 else f"years: [{', '.join(str(y) for y in years)}]"
        return (
            f"{{metric: {metric}, {when}, value: {_num(_sig(value, 4))}, tolerance: {_num(tolerance)}, "
            f"source: {_q(source)}}}"
        )

    y0 = kf.year
    out = []
    if kf.municipal_dwellings is not None:
        out.append(
            one(
                "dwellings_per_1000",
                [y0],
                total / k,
                f"{_src(kf.municipal_dwellings, 'municipal dwellings')}: "
                f"{total} per {_thousands(k * 1000)} inhabitants",
            )
        )
    for key, metric in (
        ("start_loans_per_1000", "start_loans_per_1000"),
        ("guarantees_per_1000", "guarantees_per_1000"),
    ):
        if key in given:
            out.append(one(metric, [y0], given[key].value, _src(given[key], key)))
    if "homeless" in given:
        later = y0 + int(defaults.homeless_stable_years.value)
        years = [y0, later] if later <= kf.end_year and later != y0 else [y0]
        source = _src(given["homeless"], "homeless persons")
        if len(years) > 1:
            source += f"; {later}: {defaults.homeless_stable_years.source}"
        out.append(one("homeless_mean", years, given["homeless"].value, source))
    if "hospits_nights" in given:
        out.append(
            one("temp_nights", [y0], given["hospits_nights"].value, _src(given["hospits_nights"], "nights"))
        )
    if "hospits_users" in given:
        out.append(
            one(
                "temp_persons_distinct",
                [y0],
                given["hospits_users"].value,
                _src(given["hospits_users"], "users"),
            )
        )
    return out


# ---------------------------------------------------------------- the command
def write_scenario(
    kf: KeyFigures,
    out: str | Path,
    made_from: str,
    template: str | Path | None = None,
    defaults: str | Path = DEFAULTS,
    force: bool = False,
) -> Path:
    """Write the scenario for ``kf`` to ``out`` (extending ``template``) and check it loads.

    The template is, unless given, ``templates/municipality.yaml`` beside ``out`` if the
    folder has one (so a scenarios folder with its templates moves as a whole), else the
    repository's.

    Raises
    ------
    ScenarioError
        If ``out`` exists (without ``force``), the template or defaults are missing or
        invalid, or the written scenario does not validate (it is then removed).
    """
    from sim.runner import atomic_write_text

    out = Path(out)
    if template is None:
        beside = out.parent / "templates" / TEMPLATE.name
        template = beside if beside.is_file() else TEMPLATE
    template = Path(template)
    if out.exists() and not force:
        raise ScenarioError(
            [Problem(str(out), 0, "", "the file exists; choose another --out or add --force to replace it")]
        )
    if not template.is_file():
        raise ScenarioError([Problem(str(template), 0, "", "template not found")])
    rel = os.path.relpath(template.resolve(), out.resolve().parent).replace(os.sep, "/")
    text = scenario_text(kf, load_defaults(defaults), rel, made_from)
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = out.read_bytes() if out.exists() else None
    atomic_write_text(out, text)
    try:
        load_scenario(out)
    except ScenarioError:
        if previous is None:
            out.unlink()
        else:
            out.write_bytes(previous)
        raise
    return out


def key_figures_from(
    file: str | Path | None, overrides: dict[str, Any], flags: dict[str, str]
) -> tuple[KeyFigures, str]:
    """Key figures from a YAML file (if any) with command-line ``overrides`` on top.

    ``overrides`` maps a key of :class:`KeyFigures` to its value (figures as
    ``{value: ...}``; ``population`` as a mapping of years merged into the file's);
    ``flags`` maps such a key to the option that gave it, so a problem names the option.
    Returns the figures and where they came from, in words.
    """
    data: dict[str, Any] = {}
    locs: Locations = {}
    if file is not None:
        data, locs = read_yaml_file(file)
    data = dict(data)
    for key, value in overrides.items():
        if key == "population" and isinstance(data.get("population"), dict):
            data["population"] = {**data["population"], **value}
        elif key == "municipal_dwellings" and isinstance(data.get("municipal_dwellings"), dict):
            data["municipal_dwellings"] = {**data["municipal_dwellings"], **value}
        else:
            data[key] = value
        for path in [p for p in locs if p == key or p.startswith(key + ".")]:
            del locs[path]
        locs[key] = (flags.get(key, "--"), 0)
    where = str(file) if file is not None else "--"
    kf = read_key_figures(data, locs, where)
    if file is not None:
        try:
            shown = Path(file).resolve().relative_to(ROOT).as_posix()
        except ValueError:
            shown = Path(file).as_posix()
        made_from = f"the key figures in {shown}"
        if overrides:
            made_from += " and on the command line"
    else:
        made_from = "key figures on the command line"
    return kf, made_from
