"""Building blocks of the scenario schema: frozen specs and fields that carry their source."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def F(default: Any = ..., description: str = "", source: str = "", **kw: Any) -> Any:
    """A field with a description and the source of its default (shown in the docs)."""
    extra = {"source": source} if source else None
    return Field(default, description=description, json_schema_extra=extra, **kw)


def Share(default: Any = ..., description: str = "", source: str = "") -> Any:
    """A probability or share in [0, 1]."""
    return F(default, description, source, ge=0.0, le=1.0, allow_inf_nan=False)


def Rate(default: Any = ..., description: str = "", source: str = "") -> Any:
    """A non-negative finite rate."""
    return F(default, description, source, ge=0.0, allow_inf_nan=False)


def Money(default: Any = ..., description: str = "", source: str = "") -> Any:
    """A non-negative finite amount of NOK."""
    return F(default, description, source, ge=0.0, le=1e13, allow_inf_nan=False)


class Spec(BaseModel):
    """Base of every scenario section: immutable, unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)
