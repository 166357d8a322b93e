"""Duration distributions chosen by name in the scenario file.

Every duration is drawn by inversion from one uniform number, so that a household's
pre-drawn "fate" uniforms map to the same quantile in every scenario (common random
numbers stay strong when a distribution's parameters change).
"""

from __future__ import annotations

import bisect
import math
from statistics import NormalDist
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sim.errors import FieldValueError

_STD_NORMAL = NormalDist()


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fixed(_Dist):
    """Always the same duration."""

    dist: Literal["fixed"] = "fixed"
    value_days: float = Field(ge=0, allow_inf_nan=False, description="Duration in days.")

    def mean(self) -> float:
        return self.value_days

    def sampler(self):
        v = self.value_days
        return lambda u: v


class Exponential(_Dist):
    """Memoryless duration with the given mean."""

    dist: Literal["exponential"] = "exponential"
    mean_days: float = Field(gt=0, allow_inf_nan=False, description="Mean duration in days.")

    def mean(self) -> float:
        return self.mean_days

    def sampler(self):
        m = self.mean_days
        log = math.log
        return lambda u: -m * log(1.0 - u)


class LogNormal(_Dist):
    """Right-skewed duration given by its mean and standard deviation (in days)."""

    dist: Literal["lognormal"] = "lognormal"
    mean_days: float = Field(gt=0, allow_inf_nan=False, description="Mean in days.")
    sd_days: float = Field(gt=0, allow_inf_nan=False, description="Standard deviation in days.")

    def mean(self) -> float:
        return self.mean_days

    def sampler(self):
        s2 = math.log(1.0 + (self.sd_days / self.mean_days) ** 2)
        mu = math.log(self.mean_days) - s2 / 2.0
        s = math.sqrt(s2)
        inv = _STD_NORMAL.inv_cdf
        exp = math.exp

        def draw(u: float) -> float:
            u = min(max(u, 1e-12), 1.0 - 1e-12)
            return exp(mu + s * inv(u))

        return draw


class Gamma(_Dist):
    """Gamma duration given by its mean and standard deviation (in days)."""

    dist: Literal["gamma"] = "gamma"
    mean_days: float = Field(gt=0, allow_inf_nan=False, description="Mean in days.")
    sd_days: float = Field(gt=0, allow_inf_nan=False, description="Standard deviation in days.")

    def mean(self) -> float:
        return self.mean_days

    def sampler(self):
        from scipy.special import gammaincinv

        shape = (self.mean_days / self.sd_days) ** 2
        scale = self.sd_days**2 / self.mean_days

        def draw(u: float) -> float:
            return float(gammaincinv(shape, u)) * scale

        return draw


class Empirical(_Dist):
    """Discrete table of durations with their probabilities (a planner's own data)."""

    dist: Literal["empirical"] = "empirical"
    values_days: list[Annotated[float, Field(ge=0, allow_inf_nan=False)]] = Field(
        min_length=1, description="Possible durations in days."
    )
    probabilities: list[Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]] = Field(
        min_length=1, description="Probability of each duration; must sum to 1."
    )

    @model_validator(mode="after")
    def _check(self) -> Empirical:
        """One probability per value; probabilities sum to 1."""
        if len(self.values_days) != len(self.probabilities):
            raise FieldValueError(
                f"needs one probability per value ({len(self.values_days)} values_days, "
                f"{len(self.probabilities)} probabilities)",
                "probabilities",
            )
        if abs(sum(self.probabilities) - 1.0) > 1e-6:
            raise FieldValueError(
                f"probabilities must sum to 1 (they sum to {sum(self.probabilities):g})",
                "probabilities",
            )
        return self

    def mean(self) -> float:
        return sum(v * p for v, p in zip(self.values_days, self.probabilities, strict=True))

    def sampler(self):
        return discrete_sampler(self.values_days, self.probabilities)


Distribution = Annotated[Fixed | Exponential | LogNormal | Gamma | Empirical, Field(discriminator="dist")]


def discrete_sampler(values: list, probabilities: list[float]):
    """Inverse-CDF sampler of a discrete table: ``u`` in [0, 1) -> one of ``values``."""
    cum: list[float] = []
    acc = 0.0
    for p in probabilities:
        acc += p
        cum.append(acc)
    cum[-1] = 1.0 + 1e-12
    vals = list(values)
    right = bisect.bisect_right

    def draw(u: float):
        return vals[right(cum, u)]

    return draw


def exponential_time(rate_per_day: float, u: float) -> float:
    """Time to an event of a constant hazard by inversion; ``inf`` when the rate is 0."""
    if rate_per_day <= 0.0:
        return math.inf
    return -math.log(1.0 - u) / rate_per_day
