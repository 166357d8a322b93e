"""The scenario levers the Scenario page shows, grouped the way a municipality thinks.

Lever groups are plain data (:data:`LEVER_GROUPS`): a later issue adds start loans,
private rental, tilvisning, rent-to-own or follow-up by adding a :class:`LeverGroup` with
its :class:`Lever` entries -- no page code changes. A lever names a path in the scenario
data; ``{group}`` and ``{dwelling}`` in the path fan out over the scenario's target groups
and dwelling types. Help texts and sources come from the scenario schema
(:class:`sim.Scenario`), so the documentation has one home.

Nothing here imports Streamlit; the functions are pure and tested on plain dicts.
"""

from __future__ import annotations

import copy
import datetime as dt
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

import sim

Path = tuple[str, ...]
Kind = Literal["float", "int", "share", "bool", "choice", "date", "text", "textarea"]


@dataclass(frozen=True)
class Lever:
    """One editable field (or one per group/dwelling type when the path has a placeholder).

    Parameters
    ----------
    path:
        Dotted path in the scenario data, e.g. ``"groups.{group}.approval_probability"``.
    kind:
        Which widget edits it.
    step:
        Step of a number widget.
    when:
        Show the lever only if the scenario data has this value at this path (for
        fields of one distribution family, such as ``mean_days`` of an exponential).
    scale:
        The widget shows the value divided by this (``1e6``: kroner as millions).
    """

    path: str
    kind: Kind = "float"
    step: float | None = None
    when: tuple[str, Any] | None = None
    scale: float = 1.0

    @property
    def fans_out(self) -> bool:
        """Whether the path repeats per target group or dwelling type."""
        return "{group}" in self.path or "{dwelling}" in self.path


@dataclass(frozen=True)
class LeverGroup:
    """A titled group of levers (titles and intros come from the i18n texts)."""

    id: str
    levers: tuple[Lever, ...] = ()

    @property
    def available(self) -> bool:
        """False for a group with no lever in today's schema (its instruments come later)."""
        return any(exists(lever.path) for lever in self.levers)


LEVER_GROUPS: tuple[LeverGroup, ...] = (
    LeverGroup(
        "demand",
        (
            Lever("groups.{group}.arrival_rate_per_1000_per_year", "float", 0.05),
            Lever("groups.{group}.approval_probability", "share", 0.05),
            Lever("groups.{group}.acute_share", "share", 0.05),
        ),
    ),
    LeverGroup(
        "stock",
        (
            Lever("dwelling_types.{dwelling}.count", "int", 1),
            Lever(
                "tenancy.vacancy_turnaround.mean_days",
                "float",
                5,
                when=("tenancy.vacancy_turnaround.dist", "exponential"),
            ),
            Lever("initial_state.tenancies.occupancy_share", "share", 0.01),
        ),
    ),
    LeverGroup(
        "temporary",
        (
            Lever("temporary_accommodation.hospits_price_nok_per_night", "float", 50),
            Lever("temporary_accommodation.long_stay_days", "float", 1),
            Lever("groups.{group}.homelessness.hospits_share", "share", 0.05),
        ),
    ),
    LeverGroup(
        "allocation",
        (
            Lever("allocation.meeting_interval_days", "float", 1),
            Lever("allocation.priority_rule", "choice"),
            Lever("allocation.allow_larger_dwelling", "bool"),
            Lever("allocation.promise_days", "float", 1),
            Lever("groups.{group}.offer_refusal_probability", "share", 0.01),
        ),
    ),
    LeverGroup(
        "tenancies",
        (
            Lever("tenancy.lease.value_days", "float", 30, when=("tenancy.lease.dist", "fixed")),
            Lever("groups.{group}.renewal_probability", "share", 0.05),
            Lever("groups.{group}.eviction_rate_per_year", "float", 0.005),
            Lever("groups.{group}.move_out_rate_per_year", "float", 0.01),
        ),
    ),
    LeverGroup(
        "general",
        (
            Lever("name", "text"),
            Lever("description", "textarea"),
            Lever("start_date", "date"),
            Lever("end_date", "date"),
        ),
    ),
    LeverGroup(
        "start_loans",
        (
            Lever("start_loans.budget_nok_per_year", "float", 1, scale=1e6),
            Lever("start_loans.settlement_grant_budget_nok_per_year", "float", 0.1, scale=1e6),
            Lever("start_loans.rate_regime", "choice"),
            Lever("start_loans.term_years", "float", 5),
            Lever("start_loans.consider_tenants_at_renewal", "choice"),
            Lever("start_loans.systematic_survey", "bool"),
            Lever("start_loans.approval_valid_days", "float", 1),
        ),
    ),
    LeverGroup(
        "private_rental",
        (
            Lever("private_rental.guarantees_per_year", "float", 1),
            Lever("private_rental.deposit_loans_per_year", "float", 1),
            Lever("private_rental.broker_placements_per_year", "float", 1),
        ),
    ),
    LeverGroup(
        "rent_to_own",
        (
            Lever("rent_to_own.option_year", "choice"),
            Lever("rent_to_own.selection_rule", "choice"),
            Lever("rent_to_own.from_tenants", "bool"),
            Lever("rent_to_own.selection_test", "choice"),
        ),
    ),
    LeverGroup(
        "follow_up",
        (
            Lever("follow_up.staff", "float", 0.5),
            Lever("follow_up.households_per_staff", "float", 1),
            Lever("follow_up.eviction_hazard_reduction", "share", 0.05),
        ),
    ),
    LeverGroup(
        "homelessness",
        (
            Lever("staffed_housing.places", "int", 1),
            Lever("staffed_housing.from_year", "int", 1),
            Lever("staffed_housing.cost_nok_per_place_per_year", "float", 0.05, scale=1e6),
            Lever("advance_notice.notified_share", "share", 0.05),
            Lever("advance_notice.days_ahead", "float", 1),
            Lever("regional_offer.places", "int", 1),
            Lever("regional_offer.from_year", "int", 1),
            Lever("regional_offer.cost_nok_per_place_per_year", "float", 0.05, scale=1e6),
            Lever("allocation.not_approved_homeless", "choice"),
        ),
    ),
    # Agreements are a list of cards: edited on the Tilvisning workshop page (issue 5,
    # page 5) or in the YAML file; add levers here when that page lands.
    LeverGroup("tilvisning"),
)


# ---------------------------------------------------------------- paths in plain data
def split(path: str) -> Path:
    """``"a.b.c"`` -> ``("a", "b", "c")``."""
    return tuple(path.split("."))


def join(path: Path) -> str:
    """``("a", "b", "c")`` -> ``"a.b.c"`` (the form :class:`sim.Problem` uses)."""
    return ".".join(str(p) for p in path)


def get_path(data: Mapping[str, Any], path: Path, default: Any = None) -> Any:
    """The value at ``path`` in nested dicts, or ``default``."""
    node: Any = data
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return default
        node = node[part]
    return node


def set_paths(data: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of ``data`` with ``values`` (``{"a.b": value}``) written in."""
    out = copy.deepcopy(dict(data))
    for dotted, value in values.items():
        node = out
        parts = split(dotted)
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = {}
                node[part] = child
            node = child
        node[parts[-1]] = value
    return out


def expand(lever: Lever, data: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    """Concrete ``(path, item)`` pairs of a lever for this scenario data.

    ``item`` is the group or dwelling-type name the path was fanned out over (None for a
    plain lever). A lever whose ``when`` condition does not hold expands to nothing.
    """
    if lever.when is not None and get_path(data, split(lever.when[0])) != lever.when[1]:
        return []
    if "{group}" in lever.path:
        return [(lever.path.replace("{group}", g), g) for g in (data.get("groups") or {})]
    if "{dwelling}" in lever.path:
        return [(lever.path.replace("{dwelling}", d), d) for d in (data.get("dwelling_types") or {})]
    return [(lever.path, None)]


# ---------------------------------------------------------------- schema look-ups
def _model_of(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The pydantic model an annotation holds, and whether it is a ``dict[str, Model]``."""
    if typing.get_origin(annotation) is dict:
        args = typing.get_args(annotation)
        inner = args[1] if len(args) == 2 else None
        return (inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None), True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


def field_info(path: str) -> FieldInfo | None:
    """The schema field a lever path edits (placeholders allowed), or its nearest parent.

    For a field inside a distribution (``tenancy.lease.value_days``) the distribution
    field itself (``tenancy.lease``) documents it.
    """
    model: type[BaseModel] | None = sim.Scenario
    found: FieldInfo | None = None
    parts = list(split(path))
    i = 0
    while i < len(parts) and model is not None:
        info = model.model_fields.get(parts[i])
        if info is None:
            break
        found = info
        model, keyed = _model_of(info.annotation)
        i += 2 if keyed else 1  # skip the dict key (a group or dwelling name)
    return found


def exists(path: str) -> bool:
    """Whether a lever path names a field of today's schema (levers of future issues don't)."""
    model: type[BaseModel] | None = sim.Scenario
    parts = list(split(path))
    i = 0
    while i < len(parts):
        if model is None:
            return True  # inside a distribution or a plain dict: trust ``when``
        info = model.model_fields.get(parts[i])
        if info is None:
            return False
        model, keyed = _model_of(info.annotation)
        i += 2 if keyed else 1
    return True


def description(path: str) -> str:
    """The schema's description of the field (English)."""
    info = field_info(path)
    return (info.description or "") if info is not None else ""


def source(path: str) -> str:
    """The source of the field's default from the schema (report section or assumption)."""
    info = field_info(path)
    extra = info.json_schema_extra if info is not None else None
    if isinstance(extra, dict):
        return str(extra.get("source", ""))
    return ""


def choices(path: str) -> list[Any]:
    """The allowed values of a ``Literal`` field (e.g. the priority rules, or 3 and 5)."""
    info = field_info(path)
    if info is None or typing.get_origin(info.annotation) is not Literal:
        return []
    return list(typing.get_args(info.annotation))


def levers_in(group: LeverGroup) -> Iterator[Lever]:
    """The levers of a group whose fields exist in the schema."""
    for lever in group.levers:
        if exists(lever.path):
            yield lever


# ---------------------------------------------------------------- widget values
def editable(value: Any, kind: Kind) -> bool:
    """Whether a widget of ``kind`` can show this value (a per-year schedule, a dict or a
    list cannot be edited in a number box; the page points to the YAML file instead)."""
    if kind in ("float", "share", "int"):
        return value is None or (isinstance(value, int | float) and not isinstance(value, bool))
    return not isinstance(value, dict | list)


def to_widget(value: Any, kind: Kind, scale: float = 1.0) -> Any:
    """Convert a value from scenario data (JSON form) to what the widget shows."""
    if scale != 1.0 and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) / scale
    if kind == "date":
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return None
    if kind == "int":
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    if kind in ("float", "share"):
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    if kind == "bool":
        return bool(value)
    return "" if value is None else str(value)


def from_widget(value: Any, kind: Kind, scale: float = 1.0) -> Any:
    """Convert a widget's value back to scenario data (JSON form)."""
    if kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if scale != 1.0 and isinstance(value, int | float) and not isinstance(value, bool):
        return round(float(value) * scale, 6)
    return value


def problems_by_path(problems: list[Any]) -> dict[str, list[Any]]:
    """Group :class:`sim.Problem` objects by their dotted path."""
    out: dict[str, list[Any]] = {}
    for p in problems:
        out.setdefault(p.path, []).append(p)
    return out


def shown_paths(data: Mapping[str, Any]) -> set[str]:
    """Every concrete path the Scenario page shows a widget for."""
    paths: set[str] = set()
    for group in LEVER_GROUPS:
        for lever in levers_in(group):
            paths.update(p for p, _ in expand(lever, data))
    return paths


def generic(path: str, data: Mapping[str, Any] | None = None) -> tuple[str, str | None, str | None]:
    """A concrete path with its group or dwelling-type name put back as a placeholder:
    ``groups.youth.x`` -> ``("groups.{group}.x", "group", "youth")``."""
    parts = split(path)
    if len(parts) > 2 and parts[0] == "groups":
        return join(("groups", "{group}", *parts[2:])), "group", parts[1]
    if len(parts) > 2 and parts[0] == "dwelling_types":
        return join(("dwelling_types", "{dwelling}", *parts[2:])), "dwelling", parts[1]
    return path, None, None


def path_label(path: str, lang: str) -> str:
    """A scenario field by name in ``lang``: the lever's label (or a field's of
    ``param.*``), with the target group or dwelling type after a dash; the path itself only
    when no text names it."""
    from dashboard.i18n import has, t

    pattern, kind, item = generic(path)
    for prefix in ("lever.", "param."):
        if has(prefix + pattern, lang):
            text = t(prefix + pattern, lang)
            if kind and item and has(f"{kind}.{item}", lang):
                text += f" – {t(f'{kind}.{item}', lang)}"
            return text
    return path


def sanitise_name(text: str) -> str:
    """A safe scenario file stem: lower-case ``a-z0-9_``, starting with a letter, <= 40 chars.

    Everything else becomes ``_``; Norwegian letters are spelled out (æ -> ae, ø -> o,
    å -> a). Returns ``""`` when nothing usable is left.
    """
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
    s = text.translate(table).strip().lower()
    s = "".join(c if (c.isascii() and c.isalnum()) else "_" for c in s)
    s = "_".join(part for part in s.split("_") if part)
    s = s.lstrip("0123456789_")
    return s[:40].rstrip("_")
