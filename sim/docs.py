"""Generate ``docs/SCENARIO.md``, the scenario file reference, from the pydantic schema.

Run ``make docs`` (``boligflyt docs --out docs/SCENARIO.md``) after changing
:mod:`sim.scenario`; a test fails while the committed file differs from
:func:`scenario_markdown`. Every field is documented from the schema itself: its type,
the unit its name carries (``_days``, ``_per_year``, ``_nok``, ``_per_1000``, ``_share``,
``_probability``), its default, its bounds, its description and the source of the
default. The rules that span several fields come from the validators' docstrings.
"""

from __future__ import annotations

import datetime as dt
import inspect
import math
import types
import typing
from dataclasses import dataclass, field
from typing import Any

import annotated_types as at
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from sim.scenario import Scenario, TargetGroup

#: Placeholder shown in paths for the keys of a mapping field, by field name.
PLACEHOLDERS = {
    "groups": "<group>",
    "dwelling_types": "<dwelling_type>",
    "waiting_list": "<group>",
    "temporary_accommodation": "<group>",
    "group_mix": "<group>",
    "by_year": "<year>",
}

INTRO = """\
A scenario is one YAML file describing one policy world: demand by target group, the
municipal stock, the allocation rules and prices, from `start_date` to `end_date`.
`scenarios/baseline.yaml` is the Rælingen baseline; copy it, or start a new file with
`extends: baseline.yaml` and give only what differs. For another municipality,
`boligflyt init` writes a file from its key figures that extends the generic template
`scenarios/templates/municipality.yaml` (see `docs/NEW_MUNICIPALITY.md`).

- `boligflyt validate FILE` checks a file and prints one line per problem,
  `FILE:LINE: dotted.path: what is wrong (got VALUE)`, and exits with code 2 if there is
  any (`(file)` stands for problems with the whole file).
- `--set dotted.path=value` (with `run` or `validate`) overrides any key below, for example
  `--set allocation.meeting_interval_days=7` or `--set population.by_year.2020=19000`.
  The value is read as YAML and validated like the file.
- `boligflyt schema` prints the JSON Schema, for editors' autocompletion.

How the file is read:

- YAML 1.2: `NO` and `yes` are text, not true/false (write `true`/`false`); `0301` is the
  number 301 (quote it to keep a code). Values must have the kind shown under *type*:
  `count: "10"` or `children_share: true` are errors, not converted.
- Units are part of the key: `_days` in days, `_per_year` per year, `_nok` in Norwegian
  kroner, `_per_1000` per 1000 inhabitants, `_share` and `_probability` between 0 and 1.
- Keys not listed here are errors (with a "did you mean" for near misses). Tabs for
  indentation, duplicate keys, tags such as `!!python/object`, aliases that expand to
  more than 200,000 values and files over 1 MB are refused.
- `extends: FILE` (a path relative to this file) starts from another scenario: mappings are
  merged key by key, while lists, single values and distributions (a mapping with `dist:`)
  replace the parent's whole. `extends` may be chained, but not in a cycle.
- Keys with a default may be left out. In paths below, `<group>`, `<dwelling_type>` and
  `<year>` stand for names you choose (lower case letters, digits and `_`), and `<n>` for
  the position of an item in a list, counted from 0.
"""


# ---------------------------------------------------------------- schema walking
def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip ``Annotated`` and ``Optional``; return the type and the metadata found."""
    metadata: list[Any] = []
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            args = typing.get_args(annotation)
            for meta in args[1:]:
                metadata.extend(meta.metadata if isinstance(meta, FieldInfo) else [meta])
            annotation = args[0]
        elif _is_union(annotation) and type(None) in typing.get_args(annotation):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation, metadata


def _placeholder(name: str, origin: Any) -> str:
    """What stands for a key of mapping field ``name`` (or an item of a list) in a path."""
    if origin is list:
        return "<n>"
    if name.endswith("by_year"):
        return "<year>"
    return PLACEHOLDERS.get(name, "<name>")


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _distributions() -> list[type[BaseModel]]:
    """The distribution variants, in the order of the ``Distribution`` union."""
    annotation, _ = _unwrap(TargetGroup.model_fields["reapply_delay"].annotation)
    return [a for a in typing.get_args(annotation) if _is_model(a)]


def _is_distribution(annotation: Any) -> bool:
    annotation, _ = _unwrap(annotation)
    return _is_union(annotation) and all(
        _is_model(a) and "dist" in a.model_fields for a in typing.get_args(annotation)
    )


@dataclass
class _Section:
    model: type[BaseModel]
    paths: list[str] = field(default_factory=list)


def _sections() -> dict[type[BaseModel], _Section]:
    """Every model reachable from :class:`Scenario`, in depth-first order, with its paths."""
    sections: dict[type[BaseModel], _Section] = {}
    dist_paths: list[str] = []

    def visit(model: type[BaseModel], path: str) -> None:
        section = sections.setdefault(model, _Section(model))
        section.paths.append(path)
        for name, info in model.model_fields.items():
            sub = f"{path}.{name}" if path else name
            annotation, _ = _unwrap(info.annotation)
            if _is_distribution(annotation):
                dist_paths.append(sub)
            elif _is_model(annotation):
                visit(annotation, sub)
            elif typing.get_origin(annotation) in (dict, list):
                value, _ = _unwrap(typing.get_args(annotation)[-1])
                key = f"{sub}.{_placeholder(name, typing.get_origin(annotation))}"
                if _is_distribution(value):
                    dist_paths.append(key)
                elif _is_model(value):
                    visit(value, key)

    visit(Scenario, "")
    for variant in _distributions():
        sections[variant] = _Section(variant, list(dist_paths))
    return sections


# ---------------------------------------------------------------- text of one field
def _anchor(model: type[BaseModel]) -> str:
    return model.__name__.lower()


def _type_text(annotation: Any, key: str = "<name>") -> str:
    """Plain words for a type; ``key`` names the keys of a mapping (``<group>``)."""
    annotation, metadata = _unwrap(annotation)
    each = _constraint_text(metadata)
    suffix = f" ({each})" if each else ""
    if _is_distribution(annotation):
        return "[distribution](#distributions)"
    if _is_model(annotation):
        return f"[{annotation.__name__}](#{_anchor(annotation)})"
    if _is_union(annotation):
        return " or ".join(_type_text(a, key) for a in typing.get_args(annotation)) + suffix
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        options = [f"`{a}`" for a in typing.get_args(annotation)]
        return options[0] if len(options) == 1 else "one of " + ", ".join(options)
    if origin is dict:
        key_type, value = typing.get_args(annotation)
        if key_type is int and key == "<name>":
            key = "<year>"  # every mapping keyed by numbers in the schema is by year
        key_text = f"`{key}` ({_type_text(key_type)})"
        return f"mapping of {key_text} → {_type_text(value)}"
    if origin is list:
        return f"list of {_type_text(typing.get_args(annotation)[0])}"
    simple = {
        float: "number",
        int: "whole number",
        bool: "`true` / `false`",
        str: "text",
        dt.date: "date (YYYY-MM-DD)",
    }
    return simple.get(annotation, getattr(annotation, "__name__", str(annotation))) + suffix


def unit_of(name: str) -> str:
    """The unit a field's name carries, for example ``'per 1000 inhabitants per year'``."""
    tokens = name.split("_")
    if "share" in tokens:
        return "share, 0–1"
    if "probability" in tokens or "probabilities" in tokens:
        return "probability, 0–1"
    if name == "by_year":
        return "inhabitants"
    parts = []
    for token, unit in (
        ("nok", "NOK"),
        ("days", "days"),
        ("persons", "persons"),
        ("households", "households"),
    ):
        if token in tokens:
            parts.append(unit)
    per = {"1000": "per 1000 inhabitants", "year": "per year", "night": "per night"}
    for i, token in enumerate(tokens[:-1]):
        if token == "per" and tokens[i + 1] in per:
            parts.append(per[tokens[i + 1]])
    return " ".join(parts) or "—"


def _number(x: Any) -> str:
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:,}".replace(",", " ") if isinstance(x, int) and abs(x) >= 100_000 else str(x)


def _constraint_text(metadata: list[Any], text: bool = False) -> str:
    """Bounds in words; ``text`` says lengths count characters, not entries."""
    parts = []
    lo = next((m for m in metadata if isinstance(m, at.Ge | at.Gt)), None)
    hi = next((m for m in metadata if isinstance(m, at.Le | at.Lt)), None)
    if lo is not None:
        parts.append(f"≥ {_number(lo.ge)}" if isinstance(lo, at.Ge) else f"> {_number(lo.gt)}")
    if hi is not None:
        parts.append(f"≤ {_number(hi.le)}" if isinstance(hi, at.Le) else f"< {_number(hi.lt)}")
    shortest = next((m.min_length for m in metadata if isinstance(m, at.MinLen)), None)
    longest = next((m.max_length for m in metadata if isinstance(m, at.MaxLen)), None)
    noun = "characters" if text else "entries"
    if shortest is not None and longest is not None:
        parts.append(f"{shortest}–{longest} {noun}")
    elif shortest is not None:
        parts.append(f"at least {shortest} {noun if text or shortest != 1 else 'entry'}")
    elif longest is not None:
        parts.append(f"at most {longest} {noun}")
    if any(getattr(m, "allow_inf_nan", True) is False for m in metadata):
        parts.append("finite")
    return ", ".join(parts)


def _yaml_value(value: Any) -> str:
    if isinstance(value, BaseModel):
        value = value.model_dump(warnings=False)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"' if value == "" or not value.replace("_", "").isalnum() else value
    if isinstance(value, float):
        return "inf" if math.isinf(value) else _plain_number(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _plain_number(x: float) -> str:
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)


def _default_text(info: FieldInfo) -> str:
    if info.default is PydanticUndefined and info.default_factory is None:
        return "**required**"
    default = info.get_default(call_default_factory=True)
    text = _yaml_value(default)
    if isinstance(default, BaseModel) and len(text) > 70:
        return "each key's default"
    return f"`{text}`"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _row(name: str, info: FieldInfo) -> str:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    annotation, _ = _unwrap(info.annotation)
    structured = _is_model(annotation) or _is_distribution(annotation)
    description = info.description or ""
    if name == "dist":
        description = "Chooses this distribution."
    cells = [
        f"`{name}`",
        _type_text(info.annotation, _placeholder(name, dict)),
        "—" if structured else unit_of(name),
        _default_text(info),
        _constraint_text(info.metadata, text=annotation is str) or "—",
        description,
        str(extra.get("source", "")) or "—",
    ]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _rules(model: type[BaseModel]) -> list[str]:
    decorators = model.__pydantic_decorators__
    rules = []
    for decorator in [*decorators.field_validators.values(), *decorators.model_validators.values()]:
        doc = inspect.getdoc(decorator.func)
        if doc:
            rules.append(" ".join(doc.replace("``", "`").split()))
    return rules


# ---------------------------------------------------------------- the document
_HEADER = (
    "| key | type | unit | default | bounds | description | source of the default |",
    "|---|---|---|---|---|---|---|",
)


def _section_text(section: _Section, level: str) -> list[str]:
    model = section.model
    lines = [f'<a id="{_anchor(model)}"></a>', ""]
    if "dist" in model.model_fields:
        tag = typing.get_args(model.model_fields["dist"].annotation)[0]
        lines.append(f"{level} `dist: {tag}` — {model.__name__}")
    else:
        title = ", ".join(f"`{p}`" for p in section.paths) if section.paths != [""] else "top level"
        lines.append(f"{level} {title} — {model.__name__}")
    lines += ["", inspect.getdoc(model) or "", "", *_HEADER]
    lines += [_row(name, info) for name, info in model.model_fields.items()]
    rules = _rules(model)
    if rules:
        lines += ["", "Rules checked: " + " ".join(rules)]
    lines.append("")
    return lines


def scenario_markdown() -> str:
    """The scenario file reference (``docs/SCENARIO.md``) as Markdown text."""
    sections = _sections()
    variants = _distributions()
    plain = [s for m, s in sections.items() if m not in variants]
    lines = [
        "# Scenario file reference",
        "",
        "<!-- Generated from sim/scenario.py by `make docs` (boligflyt docs); do not edit. -->",
        "",
        INTRO,
        "## Contents",
        "",
    ]
    for s in plain:
        label = ", ".join(f"`{p}`" for p in s.paths) if s.paths != [""] else "top level"
        lines.append(f"- [{label}](#{_anchor(s.model)}) — {s.model.__name__}")
    lines.append(
        "- [Distributions](#distributions): "
        + ", ".join(
            f"[`{typing.get_args(v.model_fields['dist'].annotation)[0]}`](#{_anchor(v)})" for v in variants
        )
    )
    lines.append("")
    for s in plain:
        lines += _section_text(s, "##")
    dist_paths = sections[variants[0]].paths if variants else []
    lines += [
        '<a id="distributions"></a>',
        "",
        "## Distributions",
        "",
        "Durations are drawn from a distribution chosen by name with `dist:`, written as a",
        "mapping such as `{dist: exponential, mean_days: 30}`. Used by: "
        + ", ".join(f"`{p}`" for p in dist_paths)
        + ".",
        "",
    ]
    for v in variants:
        lines += _section_text(sections[v], "###")
    return "\n".join(lines).rstrip("\n") + "\n"
