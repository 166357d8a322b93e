"""Load scenario files: safe YAML 1.2 with line numbers, ``extends:``, ``--set`` overrides.

Every problem is reported as one line ``FILE:LINE: dotted.path: what is wrong (got VALUE)``
so a planner can go straight to the line; problems with the whole file use ``(file)`` as
the path. Loading never constructs objects from tags, refuses files over
:data:`MAX_FILE_BYTES` and anything that is not a regular file (a FIFO would block), and
stops documents of more than :data:`MAX_NODES` values, counting every use of an alias (a
"YAML bomb"): the count is kept while the text is parsed, so a huge list or mapping is
refused after reading its first :data:`MAX_NODES` values, not after building it all.

The YAML is read as a node tree (ruamel.yaml's composer, YAML 1.2 core schema: ``NO`` stays
the text ``'NO'``, ``0301`` is the number 301) and turned into plain Python data here, so
that every key and list item keeps its line, and duplicate keys are reported with both
lines.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import math
import os
import re
import stat
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from sim.errors import HIDDEN, FieldValueError, printable
from sim.scenario import Scenario

MAX_FILE_BYTES = 1_000_000
"""Largest scenario file read, in bytes (a scenario is a few kilobytes)."""
MAX_NODES = 10_000
"""Most values a document may hold, counting every use of an alias (the baseline holds 557;
30 groups, five yearly schedules to 2200 and 300 stock-plan lines about 9,000)."""
MAX_DEPTH = 50
"""Deepest nesting of mappings and lists."""
MAX_EXTENDS_DEPTH = 10
"""Longest chain of ``extends:``."""
SCENARIO_SUFFIXES = (".yaml", ".yml")
"""File endings ``extends:`` may name: it reads scenario files, nothing else."""

Locations = dict[str, tuple[str, int]]
"""Dotted path -> (file, line) of the key or list item that gave the value."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario, with where it is.

    ``str(problem)`` is the line shown to the user:
    ``FILE:LINE: dotted.path: what is wrong (got VALUE)``.
    """

    file: str
    line: int
    path: str
    message: str
    value: Any = None
    has_value: bool = False

    def __str__(self) -> str:
        got = f" (got {show_value(self.value)})" if self.has_value else ""
        path = self.path or "(file)"
        message = " ".join(str(self.message).split())
        # a file name, key or value may hold a newline or an ANSI escape: one safe line
        return printable(f"{self.file}:{self.line}: {path}: {message}{got}")


class ScenarioError(ValueError):
    """A scenario could not be loaded; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def show_value(value: Any, limit: int = 60) -> str:
    """Show a value as a planner wrote it in YAML, on one line of at most ``limit`` characters."""
    text = _yamlish(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _yamlish(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{_key_text(k)}: {_yamlish(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_yamlish(v) for v in value) + "]"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return " ".join(str(value).split())


def _key_text(key: Any) -> str:
    return key if isinstance(key, str) and key.isidentifier() else _yamlish(key)


def _path(parts: Iterable[Any]) -> str:
    return ".".join(str(p) for p in parts)


# ---------------------------------------------------------------- YAML -> plain data
_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MAP_TAG = _CORE + "map"
_SEQ_TAG = _CORE + "seq"
_MERGE_TAG = _CORE + "merge"


def _tag(node: Node) -> str:
    tag = node.tag
    return str(getattr(tag, "value", tag) or "")


def _tag_text(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _expanded_size(node: Node, sizes: dict[int, int]) -> int:
    """How many values ``node`` stands for once every alias is expanded.

    Memoised by node, so a "billion laughs" document is measured in the time it takes to
    read it, not the time it would take to expand it.
    """
    key = id(node)
    if key in sizes:
        return sizes[key]
    sizes[key] = 1  # a recursive alias counts once here; the builder reports it
    total = 1
    if isinstance(node, MappingNode):
        total += sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    elif isinstance(node, SequenceNode):
        total += sum(_expanded_size(item, sizes) for item in node.value)
    sizes[key] = min(total, 10 * MAX_NODES)
    return sizes[key]


#: what a value of each YAML core type is called in a message
_KIND_WORDS = {
    "timestamp": "a date",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "null": "nothing (null)",
    "str": "text",
}


class _TooManyNodes(Exception):
    """Raised by :class:`_CountingComposer` once a document passes :data:`MAX_NODES` values."""


class _CountingComposer(Composer):
    """ruamel.yaml's composer, counting nodes (and uses of aliases) as the text is parsed.

    The parser reads the text only as far as the composer asks, so stopping here bounds
    the time to refuse a huge document by :data:`MAX_NODES`, not by the file size.
    """

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooManyNodes
        return super().compose_node(parent, index)


class _Builder:
    """Turn a composed YAML node tree into plain data, recording each key's line."""

    def __init__(self, file: str, yaml: YAML):
        self.file = file
        self.constructor = yaml.constructor
        self.left = MAX_NODES
        self.locs: Locations = {"": (file, 1)}
        self.active: set[int] = set()  # mappings and lists being built (recursive aliases)

    def fail(self, node: Node, path: str, message: str, *value: Any) -> ScenarioError:
        """A one-problem error at ``node``'s line; ``value``, if given, is shown as got."""
        shown = (value[0], True) if value else (None, False)
        return ScenarioError([Problem(self.file, _line(node), path, message, *shown)])

    def build(self, node: Node, path: str, depth: int) -> Any:
        """Plain data for ``node`` at dotted ``path``, nested ``depth`` levels deep."""
        self.left -= 1
        if self.left < 0:
            raise self.too_large()
        if depth > MAX_DEPTH:
            top = path.split(".", 1)[0]  # the whole path would be longer than the line
            raise self.fail(node, top, f"nested more than {MAX_DEPTH} levels deep")
        tag = _tag(node)
        if isinstance(node, MappingNode | SequenceNode):
            if id(node) in self.active:
                raise self.fail(
                    node,
                    path,
                    "an alias refers to the mapping or list that contains it (a recursive alias)",
                )
            if tag != (_MAP_TAG if isinstance(node, MappingNode) else _SEQ_TAG):
                raise self._bad_tag(node, path, tag)
            self.active.add(id(node))
            try:
                if isinstance(node, MappingNode):
                    return self._mapping(node, path, depth)
                return [
                    self._item(item, f"{path}.{i}" if path else str(i), depth)
                    for i, item in enumerate(node.value)
                ]
            finally:
                self.active.discard(id(node))
        if tag not in _SCALAR_TAGS:
            raise self._bad_tag(node, path, tag)
        return self._scalar(node, path)

    def too_large(self) -> ScenarioError:
        """The error for a document that expands to more than :data:`MAX_NODES` values."""
        return _too_large(self.file)

    def _item(self, node: Node, path: str, depth: int) -> Any:
        self.locs[path] = (self.file, _line(node))
        return self.build(node, path, depth + 1)

    def _bad_tag(self, node: Node, path: str, tag: str) -> ScenarioError:
        return self.fail(
            node,
            path,
            f"YAML tags such as {_tag_text(tag)} are not allowed; write plain values",
        )

    def _scalar(self, node: ScalarNode, path: str) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, TypeError, OverflowError, YAMLError):
            what = _KIND_WORDS.get(_tag(node)[len(_CORE) :], "a value")
            raise self.fail(node, path, f"cannot be read as {what}", str(node.value)) from None
        return value

    def _mapping(self, node: MappingNode, path: str, depth: int) -> dict[Any, Any]:
        merged: dict[Any, Any] = {}
        explicit: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if _tag(key_node) == _MERGE_TAG:
                merged.update(self._merge_value(value_node, path, depth))
            else:
                explicit.append((key_node, value_node))
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in explicit:
            key = self._key(key_node, path)
            sub = f"{path}.{key}" if path else str(key)
            line = _line(key_node)
            if key in first_line:
                raise ScenarioError(
                    [
                        Problem(
                            self.file,
                            line,
                            sub,
                            f"duplicate key {key!r}: it is already given on line "
                            f"{first_line[key]}; keep one of them",
                        )
                    ]
                )
            first_line[key] = line
            self.locs[sub] = (self.file, line)
            out[key] = self.build(value_node, sub, depth + 1)
        return {**{k: v for k, v in merged.items() if k not in out}, **out}

    def _merge_value(self, node: Node, path: str, depth: int) -> dict[Any, Any]:
        # '<<: *defaults' or '<<: [*a, *b]' (the first mapping named wins)
        sources = node.value if isinstance(node, SequenceNode) else [node]
        result: dict[Any, Any] = {}
        for source in reversed(sources):
            if not isinstance(source, MappingNode):
                raise self.fail(source, path, "'<<' must name a mapping (an anchor such as *defaults)")
            result.update(self._mapping(source, path, depth + 1))
        return result

    def _key(self, node: Node, path: str) -> Any:
        if not isinstance(node, ScalarNode):
            raise self.fail(node, path, "a key must be a plain name, not a list or mapping")
        tag = _tag(node)
        if tag not in _SCALAR_TAGS:
            raise self._bad_tag(node, path, tag)
        key = self._scalar(node, path)
        if isinstance(key, bool) or not isinstance(key, str | int):
            raise self.fail(node, path, "a key must be a name or a whole number", key)
        if isinstance(key, str) and (not key or any(c.isspace() or c in ".:" for c in key)):
            raise self.fail(node, path, "a key must not be empty or contain spaces, dots or colons", key)
        return key


_SYNTAX_HINTS = (
    (
        "mapping values are not allowed",
        "a ':' where none was expected; check the indentation here and on the line "
        "above, a comment without '#', or a value that needs quotes",
    ),
    (
        "could not find expected ':'",
        "a line is not 'key: value'; check for a missing ':' or an unclosed quote",
    ),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("expected <block end>", "the indentation does not line up"),
    ("did not find expected key", "the indentation does not line up"),
    ("did not find expected node content", "a value is missing or misplaced"),
    ("expected a single document", "the file holds more than one YAML document ('---')"),
    ("cannot start any token", "a character that cannot start a value; put the value in quotes"),
    ("found undefined alias", "an alias (*name) refers to an anchor (&name) not defined before it"),
    ("while scanning a quoted scalar", "a quote is not closed"),
    ("while parsing a flow", "a bracket or brace is not closed"),
    (
        "expected '<document start>'",
        "text that is not 'key: value' or a comment; start comments with '#'",
    ),
    ("expected chomping or indentation", "a '|' or '>' must be followed by a new line"),
    ("expected alphabetic or numeric character", "an anchor (&name) or alias (*name) without a name"),
)


def _too_large(file: str) -> ScenarioError:
    message = (
        f"the document expands to more than {MAX_NODES:,} values; "
        "it has too many aliases (a 'YAML bomb') or is far too large"
    )
    return ScenarioError([Problem(file, 1, "", message)])


def _syntax_problem(exc: MarkedYAMLError, text: str, file: str) -> Problem:
    parser = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
    parser = re.sub(r"\('([^']*)',\)", r"'\1'", parser)  # ruamel shows some tokens as tuples
    mark = exc.problem_mark or exc.context_mark
    if "end of stream" in parser and exc.context_mark is not None:
        mark = exc.context_mark  # an unclosed quote: point at where it opens
    line = mark.line + 1 if mark is not None else 1
    if "expected '<document start>'" in parser:  # stray text before the mapping: show it
        lines = text.splitlines()
        line = next(
            (i for i, ln in enumerate(lines, 1) if ln.strip() and not ln.lstrip().startswith("#")),
            line,
        )
    line = max(1, min(line, len(text.splitlines())))  # errors at the end point past it
    context = " ".join(str(exc.context or "").split())
    hint = next(
        (h for key, h in _SYNTAX_HINTS if key in parser or key in context),
        "the text is not valid YAML",
    )
    return Problem(file, line, "", f"YAML syntax error: {hint} (the parser says: {parser})")


MAX_ITEMS = MAX_NODES
"""Most lines with content plus commas a text may hold (a scenario has a few hundred)."""
MAX_LINE_CHARS = 20_000
"""Longest line (a schedule written on one line to 2200 is a few thousand characters)."""
MAX_CONTENT_CHARS = 300_000
"""Most characters outside comment lines (the baseline has 12,000; the rest of the 1 MB a
file may have is for comments)."""


def _items_problem(text: str, file: str) -> Problem | None:
    """Refuse, before parsing, a text with far more lines and list items than any scenario,
    or a line far longer than any scenario's.

    Lines (comments and blank lines aside), commas and line lengths are counted at C speed;
    the YAML parser spends tens of microseconds on each value and about a microsecond on
    each character of a plain value, so a megabyte of ``[1,1,1,...]``, of keys or of long
    lines of text would otherwise take seconds to refuse. A valid scenario stays far below
    the limits (its longest text, the description, is at most 10,000 characters).
    """
    if len(text) < min(MAX_ITEMS, MAX_LINE_CHARS, MAX_CONTENT_CHARS):
        return None
    commas = text.count(",")
    lines = len(_CONTENT_LINE.findall(text))
    if commas + lines > MAX_ITEMS:
        return Problem(
            file,
            1,
            "",
            f"the text holds {lines:,} {_plural(lines, 'line')} and {commas:,} "
            f"{_plural(commas, 'comma')}; a scenario has a few hundred values (at most "
            f"{MAX_NODES:,} are read)",
        )
    content = 0
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) > MAX_LINE_CHARS:
            return Problem(
                file,
                number,
                "",
                f"the line is {len(line):,} characters long; a scenario's lines are short (at most "
                f"{MAX_LINE_CHARS:,} characters are read)",
            )
        if not line.lstrip().startswith("#"):
            content += len(line)
    if content > MAX_CONTENT_CHARS:
        return Problem(
            file,
            1,
            "",
            f"the text outside comments is {content:,} characters long; a scenario has a few "
            f"thousand (at most {MAX_CONTENT_CHARS:,} are read)",
        )
    return None


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


_CONTENT_LINE = re.compile(r"^[ \t]*[^\s#]", re.M)


def _tab_problem(text: str, file: str) -> Problem | None:
    for i, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        rest = line[len(indent) :]
        if "\t" in indent and rest and not rest.startswith("#"):
            return Problem(file, i, "", "a tab is used for indentation; indent with spaces only")
    return None


def _flow_depth_problem(text: str, file: str) -> Problem | None:
    """Catch ``[[[[...`` before the parser, which slows down badly on deep flow nesting.

    A rough count of brackets outside quotes and comments; it only has to be right for
    documents nested far deeper than any scenario.
    """
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        quote = ""
        previous = " "
        for char in line:
            if quote:
                if char == quote:
                    quote = ""
            elif char in "'\"" and previous in " \t[{,:":
                quote = char
            elif char == "#" and previous in " \t":
                break
            elif char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return Problem(file, number, "", f"nested more than {MAX_DEPTH} levels deep")
            elif char in "]}":
                depth = max(0, depth - 1)
            previous = char
    return None


def parse_yaml_text(text: str, file: str) -> tuple[dict[str, Any], Locations]:
    """Parse YAML text into plain data and a map from dotted paths to ``(file, line)``.

    Raises
    ------
    ScenarioError
        If the text is not a YAML mapping, uses tags, tabs for indentation or duplicate
        keys, or expands beyond :data:`MAX_NODES` values.
    """
    if len(text) > MAX_FILE_BYTES:
        raise ScenarioError(
            [
                Problem(
                    file,
                    1,
                    "",
                    f"the text is too large ({len(text):,} characters; the limit is {MAX_FILE_BYTES:,})",
                )
            ]
        )
    for check in (_items_problem, _tab_problem, _flow_depth_problem):
        problem = check(text, file)
        if problem is not None:
            raise ScenarioError([problem])
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _CountingComposer
    try:
        node = yaml.compose(text)
    except _TooManyNodes:
        raise _too_large(file) from None
    except MarkedYAMLError as exc:
        raise ScenarioError([_syntax_problem(exc, text, file)]) from None
    except ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
        raise ScenarioError(
            [
                Problem(
                    file,
                    line,
                    "",
                    f"the file contains a control character ({code:#04x}) that YAML does not allow",
                )
            ]
        ) from None
    except YAMLError as exc:
        raise ScenarioError([Problem(file, 1, "", f"YAML syntax error: {exc}")]) from None
    except RecursionError:
        raise ScenarioError([Problem(file, 1, "", f"nested more than {MAX_DEPTH} levels deep")]) from None
    if node is None:
        raise ScenarioError(
            [
                Problem(
                    file,
                    1,
                    "",
                    "the file is empty; a scenario needs at least name, groups and dwelling_types",
                )
            ]
        )
    builder = _Builder(file, yaml)
    try:
        if _expanded_size(node, {}) > MAX_NODES:
            raise builder.too_large()  # before expanding anything
        data = builder.build(node, "", 0)
    except RecursionError:
        raise ScenarioError(
            [Problem(file, _line(node), "", f"nested more than {MAX_DEPTH} levels deep")]
        ) from None
    if not isinstance(data, dict):
        # the value is not shown: this may be some other file than a scenario (extends:
        # names a file), and its first line should not end up in a message
        kind = "a list" if isinstance(data, list) else "a single value"
        raise ScenarioError(
            [Problem(file, _line(node), "", f"a scenario must be a mapping of keys to values, not {kind}")]
        )
    return data, builder.locs


def read_yaml_file(path: str | Path) -> tuple[dict[str, Any], Locations]:
    """Read and parse one YAML file with size, encoding and syntax checks."""
    path = Path(path)
    file = str(path)
    try:
        if not path.exists():
            raise ScenarioError([Problem(file, 0, "", "file not found")])
        if path.is_dir():
            raise ScenarioError([Problem(file, 0, "", "is a folder, not a scenario file")])
        _regular_file(path, file, path.stat())
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError(
                [
                    Problem(
                        file,
                        0,
                        "",
                        f"the file is too large ({size:,} bytes; the limit is "
                        f"{MAX_FILE_BYTES:,}); a scenario is a few kilobytes",
                    )
                ]
            )
        # not blocking: a FIFO put in the file's place since the check must not hang the read
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            _regular_file(path, file, os.fstat(fh.fileno()))
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ScenarioError([Problem(file, 0, "", f"cannot read the file ({exc.strerror})")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError([Problem(file, 0, "", f"the file is too large (over {MAX_FILE_BYTES:,} bytes)")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ScenarioError([Problem(file, 1, "", "the file is UTF-16 text; save it as UTF-8")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            [
                Problem(
                    file,
                    line,
                    "",
                    f"the file is not UTF-8 text (byte {raw[exc.start]:#04x} at "
                    f"offset {exc.start}); save it as UTF-8",
                )
            ]
        ) from None
    return parse_yaml_text(text.removeprefix("\ufeff"), file)


def _regular_file(path: Path, file: str, st: os.stat_result) -> None:
    """Refuse anything but a regular file: reading a FIFO or a device would block or never end."""
    if not stat.S_ISREG(st.st_mode):
        fifo = stat.S_ISFIFO(st.st_mode)
        kind = "a FIFO (named pipe)" if fifo else "a device, socket or other special file"
        raise ScenarioError([Problem(file, 0, "", f"is {kind}, not a scenario file")])


# ---------------------------------------------------------------- extends and overrides
def _merge(base: dict, over: dict, locs: Locations, prefix: str = "") -> dict:
    """Deep-merge ``over`` into ``base``; a distribution (a mapping with ``dist``) or any
    non-mapping value replaces the parent's value whole. Stale locations are dropped."""
    out = dict(base)
    for k, v in over.items():
        sub = f"{prefix}.{k}" if prefix else str(k)
        old = out.get(k)
        if isinstance(v, dict) and isinstance(old, dict) and "dist" not in v:
            out[k] = _merge(old, v, locs, sub)
        else:
            _forget(locs, sub)
            out[k] = v
    return out


def _forget(locs: Locations, prefix: str) -> None:
    for key in [k for k in locs if k.startswith(prefix + ".")]:
        del locs[key]


def _resolve(
    path: Path, chain: tuple[Path, ...], root: Path | None = None
) -> tuple[dict[str, Any], Locations]:
    """Read ``path`` and the files it ``extends:``; with ``root``, every file of the chain
    must lie inside that folder (an upload may build on the scenarios folder, nothing else)."""
    data, locs = read_yaml_file(path)
    if "extends" not in data:
        return data, locs
    parent_ref = data.pop("extends")
    file, line = locs.get("extends", (str(path), 1))
    if not isinstance(parent_ref, str) or not parent_ref.strip():
        raise ScenarioError(
            [
                Problem(
                    file,
                    line,
                    "extends",
                    "must be the file name of another scenario",
                    parent_ref,
                    True,
                )
            ]
        )
    me = path.resolve()
    parent = (path.parent / parent_ref).resolve()
    _check_parent(parent, parent_ref, file, line, root)
    if parent == me or parent in chain:
        cycle = " -> ".join(p.name for p in (*chain, me, parent))
        raise ScenarioError(
            [
                Problem(
                    file,
                    line,
                    "extends",
                    f"the files extend each other in a cycle ({cycle})",
                    parent_ref,
                    True,
                )
            ]
        )
    if len(chain) >= MAX_EXTENDS_DEPTH:
        raise ScenarioError(
            [Problem(file, line, "extends", f"more than {MAX_EXTENDS_DEPTH} levels of extends")]
        )
    if not parent.is_file():
        raise ScenarioError(
            [
                Problem(
                    file,
                    line,
                    "extends",
                    f"parent scenario file not found (looked for {parent})",
                    parent_ref,
                    True,
                )
            ]
        )
    base, merged_locs = _resolve(parent, (*chain, me), root)
    merged = _merge(base, data, merged_locs)
    merged_locs.update(locs)
    return merged, merged_locs


def _check_parent(parent: Path, parent_ref: Any, file: str, line: int, root: Path | None) -> None:
    """``extends:`` reads scenario files only: a name ending in .yaml or .yml, and, with
    ``root``, inside that folder (so no other file's content can reach a message)."""
    if parent.suffix.lower() not in SCENARIO_SUFFIXES:
        raise ScenarioError(
            [
                Problem(
                    file,
                    line,
                    "extends",
                    "must name a scenario file ending in .yaml or .yml",
                    parent_ref,
                    True,
                )
            ]
        )
    if root is not None and root not in parent.parents:
        raise ScenarioError(
            [
                Problem(
                    file,
                    line,
                    "extends",
                    "must name a scenario file in the scenarios folder",
                    parent_ref,
                    True,
                )
            ]
        )


def parse_override(text: str) -> tuple[str, Any]:
    """Split ``dotted.path=value``; the value is read as YAML (so ``3``, ``true``, ``[1, 2]``)."""
    if "=" not in text:
        raise ScenarioError([Problem("--set", 0, text.strip() or "(empty)", "expected dotted.path=value")])
    key, raw = text.split("=", 1)
    key = key.strip()
    if not key or any(not part or part != part.strip() for part in key.split(".")):
        raise ScenarioError(
            [
                Problem(
                    "--set",
                    0,
                    key.replace(" ", "") or "(empty)",
                    "expected dotted.path=value",
                    text,
                    True,
                )
            ]
        )
    if not raw.strip() or "\n" in raw:
        return key, raw
    try:
        value = parse_yaml_text(f"v: {raw}", "--set")[0]["v"]
    except ScenarioError as exc:
        if any(p.message.startswith(("YAML tags", "the document expands")) for p in exc.problems):
            raise ScenarioError(
                [Problem("--set", 0, key, p.message, raw, True) for p in exc.problems]
            ) from None
        value = raw  # not YAML: take the text as it is
    return key, value


def apply_overrides(data: dict, locs: Locations, overrides: Iterable[str]) -> dict:
    """Apply ``--set dotted.path=value`` overrides to a copy of ``data``.

    ``locs`` is updated in place: overridden paths point at ``--set:0``. Unknown keys are
    left for validation to report (with a "did you mean").
    """
    data = _deepcopy(data)
    for text in overrides:
        key, value = parse_override(text)
        parts = key.split(".")
        node: Any = data
        for i, part in enumerate(parts[:-1]):
            here = _path(parts[: i + 1])
            if isinstance(node, dict):
                part_key = _key_for(node, part)
                if not isinstance(node.get(part_key), dict | list):
                    node[part_key] = {}
                    _forget(locs, here)
                    locs[here] = ("--set", 0)
                node = node[part_key]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise ScenarioError([Problem("--set", 0, here, "there is no such list item", text, True)])
        if isinstance(node, list):
            if not (parts[-1].isdigit() and int(parts[-1]) < len(node)):
                raise ScenarioError(
                    [
                        Problem(
                            "--set",
                            0,
                            key,
                            f"there is no such list item (the list has {len(node)} items, numbered from 0)",
                            text,
                            True,
                        )
                    ]
                )
            node[int(parts[-1])] = value
        else:
            node[_key_for(node, parts[-1])] = value
        _forget(locs, key)
        locs[key] = ("--set", 0)
    return data


def _key_for(node: dict, part: str) -> Any:
    """The key ``part`` names: YAML keys such as ``population.by_year.2020`` are numbers."""
    if part in node or not part.lstrip("-").isdigit():
        return part
    number = int(part)
    if number in node or (node and all(isinstance(k, int) for k in node)):
        return number
    return part


def _deepcopy(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _deepcopy(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_deepcopy(v) for v in x]
    return x


# ---------------------------------------------------------------- schema walking
def _unwrap(annotation: Any) -> tuple[Any, str | None]:
    """Strip ``Annotated`` and ``Optional``; return the type and any union discriminator."""
    discriminator = None
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            args = typing.get_args(annotation)
            for meta in args[1:]:
                if isinstance(meta, FieldInfo) and isinstance(meta.discriminator, str):
                    discriminator = meta.discriminator
            annotation = args[0]
            continue
        if _is_union(annotation):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) == 1:
                annotation = args[0]
                continue
        return annotation, discriminator


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _variants(annotation: Any, discriminator: str | None) -> dict[str, type[BaseModel]]:
    """Tag -> model for a discriminated union of models, else an empty mapping."""
    if not _is_union(annotation):
        return {}
    out: dict[str, type[BaseModel]] = {}
    for arg in typing.get_args(annotation):
        arg, _ = _unwrap(arg)
        field = arg.model_fields.get(discriminator or "dist") if _is_model(arg) else None
        if field is not None:
            for tag in typing.get_args(field.annotation):
                out[str(tag)] = arg
    return out


@dataclass
class _Where:
    """Where a pydantic error location leads in the schema."""

    path: list[Any]  # the location without union tags and '[key]' markers
    owner: type[BaseModel] | None  # the model whose field is the last part, if any
    annotation: Any  # the type expected at the location
    variants: dict[str, type[BaseModel]]  # distribution variants expected at the location
    is_key: bool  # the error is about a mapping's key, not its value
    # for a value that may be of several kinds (``float | dict[int, float]``): the path of
    # that value and the kind of the alternative this error is about
    union_path: list[Any] | None = None
    union_kind: str | None = None


def _kind(annotation: Any) -> str:
    """``mapping``, ``list`` or ``scalar``: the shape a value of this type has in YAML."""
    annotation, _ = _unwrap(annotation)
    if _is_model(annotation) or typing.get_origin(annotation) is dict:
        return "mapping"
    if typing.get_origin(annotation) is list:
        return "list"
    return "scalar"


def _member(annotation: Any, label: str) -> Any | None:
    """The member of a plain union that pydantic names ``label`` in an error location."""
    for arg in typing.get_args(annotation):
        bare, _ = _unwrap(arg)
        origin = typing.get_origin(bare)
        name = getattr(origin or bare, "__name__", str(bare))
        if label == name or label.startswith(f"{name}[") or label.endswith(f"-{name}"):
            return arg
    return None


def _walk(loc: tuple[Any, ...]) -> _Where:
    annotation: Any = Scenario
    discriminator: str | None = None
    path: list[Any] = []
    owner: type[BaseModel] | None = None
    is_key = False
    union_path: list[Any] | None = None
    union_kind: str | None = None
    for part in loc:
        if part == "[key]":
            is_key = True
            continue
        annotation, disc = _unwrap(annotation)
        discriminator = disc or discriminator
        variants = _variants(annotation, discriminator)
        if variants and str(part) in variants:
            annotation, discriminator = variants[str(part)], None
            continue
        if not variants and _is_union(annotation) and union_path is None:
            # pydantic names the alternative it tried: 'float', 'dict[int,float]'
            member = _member(annotation, str(part))
            union_path, union_kind = list(path), _kind(member) if member is not None else None
            annotation = member
            continue
        path.append(part)
        owner = None
        if _is_model(annotation):
            owner = annotation
            field = annotation.model_fields.get(str(part))
            annotation = field.annotation if field is not None else None
            discriminator = field.discriminator if field is not None else None
            if not isinstance(discriminator, str):
                discriminator = None
        elif typing.get_origin(annotation) is dict:
            annotation = typing.get_args(annotation)[1]
            discriminator = None
        elif typing.get_origin(annotation) is list:
            annotation = typing.get_args(annotation)[0]
            discriminator = None
        else:
            annotation = None
    annotation, disc = _unwrap(annotation)
    discriminator = disc or discriminator
    variants = _variants(annotation, discriminator)
    return _Where(path, owner, annotation, variants, is_key, union_path, union_kind)


# ---------------------------------------------------------------- validation errors
_TYPE_WORDS = {
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "int_parsing_size": "is too large a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be text (put it in quotes)",
    "date_type": "must be a date written as YYYY-MM-DD",
    "date_parsing": "must be a date written as YYYY-MM-DD",
    "date_from_datetime_parsing": "must be a date written as YYYY-MM-DD",
    "date_from_datetime_inexact": "must be a date written as YYYY-MM-DD, without a time",
    "dict_type": "must be a mapping of keys to values (an indented block or {key: value})",
    "model_type": "must be a mapping of keys to values (an indented block or {key: value})",
    "model_attributes_type": "must be a mapping of keys to values (an indented block or {key: value})",
    "list_type": "must be a list, such as [1, 2, 3]",
    "finite_number": "must be a finite number, not .nan or .inf",
    "missing": "this required key is missing",
    "string_unicode": "must be text",
}


def _number(x: Any) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _share_like(path: list[Any]) -> bool:
    names = [p for p in path if isinstance(p, str)]
    last = names[-1] if names else ""
    return last.endswith(("_share", "_probability")) or "probabilit" in last


def _message(err: Mapping[str, Any], where: _Where, value: Any, found: bool) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind in ("extra_forbidden", "invalid_key"):
        allowed = list(where.owner.model_fields) if where.owner is not None else []
        close = difflib.get_close_matches(str(where.path[-1]), allowed, n=1, cutoff=0.6)
        if close:
            return f"unknown key; did you mean '{close[0]}'?"
        if allowed:
            return f"unknown key; the keys allowed here are: {', '.join(allowed)}"
        return "unknown key"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if _share_like(where.path) and ("ge" in ctx or "le" in ctx):
            text = "must be between 0 and 1"
            if isinstance(value, int | float) and 5 <= value <= 100:
                text += f" (write {_number(value)} % as {_number(value / 100)})"
            return text
        if kind == "greater_than_equal":
            return "must not be negative" if ctx.get("ge") == 0 else f"must be at least {_number(ctx['ge'])}"
        if kind == "greater_than":
            return f"must be greater than {_number(ctx['gt'])}"
        if kind == "less_than_equal":
            return f"must be at most {_number(ctx['le'])}"
        return f"must be less than {_number(ctx['lt'])}"
    if kind == "literal_error":
        options = [str(a) for a in typing.get_args(where.annotation)]
        if not options:  # a mapping's key: pydantic names the allowed ones ("'a', 'b' or 'c'")
            options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        text = f"must be one of {', '.join(options)}" if options else "is not one of the values allowed here"
        probe = str(where.path[-1]) if where.is_key and where.path else str(value)
        close = difflib.get_close_matches(probe, options, n=1, cutoff=0.6) if found or where.is_key else []
        return text + (f"; did you mean '{close[0]}'?" if close else "")
    if kind == "union_tag_invalid":
        options = list(where.variants) or [
            str(t).strip("'") for t in str(ctx.get("expected_tags", "")).split(", ")
        ]
        close = difflib.get_close_matches(str(ctx.get("tag", "")), options, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"choose one of {', '.join(options)}"
        return f"unknown distribution; {hint}"
    if kind == "union_tag_not_found":
        options = ", ".join(where.variants) or "fixed, exponential, lognormal, gamma, empirical"
        return f"needs 'dist:' naming the distribution ({options})"
    if kind in ("too_short", "too_long"):
        if kind == "too_short":
            n = ctx.get("min_length", 1)
            return f"needs at least {n} {'entry' if n == 1 else 'entries'}"
        return f"may have at most {ctx.get('max_length')} entries"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"may be at most {ctx.get('max_length')} characters long"
    if kind == "value_error":
        error = ctx.get("error")
        return str(error) if error is not None else err["msg"].removeprefix("Value error, ")
    if kind in ("model_type", "model_attributes_type", "union_tag_not_found") and where.variants:
        return "must be a distribution such as {dist: fixed, value_days: 30}"
    if kind.startswith("date") and isinstance(value, dt.datetime):
        return "must be a date written as YYYY-MM-DD, without a time"
    text = _TYPE_WORDS.get(kind, err["msg"])
    return f"key {text}" if where.is_key else text


def _lookup(data: Any, loc: Iterable[Any]) -> tuple[bool, Any]:
    node = data
    for part in loc:
        if isinstance(node, dict):
            if part in node:
                node = node[part]
            elif isinstance(part, str) and part.lstrip("-").isdigit() and int(part) in node:
                node = node[int(part)]
            elif isinstance(part, int) and str(part) in node:
                node = node[str(part)]
            else:
                return False, None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return False, None
    return True, node


def _locate(path: list[Any], locs: Locations, main_file: str) -> tuple[str, int]:
    probe = list(path)
    while True:
        key = _path(probe)
        if key in locs:
            return locs[key]
        if not probe:
            return main_file, 1
        probe.pop()


def _shape(value: Any) -> str:
    return "mapping" if isinstance(value, dict) else "list" if isinstance(value, list) else "scalar"


def _error_to_problem(err: Mapping[str, Any], data: Any, locs: Locations, main_file: str) -> Problem | None:
    """The problem for one pydantic error, or None if another error says it better."""
    where = _walk(tuple(err["loc"]))
    if where.union_path is not None and where.union_kind is not None:
        # "one number, or a schedule by year": report only the alternative the file chose
        found, given = _lookup(data, where.union_path)
        annotation = _walk(tuple(where.union_path)).annotation
        kinds = {_kind(a) for a in typing.get_args(_unwrap(annotation)[0])}
        if found and _shape(given) in kinds and _shape(given) != where.union_kind:
            return None
    path = list(where.path)
    ctx = err.get("ctx") or {}
    error = ctx.get("error")
    explicit: tuple[bool, Any] | None = None
    if isinstance(error, FieldValueError):
        path.extend(error.path)
        if error.has_value:
            explicit = (error.value is not HIDDEN, None if error.value is HIDDEN else error.value)
    if err["type"] == "union_tag_invalid":
        found_dist, _ = _lookup(data, [*path, "dist"])
        if found_dist:
            path.append("dist")
    found, value = _lookup(data, path)
    if explicit is not None:
        found, value = explicit
    message = _message(err, where, value, found)
    has_value = found and err["type"] != "missing"
    if has_value and isinstance(value, dict | list) and err["type"] in _TYPE_WORDS:
        # "must be a number (got {a: 1})" helps; a long mapping does not
        has_value = len(show_value(value, 1000)) <= 60
    if where.is_key and path:
        has_value, value = True, path[-1]
    file, line = _locate(path, locs, main_file)
    return Problem(file, line, _path(path), message, value, has_value)


def validate_data(data: dict[str, Any], locs: Locations, main_file: str, *, strict: bool = True) -> Scenario:
    """Validate plain data against the schema; raise :class:`ScenarioError` with every problem.

    With ``strict`` (the default, for YAML files) a value of the wrong kind is an error even
    if it could be converted: ``count: "10"``, ``youth: "yes"`` or ``children_share: true``.
    """
    try:
        return Scenario.model_validate(data, strict=strict)
    except ValidationError as exc:
        converted = (_error_to_problem(e, data, locs, main_file) for e in exc.errors())
        problems = [p for p in converted if p is not None]
        # one line per problem, in file order, the main file first
        problems.sort(key=lambda p: (p.file != main_file, p.file, p.line, p.path))
        unique = list({str(p): p for p in problems}.values())
        raise ScenarioError(unique) from None


def scenario_from_dict(data: dict[str, Any], file: str = "<dashboard>") -> Scenario:
    """Validate plain data (for example edited in the dashboard) into a :class:`Scenario`.

    Values are converted where that is unambiguous (``"2020-01-01"`` to a date, JSON's
    string keys to years). Problems name the dotted path; the line is 0 since the data has
    no file.
    """
    return validate_data(data, {"": (file, 0)}, file, strict=False)


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
    """Load a scenario from YAML text (an upload); ``extends:`` resolves inside ``base_dir``."""
    data, locs = parse_yaml_text(text, file)
    if "extends" in data:
        parent_ref = data.pop("extends")
        line = locs.get("extends", (file, 1))[1]
        if base_dir is None:
            raise ScenarioError([Problem(file, line, "extends", "is not allowed here")])
        base_dir = Path(base_dir).resolve()
        parent = (base_dir / str(parent_ref)).resolve()
        if base_dir not in parent.parents or not parent.is_file():
            raise ScenarioError(
                [Problem(file, line, "extends", "parent scenario file not found", parent_ref, True)]
            )
        _check_parent(parent, parent_ref, file, line, base_dir)
        base, base_locs = _resolve(parent, (), base_dir)
        data = _merge(base, data, base_locs)
        base_locs.update(locs)
        locs = base_locs
    return validate_data(data, locs, file)


def scenario_to_yaml(scenario: Scenario) -> str:
    """Serialise a scenario to YAML text that loads back to an equal scenario."""
    y = YAML(typ="safe", pure=True)
    y.default_flow_style = False
    y.sort_base_mapping_type_on_output = False
    buf = io.StringIO()
    y.dump(scenario.model_dump(mode="python"), buf)
    return buf.getvalue()
