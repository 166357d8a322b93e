"""How the code is built: layers that import one way, components that stand alone.

The import graph of ``sim`` runs one way: leaf utilities -> the scenario schema (specs) ->
entities -> the components (instruments) -> the model -> results -> runners and analyses ->
the command line. These tests read every module's imports (type-only ones included) and
fail on an import that points up the layers, on an import cycle, on a component that
imports another component or the model, and on runtime code that imports pydantic.

``python -m tests.test_architecture`` prints the graph by layer (for the docs).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: layers from the bottom up; a module may import its own layer or lower ones
LAYERS: list[tuple[str, list[str]]] = [
    (
        "utilities",
        [
            "sim.errors",
            "sim.calendar",
            "sim.distributions",
            "sim.rng",
            "sim.version",
            "sim.population",
            "sim.catalog",
            "sim.intervals",
            "sim.limits",
            "sim.native",
            "sim.lazy",
        ],
    ),
    ("schema", ["sim.spec", "sim.spec.*", "sim.budget", "sim.scenario"]),
    (
        "entities",
        [
            "sim.households",
            "sim.dwellings",
            "sim.tenancies",
            "sim.waiting_list",
            "sim.metrics",
            "sim.clock",
            "sim.income",
            "sim.demography",
            "sim.loans",
            "sim.costs",
        ],
    ),
    ("interface", ["sim.core"]),
    (
        "components",
        [
            "sim.follow_up",
            "sim.initial_state",
            "sim.private_rental",
            "sim.rent_to_own",
            "sim.start_loans",
            "sim.stock_plan",
            "sim.tilvisning",
            "sim.staffed_housing",
        ],
    ),
    ("model", ["sim.model"]),
    ("results", ["sim.results", "sim.invariants", "sim.replication"]),
    (
        "runners",
        [
            "sim.backends",
            "sim.runner",
            "sim.compare",
            "sim.loader",
            "sim.calibration",
            "sim.validation",
            "sim.docs",
            "sim.municipality",
            "sim.locks",
            "sim.parts",
            "sim.cache",
        ],
    ),
    ("analyses", ["sim.analysis", "sim.analysis.*", "sim.benchmarks", "sim.benchmarks.*"]),
    ("interfaces", ["sim", "sim.cli", "sim.__main__"]),
]
#: the schema and the entities are plain data that may name each other in annotations (type-only)
MUTUAL_TYPES = {"schema", "entities"}
COMPONENTS = dict(LAYERS)["components"]
#: the modules the running model is made of: they must import no pydantic when they run
RUNTIME = [
    m for name, mods in LAYERS if name in ("entities", "interface", "components", "model") for m in mods
]


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    out = {}
    for p in sorted((ROOT / "sim").rglob("*.py")):
        parts = p.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = p
    return out


def layer_of(module: str) -> int:
    """Index of the layer a module belongs to."""
    for i, (_name, patterns) in enumerate(LAYERS):
        for pat in patterns:
            if module == pat or (pat.endswith(".*") and module.startswith(pat[:-1])):
                return i
    raise AssertionError(f"{module} is in no layer of tests/test_architecture.py: add it to LAYERS")


def imports(mods: dict[str, Path]) -> list[tuple[str, str, bool]]:
    """(importer, imported, type_only) for every import of a ``sim`` module."""
    edges = []
    for name, path in mods.items():
        tree = ast.parse(path.read_text())
        type_only_nodes = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                for sub in node.body:
                    type_only_nodes.update(id(n) for n in ast.walk(sub))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.append(full if full in mods else base)
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            for t in targets:
                if t in mods and t != name:
                    edges.append((name, t, id(node) in type_only_nodes))
    return edges


def test_every_module_has_a_layer() -> None:
    for name in modules():
        layer_of(name)


def test_imports_run_one_way() -> None:
    """No module imports from a layer above its own, not even for an annotation."""
    bad = []
    for a, b, type_only in imports(modules()):
        la, lb = layer_of(a), layer_of(b)
        if lb > la:
            bad.append(
                f"{a} ({LAYERS[la][0]}) imports {b} ({LAYERS[lb][0]}){' for types' if type_only else ''}"
            )
    assert not bad, "imports that point up the layers:\n" + "\n".join(bad)


def test_no_import_cycles() -> None:
    """No cycle in the import graph; only entities may name each other in annotations."""
    mods = modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for a, b, type_only in imports(mods):
        both_entities = LAYERS[layer_of(a)][0] in MUTUAL_TYPES and LAYERS[layer_of(b)][0] in MUTUAL_TYPES
        if not (type_only and both_entities):
            graph[a].add(b)
    seen: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(m: str, path: list[str]) -> None:
        seen[m] = 1
        for n in sorted(graph[m]):
            if seen.get(n) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*path[path.index(n) :], n]))
            if n not in seen:
                visit(n, [*path, n])
        seen[m] = 2

    for m in sorted(graph):
        if m not in seen:
            visit(m, [m])


def test_components_stand_alone() -> None:
    """A component imports neither the model nor another component."""
    bad = [
        f"{a} imports {b}"
        for a, b, _t in imports(modules())
        if a in COMPONENTS and (b in COMPONENTS or b == "sim.model")
    ]
    assert not bad, "\n".join(bad)


def test_model_is_one_class_without_mixins() -> None:
    tree = ast.parse((ROOT / "sim" / "model.py").read_text())
    model = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Model")
    assert len(model.bases) <= 1
    runtime_classes = [
        n.name
        for p in modules().values()
        for n in ast.walk(ast.parse(p.read_text()))
        if isinstance(n, ast.ClassDef) and n.name.endswith("Runtime")
    ]
    assert runtime_classes == []


def test_runtime_code_imports_no_pydantic() -> None:
    """The running model's modules import no pydantic and no scenario spec when they run
    (a fresh interpreter that refuses those imports can load every one of them)."""
    code = f"""
import importlib, sys, types
class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('pydantic', 'pydantic_core') or name == 'sim.scenario' \\
                or name.startswith('sim.spec'):
            raise ImportError('refused ' + name)
        return None
sys.meta_path.insert(0, Refuse())
pkg = types.ModuleType('sim'); pkg.__path__ = [{str(ROOT / "sim")!r}]; sys.modules['sim'] = pkg
for m in {RUNTIME!r}:
    importlib.import_module(m)
print('ok')
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr[-2000:]


@pytest.mark.parametrize("broken", ["up", "cycle", "component"])
def test_the_checks_catch_a_broken_graph(broken: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each rule fails when an import breaks it (the checks are not vacuous)."""
    real = imports(modules())
    extra = {
        "up": ("sim.households", "sim.model", False),
        "cycle": ("sim.calendar", "sim.errors", False),
        "component": ("sim.tilvisning", "sim.start_loans", False),
    }[broken]
    if broken == "cycle":
        real.append(("sim.errors", "sim.calendar", False))
    monkeypatch.setattr(sys.modules[__name__], "imports", lambda _mods: [*real, extra])
    check = {
        "up": test_imports_run_one_way,
        "cycle": test_no_import_cycles,
        "component": test_components_stand_alone,
    }[broken]
    with pytest.raises(AssertionError):
        check()


def render() -> str:
    """The import graph by layer, as text (for docs/MODEL.md and closing notes)."""
    mods = modules()
    deps: dict[str, set[str]] = {m: set() for m in mods}
    for a, b, type_only in imports(mods):
        deps[a].add(b + (" (types)" if type_only else ""))
    lines = []
    for i in range(len(LAYERS) - 1, -1, -1):
        name = LAYERS[i][0]
        lines.append(f"{name}:")
        for m in sorted(x for x in mods if layer_of(x) == i):
            below = sorted(deps[m])
            lines.append(f"  {m:28s} <- {', '.join(d.removeprefix('sim.') for d in below) or '-'}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render())
