"""Load scenario files: safe YAML 1.2 with line numbers, ``extends:``, ``--set`` overrides.

Every problem is reported as one line ``FILE:LINE: dotted.path: what is wrong (got VALUE)``
so a planner can go straight to the line. Loading never constructs objects from tags.
"""

from __future__ import annotations

import difflib
import math
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from sim.scenario import Scenario

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 200_000
MAX_EXTENDS_DEPTH = 10


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario, with where it is."""

    file: str
    line: int
    path: str
    message: str
    value: Any = None
    has_value: bool = False

    def __str__(self) -> str:
        got = f" (got {_short(self.value)})" if self.has_value else ""
        path = self.path or "(file)"
        return f"{self.file}:{self.line}: {path}: {self.message}{got}"


class ScenarioError(ValueError):
    """A scenario could not be loaded; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _short(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ---------------------------------------------------------------- YAML with locations
Locations = dict[str, tuple[str, int]]


class _Budget:
    def __init__(self) -> None:
        self.left = MAX_NODES


def _to_plain(node: Any, file: str, path: str, locs: Locations, budget: _Budget) -> Any:
    """Convert ruamel's round-trip nodes to plain data, recording each key's line."""
    budget.left -= 1
    if budget.left < 0:
        raise ScenarioError(
            [Problem(file, 1, "", f"document is too large or has too many aliases (> {MAX_NODES} nodes)")]
        )
    tag = getattr(node, "tag", None)
    tag_value = getattr(tag, "value", tag) if tag is not None else None
    if tag_value and isinstance(tag_value, str) and tag_value.startswith("!"):
        line = locs.get(path, (file, 1))[1]
        raise ScenarioError([Problem(file, line, path, f"YAML tags are not allowed ({tag_value})")])
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key, value in node.items():
            if not isinstance(key, str | int | float | bool) or key is None:
                raise ScenarioError([Problem(file, 1, path, "keys must be plain scalars", key, True)])
            sub = f"{path}.{key}" if path else str(key)
            try:
                line = node.lc.key(key)[0] + 1
            except (KeyError, TypeError, AttributeError):
                line = locs.get(path, (file, 1))[1]
            locs[sub] = (file, line)
            out[key] = _to_plain(value, file, sub, locs, budget)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, value in enumerate(node):
            sub = f"{path}.{i}"
            try:
                line = node.lc.item(i)[0] + 1
            except (KeyError, TypeError, AttributeError):
                line = locs.get(path, (file, 1))[1]
            locs[sub] = (file, line)
            items.append(_to_plain(value, file, sub, locs, budget))
        return items
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if hasattr(node, "isoformat"):  # dates and datetimes
        return node
    raise ScenarioError(
        [Problem(file, locs.get(path, (file, 1))[1], path, f"unsupported YAML value of type {type(node).__name__}")]
    )


def _yaml() -> YAML:
    y = YAML(typ="rt", pure=True)
    y.allow_duplicate_keys = False
    return y


def parse_yaml_text(text: str, file: str) -> tuple[dict[str, Any], Locations]:
    """Parse YAML text into plain data and a map from dotted paths to (file, line)."""
    if "\t" in text:
        for i, line in enumerate(text.splitlines(), 1):
            stripped = line.lstrip(" ")
            if stripped.startswith("\t"):
                raise ScenarioError([Problem(file, i, "", "tab used for indentation; use spaces")])
    try:
        doc = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = (exc.problem or exc.context or "invalid YAML").strip()
        if "duplicate key" in str(exc).lower():
            what = "duplicate key " + what.split("duplicate key", 1)[-1].strip(' "') if "duplicate key" in what else "duplicate key"
        raise ScenarioError([Problem(file, line, "", f"malformed YAML: {what}")]) from None
    except YAMLError as exc:
        raise ScenarioError([Problem(file, 1, "", f"malformed YAML: {exc}")]) from None
    if doc is None:
        raise ScenarioError([Problem(file, 1, "", "the file is empty")])
    locs: Locations = {"": (file, 1)}
    data = _to_plain(doc, file, "", locs, _Budget())
    if not isinstance(data, dict):
        raise ScenarioError([Problem(file, 1, "", "a scenario must be a mapping of keys to values")])
    return data, locs


def read_yaml_file(path: Path) -> tuple[dict[str, Any], Locations]:
    """Read and parse one YAML file with size, encoding and syntax checks."""
    file = str(path)
    if not path.exists():
        raise ScenarioError([Problem(file, 0, "", "file not found")])
    if path.is_dir():
        raise ScenarioError([Problem(file, 0, "", "is a directory, not a scenario file")])
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ScenarioError(
            [Problem(file, 0, "", f"file is too large ({size} bytes; the limit is {MAX_FILE_BYTES})")]
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            [Problem(file, line, "", f"file is not UTF-8 text (byte {raw[exc.start]:#x} at offset {exc.start})")]
        ) from None
    return parse_yaml_text(text.lstrip("\ufeff"), file)


# ---------------------------------------------------------------- extends and overrides
def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def _resolve(path: Path, chain: tuple[Path, ...]) -> tuple[dict[str, Any], Locations]:
    data, locs = read_yaml_file(path)
    parent_ref = data.pop("extends", None)
    if parent_ref is None:
        return data, locs
    file, line = locs.get("extends", (str(path), 1))
    if not isinstance(parent_ref, str) or not parent_ref.strip():
        raise ScenarioError([Problem(file, line, "extends", "must be a file name", parent_ref, True)])
    parent = (path.parent / parent_ref).resolve()
    if parent in chain or parent == path.resolve():
        cycle = " -> ".join(p.name for p in (*chain, path.resolve(), parent))
        raise ScenarioError([Problem(file, line, "extends", f"extends cycle: {cycle}", parent_ref, True)])
    if len(chain) >= MAX_EXTENDS_DEPTH:
        raise ScenarioError([Problem(file, line, "extends", f"more than {MAX_EXTENDS_DEPTH} levels of extends")])
    if not parent.exists():
        raise ScenarioError([Problem(file, line, "extends", "parent scenario file not found", parent_ref, True)])
    base, base_locs = _resolve(parent, (*chain, path.resolve()))
    merged_locs = dict(base_locs)
    merged_locs.update(locs)
    return _merge(base, data), merged_locs


def parse_override(text: str) -> tuple[str, Any]:
    """Split ``dotted.path=value``; the value is parsed as YAML (so ``3``, ``true``, ``[1,2]``)."""
    if "=" not in text:
        raise ScenarioError([Problem("--set", 0, text, "expected dotted.path=value")])
    key, raw = text.split("=", 1)
    key = key.strip()
    if not key or any(not part for part in key.split(".")):
        raise ScenarioError([Problem("--set", 0, key, "expected dotted.path=value", text, True)])
    try:
        doc = _yaml().load(raw) if raw.strip() else ""
    except YAMLError:
        doc = raw
    value = _to_plain(doc, "--set", key, {}, _Budget())
    return key, value


def apply_overrides(data: dict, locs: Locations, overrides: Iterable[str]) -> dict:
    """Apply ``--set dotted.path=value`` overrides to loaded data (in place on a copy)."""
    data = _deepcopy(data)
    for text in overrides:
        key, value = parse_override(text)
        parts = key.split(".")
        node: Any = data
        for i, part in enumerate(parts[:-1]):
            part_key: Any = _key_for(node, part)
            if isinstance(node, dict):
                if part_key not in node or not isinstance(node[part_key], dict | list):
                    node[part_key] = {}
                node = node[part_key]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise ScenarioError(
                    [Problem("--set", 0, ".".join(parts[: i + 1]), "cannot descend into a value", text, True)]
                )
        last = _key_for(node, parts[-1])
        if isinstance(node, list):
            if not (parts[-1].isdigit() and int(parts[-1]) < len(node)):
                raise ScenarioError([Problem("--set", 0, key, "list index out of range", text, True)])
            node[int(parts[-1])] = value
        else:
            node[last] = value
        locs[key] = ("--set", 0)
    return data


def _key_for(node: Any, part: str) -> Any:
    # YAML keys like population.by_year.2020 are ints in the loaded data.
    if isinstance(node, dict) and part not in node and part.lstrip("-").isdigit() and int(part) in node:
        return int(part)
    if isinstance(node, dict) and part.lstrip("-").isdigit() and part not in node and node and all(
        isinstance(k, int) for k in node
    ):
        return int(part)
    return part


def _deepcopy(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _deepcopy(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_deepcopy(v) for v in x]
    return x


# ---------------------------------------------------------------- validation
def _lookup(data: Any, loc: tuple) -> tuple[bool, Any]:
    node = data
    for part in loc:
        if isinstance(node, dict):
            if part in node:
                node = node[part]
            elif isinstance(part, str) and part.isdigit() and int(part) in node:
                node = node[int(part)]
            else:
                return False, None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return False, None
    return True, node


def _inner_model(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is dict:
        args = typing.get_args(annotation)
        return _DictOf(args[1]) if len(args) == 2 else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


class _DictOf:
    def __init__(self, value_type: Any):
        self.value_type = value_type


def _owner_model(loc: tuple) -> type[BaseModel] | None:
    model: Any = Scenario
    for part in loc[:-1]:
        if isinstance(model, _DictOf):
            model = _inner_model(model.value_type) if not isinstance(model.value_type, _DictOf) else None
            if model is None:
                return None
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        model = _inner_model(field.annotation)
        if model is None:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


_MESSAGES = {
    "extra_forbidden": "unknown key",
    "missing": "required field is missing",
}


def _error_to_problem(err: Mapping[str, Any], data: Any, locs: Locations, main_file: str) -> Problem:
    # drop discriminator tags ('fixed', 'exponential'...) from union locations
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in _DIST_TAGS and _is_union_tag(err["loc"], p)))
    path = ".".join(str(p) for p in loc)
    message = _MESSAGES.get(err["type"], err["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if err["type"] == "extra_forbidden":
        owner = _owner_model(loc)
        if owner is not None:
            close = difflib.get_close_matches(str(loc[-1]), list(owner.model_fields), n=1, cutoff=0.6)
            if close:
                message += f"; did you mean '{close[0]}'?"
            else:
                message += f"; allowed keys: {', '.join(owner.model_fields)}"
    # find the nearest recorded location
    file, line = main_file, 1
    probe = list(loc)
    while True:
        key = ".".join(str(p) for p in probe)
        if key in locs:
            file, line = locs[key]
            break
        if not probe:
            break
        probe.pop()
    found, value = _lookup(data, loc)
    has_value = found and err["type"] != "missing"
    if isinstance(value, dict | list):
        has_value = has_value and err["type"] not in ("model_type",) and len(str(value)) <= 60
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        message = "must be a finite number" if "finite" in message or "nan" in message.lower() else message
    return Problem(file, line, path, message, value, has_value)


_DIST_TAGS = {"fixed", "exponential", "lognormal", "gamma", "empirical"}


def _is_union_tag(loc: tuple, part: str) -> bool:
    i = loc.index(part)
    return i > 0 and isinstance(loc[i - 1], str)


def validate_data(data: dict[str, Any], locs: Locations, main_file: str) -> Scenario:
    """Validate plain data against the schema; raise :class:`ScenarioError` with every problem."""
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problems = [_error_to_problem(e, data, locs, main_file) for e in exc.errors()]
        # one line per problem, in file order
        problems.sort(key=lambda p: (p.file != main_file, p.file, p.line, p.path))
        unique = list(dict.fromkeys(problems))
        raise ScenarioError(unique) from None


def scenario_from_dict(data: dict[str, Any], file: str = "<dashboard>") -> Scenario:
    """Validate plain data (for example edited in the dashboard) into a :class:`Scenario`.

    Problems name the dotted path; the line is 0 since the data has no file.
    """
    return validate_data(data, {"": (file, 0)}, file)


def load_scenario(path: str | Path, overrides: Iterable[str] = ()) -> Scenario:
    """Load, resolve ``extends:``, apply ``--set`` overrides and validate a scenario file.

    Raises
    ------
    ScenarioError
        With one :class:`Problem` per thing wrong, each naming file, line and field.
    """
    p = Path(path)
    data, locs = _resolve(p, ())
    data = apply_overrides(data, locs, overrides)
    return validate_data(data, locs, str(p))


def load_scenario_text(text: str, file: str = "<upload>", base_dir: str | Path | None = None) -> Scenario:
    """Load a scenario from YAML text (for uploads); ``extends:`` resolves against ``base_dir``."""
    data, locs = parse_yaml_text(text, file)
    parent_ref = data.pop("extends", None)
    if parent_ref is not None:
        if base_dir is None:
            raise ScenarioError([Problem(file, locs.get("extends", (file, 1))[1], "extends", "not allowed here")])
        parent = (Path(base_dir) / str(parent_ref)).resolve()
        if not parent.exists() or Path(base_dir).resolve() not in parent.parents:
            raise ScenarioError(
                [Problem(file, locs.get("extends", (file, 1))[1], "extends", "parent scenario file not found", parent_ref, True)]
            )
        base, base_locs = _resolve(parent, ())
        base_locs.update(locs)
        data, locs = _merge(base, data), base_locs
    return validate_data(data, locs, file)


def scenario_to_yaml(scenario: Scenario) -> str:
    """Serialise a scenario to YAML text that loads back to an equal scenario."""
    import io

    y = YAML(typ="safe", pure=True)
    y.default_flow_style = False
    y.sort_base_mapping_type_on_output = False
    buf = io.StringIO()
    y.dump(scenario.model_dump(mode="json"), buf)
    return buf.getvalue()
