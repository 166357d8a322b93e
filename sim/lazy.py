"""Lazy public names for a package (PEP 562), shared by ``sim`` and ``sim.analysis``."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(package: str, where: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports a public name's module (``where[name]``) when the
    name is first asked for, else the submodule of that name, and keeps what it found in the
    package's ``namespace`` so later lookups skip it."""

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            # a submodule (``sim.catalog``), as the eager imports used to make available
            try:
                return importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{package}.{name}":
                    raise
                raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__
