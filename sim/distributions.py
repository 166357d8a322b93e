"""Draws by inversion: one uniform number in, one duration (or table value) out.

A household's pre-drawn "fate" uniforms map to the same quantile in every scenario, so
common random numbers stay strong when a distribution's parameters change. The scenario's
distribution specs (:mod:`sim.spec.distributions`) build their samplers from these.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from typing import Any

try:  # the C function behind NormalDist().inv_cdf, called without the method's Python frame
    from statistics import _normal_dist_inv_cdf  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - an interpreter without it
    from statistics import NormalDist as _NormalDist

    def _normal_dist_inv_cdf(p: float, mu: float, sigma: float) -> float:
        return _NormalDist(mu, sigma).inv_cdf(p)


#: a draw by inversion: ``u`` in [0, 1) -> a value
Sampler = Callable[[float], Any]


def std_normal_quantile(u: float) -> float:
    """The standard normal quantile of ``u`` in (0, 1), as ``NormalDist().inv_cdf(u)``
    (callers keep ``u`` inside the open interval, as that method demands)."""
    result: float = _normal_dist_inv_cdf(u, 0.0, 1.0)
    return result


def fixed_sampler(value: float) -> Callable[[float], float]:
    """Always ``value``."""
    return lambda u: value


def exponential_sampler(mean: float) -> Callable[[float], float]:
    """Exponential durations with mean ``mean``."""
    log = math.log
    return lambda u: -mean * log(1.0 - u)


def lognormal_sampler(mean: float, sd: float) -> Callable[[float], float]:
    """Log-normal durations given by their mean and standard deviation."""
    s2 = math.log(1.0 + (sd / mean) ** 2)
    mu = math.log(mean) - s2 / 2.0
    s = math.sqrt(s2)
    inv = std_normal_quantile
    exp = math.exp

    def draw(u: float) -> float:
        u = min(max(u, 1e-12), 1.0 - 1e-12)
        return exp(mu + s * inv(u))

    return draw


def gamma_sampler(mean: float, sd: float) -> Callable[[float], float]:
    """Gamma durations given by their mean and standard deviation."""
    from scipy.special import gammaincinv

    shape = (mean / sd) ** 2
    scale = sd**2 / mean

    def draw(u: float) -> float:
        return float(gammaincinv(shape, u)) * scale

    return draw


#: the remaining part of a spell already under way: (u for its length, u for how far in) -> days
ResidualSampler = Callable[[float, float], float]


def fixed_residual(value: float) -> ResidualSampler:
    """Remaining time of a fixed spell under way at a random moment: uniform on [0, value]."""
    return lambda u_length, u_position: value * (1.0 - u_position)


def exponential_residual(mean: float) -> ResidualSampler:
    """Remaining time of an exponential spell under way: a fresh exponential (memoryless)."""
    log = math.log
    return lambda u_length, u_position: -mean * log(1.0 - u_length)


def lognormal_residual(mean: float, sd: float) -> ResidualSampler:
    """Remaining time of a log-normal spell under way: a length-biased log-normal (log-mean
    raised by the log-variance) times a uniform share left."""
    s2 = math.log(1.0 + (sd / mean) ** 2)
    mu = math.log(mean) - s2 / 2.0 + s2
    s = math.sqrt(s2)
    inv = std_normal_quantile
    exp = math.exp

    def draw(u_length: float, u_position: float) -> float:
        u = min(max(u_length, 1e-12), 1.0 - 1e-12)
        return exp(mu + s * inv(u)) * (1.0 - u_position)

    return draw


def gamma_residual(mean: float, sd: float) -> ResidualSampler:
    """Remaining time of a gamma spell under way: a length-biased gamma (shape + 1) times a
    uniform share left."""
    from scipy.special import gammaincinv

    shape = (mean / sd) ** 2
    scale = sd**2 / mean

    def draw(u_length: float, u_position: float) -> float:
        return float(gammaincinv(shape + 1.0, u_length)) * scale * (1.0 - u_position)

    return draw


def discrete_residual(values: Sequence[float], probabilities: Sequence[float]) -> ResidualSampler:
    """Remaining time of a spell from a table, under way: the table weighted by length
    (a long spell is more likely to be under way) times a uniform share left."""
    weights = [v * p for v, p in zip(values, probabilities, strict=True)]
    total = sum(weights, 0.0)
    if total <= 0:
        return lambda u_length, u_position: 0.0
    length = discrete_sampler(values, [w / total for w in weights])
    return lambda u_length, u_position: float(length(u_length)) * (1.0 - u_position)


def discrete_sampler(values: Sequence[Any], probabilities: Sequence[float]) -> Sampler:
    """Inverse-CDF sampler of a discrete table: ``u`` in [0, 1) -> one of ``values``."""
    cum: list[float] = []
    acc = 0.0
    for p in probabilities:
        acc += p
        cum.append(acc)
    cum[-1] = 1.0 + 1e-12
    vals = list(values)
    right = bisect.bisect_right

    def draw(u: float) -> Any:
        return vals[right(cum, u)]

    return draw


def exponential_time(rate_per_day: float, u: float) -> float:
    """Time to an event of a constant hazard by inversion; ``inf`` when the rate is 0."""
    if rate_per_day <= 0.0:
        return math.inf
    return -math.log(1.0 - u) / rate_per_day
