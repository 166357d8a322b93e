"""Building blocks of the scenario schema: frozen specs and fields that carry their source.

Every number in a scenario has bounds a municipality could plausibly need, from a village
of a few hundred inhabitants to Oslo, and horizons to 2100 and beyond, and no more
(issue 19): a value outside them is a typing error or an experiment the model was not built
for, and validation, not the run, refuses it. The helpers below carry the common bounds;
``docs/SCENARIO.md`` lists every field's range.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

#: largest amount of NOK per item or per year of one thing (a dwelling's price, a yearly cost
#: line per unit, an income); budgets have their own, larger bound
MAX_NOK = 1e8
#: largest yearly budget (NOK), far above any municipality's start-loan budget
MAX_BUDGET_NOK = 1e11
#: largest rate per 1000 inhabitants per year (applications, outside applicants); the
#: baseline's groups are below 1 per 1000
MAX_PER_1000 = 50.0
#: largest hazard per household per year (about once a week)
MAX_HAZARD_PER_YEAR = 52.0
#: largest yearly interest, discount or growth rate (in absolute value)
MAX_YEARLY_RATE = 0.25
#: smallest interest rate above 0 (0.01 %): a rate of 1e-20 rounds 1 + rate to 1 and leaves
#: the annuity formula dividing by zero
MIN_INTEREST_RATE = 1e-4
#: longest duration in days (100 years)
MAX_DAYS = 36_525.0
#: most inhabitants (above Oslo's 700,000 with room for the 60x benchmark scenario)
MAX_POPULATION = 2_000_000
#: fewest inhabitants (Norway's smallest municipality has about 200)
MIN_POPULATION = 100
#: most dwellings of one type, households of one kind at the start, or units of one project
MAX_COUNT = 100_000


def F(default: Any = ..., description: str = "", source: str = "", **kw: Any) -> Any:
    """A field with a description and the source of its default (shown in the docs)."""
    extra = {"source": source} if source else None
    return Field(default, description=description, json_schema_extra=extra, **kw)


def Share(default: Any = ..., description: str = "", source: str = "") -> Any:
    """A probability or share in [0, 1]."""
    return F(default, description, source, ge=0.0, le=1.0, allow_inf_nan=False)


def Rate(default: Any = ..., description: str = "", source: str = "", le: float = MAX_HAZARD_PER_YEAR) -> Any:
    """A hazard per household per year: 0 to ``le`` (default about once a week)."""
    return F(default, description, source, ge=0.0, le=le, allow_inf_nan=False)


def PerThousand(default: Any = ..., description: str = "", source: str = "") -> Any:
    """A rate per 1000 inhabitants per year: 0 to :data:`MAX_PER_1000`."""
    return F(default, description, source, ge=0.0, le=MAX_PER_1000, allow_inf_nan=False)


def Money(default: Any = ..., description: str = "", source: str = "", le: float = MAX_NOK) -> Any:
    """A non-negative amount of NOK, at most ``le`` (default :data:`MAX_NOK`)."""
    return F(default, description, source, ge=0.0, le=le, allow_inf_nan=False)


def Days(
    default: Any = ..., description: str = "", source: str = "", ge: float = 0.0, le: float = 3650
) -> Any:
    """A number of days from ``ge`` to ``le`` (default 0 to 10 years)."""
    return F(default, description, source, ge=ge, le=le, allow_inf_nan=False)


def YearlyRate(default: Any = ..., description: str = "", source: str = "", signed: bool = False) -> Any:
    """An interest, discount or growth rate per year, at most :data:`MAX_YEARLY_RATE` (negative
    down to minus that too when ``signed``)."""
    lo = -MAX_YEARLY_RATE if signed else 0.0
    return F(default, description, source, ge=lo, le=MAX_YEARLY_RATE, allow_inf_nan=False)


class Spec(BaseModel):
    """Base of every scenario section: immutable, unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def one_line(cls: type, v: str) -> str:
    """A field validator: a name is one line of text, without control characters (a newline or
    an ANSI escape in a name would garble every table and terminal it is printed in)."""
    from sim.errors import printable

    if printable(v) != v:
        raise ValueError("must be one line of text without control characters (such as a newline or ESC)")
    return v


def interest_rates(model: BaseModel, *names: str) -> None:
    """Each interest rate named is 0 or at least :data:`MIN_INTEREST_RATE` (for a model validator)."""
    from sim.errors import FieldValueError

    for name in names:
        rate = getattr(model, name)
        if 0 < rate < MIN_INTEREST_RATE:
            raise FieldValueError(
                f"an interest rate must be 0 or at least {MIN_INTEREST_RATE:g} (0.01 %)", name
            )
