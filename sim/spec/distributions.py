"""Duration distributions chosen by name in the scenario file (the schema).

Every duration is drawn by inversion from one uniform number, so that a household's
pre-drawn "fate" uniforms map to the same quantile in every scenario (common random
numbers stay strong when a distribution's parameters change). The draws themselves are
in :mod:`sim.distributions`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sim.distributions import (
    ResidualSampler,
    Sampler,
    discrete_residual,
    discrete_sampler,
    exponential_residual,
    exponential_sampler,
    fixed_residual,
    fixed_sampler,
    gamma_residual,
    gamma_sampler,
    lognormal_residual,
    lognormal_sampler,
)
from sim.errors import FieldValueError


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fixed(_Dist):
    """Always the same duration."""

    dist: Literal["fixed"] = "fixed"
    value_days: float = Field(ge=0, allow_inf_nan=False, description="Duration in days.")

    def mean(self) -> float:
        """Mean duration in days."""
        return self.value_days

    def sampler(self) -> Sampler:
        return fixed_sampler(self.value_days)

    def residual_sampler(self) -> ResidualSampler:
        return fixed_residual(self.value_days)


class Exponential(_Dist):
    """Memoryless duration with the given mean."""

    dist: Literal["exponential"] = "exponential"
    mean_days: float = Field(gt=0, allow_inf_nan=False, description="Mean duration in days.")

    def mean(self) -> float:
        """Mean duration in days."""
        return self.mean_days

    def sampler(self) -> Sampler:
        return exponential_sampler(self.mean_days)

    def residual_sampler(self) -> ResidualSampler:
        return exponential_residual(self.mean_days)


class LogNormal(_Dist):
    """Right-skewed duration given by its mean and standard deviation (in days)."""

    dist: Literal["lognormal"] = "lognormal"
    mean_days: float = Field(gt=0, allow_inf_nan=False, description="Mean in days.")
    sd_days: float = Field(gt=0, allow_inf_nan=False, description="Standard deviation in days.")

    def mean(self) -> float:
        """Mean duration in days."""
        return self.mean_days

    def sampler(self) -> Sampler:
        return lognormal_sampler(self.mean_days, self.sd_days)

    def residual_sampler(self) -> ResidualSampler:
        return lognormal_residual(self.mean_days, self.sd_days)


class Gamma(_Dist):
    """Gamma duration given by its mean and standard deviation (in days)."""

    dist: Literal["gamma"] = "gamma"
    mean_days: float = Field(gt=0, allow_inf_nan=False, description="Mean in days.")
    sd_days: float = Field(gt=0, allow_inf_nan=False, description="Standard deviation in days.")

    def mean(self) -> float:
        """Mean duration in days."""
        return self.mean_days

    def sampler(self) -> Sampler:
        return gamma_sampler(self.mean_days, self.sd_days)

    def residual_sampler(self) -> ResidualSampler:
        return gamma_residual(self.mean_days, self.sd_days)


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
        """Mean duration in days."""
        return sum(v * p for v, p in zip(self.values_days, self.probabilities, strict=True))

    def sampler(self) -> Sampler:
        return discrete_sampler(self.values_days, self.probabilities)

    def residual_sampler(self) -> ResidualSampler:
        return discrete_residual(self.values_days, self.probabilities)


Distribution = Annotated[Fixed | Exponential | LogNormal | Gamma | Empirical, Field(discriminator="dist")]
