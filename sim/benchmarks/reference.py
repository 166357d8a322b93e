"""The reference of the benchmarks: a minimal hand-written event loop of an M/M/c queue.

The practical speed limit of event simulation in Python, run with the same number of
servers, customers and horizon as the model it is compared with (see :mod:`sim.benchmarks`).
"""

from __future__ import annotations

import heapq
import math
import random
import time
from collections import deque
from dataclasses import dataclass
from typing import NamedTuple

#: the seed of every benchmark run
SEED = 1

#: the utilisation the reference queue is run at
REFERENCE_RHO = 0.9


# ---------------------------------------------------------------- the reference
@dataclass
class ReferenceResult:
    """Outcome and cost of one run of the M/M/c reference loop."""

    servers: int
    arrival_rate: float
    mean_service: float
    horizon: float
    initial_in_service: int
    customers: int
    served: int
    events: int
    mean_wait: float
    wall_time_s: float


def mmc_reference(
    servers: int,
    arrival_rate: float,
    mean_service: float,
    horizon: float,
    initial_in_service: int = 0,
    seed: int = SEED,
) -> ReferenceResult:
    """Simulate an M/M/c FIFO queue with a bare ``heapq`` event loop until ``horizon``.

    Events are ``(time, kind)`` tuples (times are continuous, so ties do not occur); an
    arrival schedules the next arrival and either starts service or joins a ``deque``; a
    departure starts the next customer's service or frees the server. ``initial_in_service``
    customers are in service at time 0 (their remaining service is exponential: memoryless).
    ``customers`` counts those plus the arrivals; ``mean_wait`` is the mean time in queue of
    customers who started service, for checks against Erlang C. The wall time covers set-up
    and the loop.
    """
    if servers < 1 or arrival_rate <= 0 or mean_service <= 0:
        raise ValueError("servers, arrival_rate and mean_service must be positive")
    if not 0 <= initial_in_service <= servers:
        raise ValueError("initial_in_service must be between 0 and servers")
    t0 = time.perf_counter()
    expo = random.Random(seed).expovariate
    push, pop = heapq.heappush, heapq.heappop
    mu = 1.0 / mean_service
    heap: list[tuple[float, int]] = [(expo(mu), 1) for _ in range(initial_in_service)]
    heapq.heapify(heap)
    push(heap, (expo(arrival_rate), 0))
    queue: deque[float] = deque()
    busy = initial_in_service
    arrivals = events = started = 0
    wait_sum = 0.0
    while heap:
        now, kind = pop(heap)
        if now > horizon:
            break
        events += 1
        if kind == 0:  # arrival
            arrivals += 1
            push(heap, (now + expo(arrival_rate), 0))
            if busy < servers:
                busy += 1
                started += 1
                push(heap, (now + expo(mu), 1))
            else:
                queue.append(now)
        elif queue:  # departure, next customer in
            wait_sum += now - queue.popleft()
            started += 1
            push(heap, (now + expo(mu), 1))
        else:  # departure, server idle
            busy -= 1
    wall = time.perf_counter() - t0
    return ReferenceResult(
        servers=servers,
        arrival_rate=arrival_rate,
        mean_service=mean_service,
        horizon=horizon,
        initial_in_service=initial_in_service,
        customers=initial_in_service + arrivals,
        served=started,
        events=events,
        mean_wait=wait_sum / started if started else math.nan,
        wall_time_s=wall,
    )


class ReferenceParameters(NamedTuple):
    """Parameters of the reference queue for one model run."""

    servers: int
    initial_in_service: int
    arrival_rate: float
    mean_service: float


def reference_parameters(
    dwellings: int, households: int, horizon_days: float, rho: float = REFERENCE_RHO
) -> ReferenceParameters:
    """Parameters of the reference queue matching a model run (see the module docstring).

    ``arrival_rate`` is per day and ``mean_service`` in days, such that
    ``arrival_rate * mean_service / servers == rho`` and the expected number of customers
    (those in service at the start plus the arrivals) over ``horizon_days`` is ``households``.
    """
    c = max(1, int(dwellings))
    n0 = min(c, round(rho * c))
    lam = max(1.0, households - n0) / horizon_days
    return ReferenceParameters(c, n0, lam, rho * c / lam)


def erlang_c(servers: int, arrival_rate: float, mean_service: float) -> tuple[float, float]:
    """Erlang C: probability of waiting and mean wait in queue of a stable M/M/c queue.

    Uses the Erlang B recursion, which is stable for thousands of servers.
    """
    a = arrival_rate * mean_service
    rho = a / servers
    if rho >= 1:
        raise ValueError(f"unstable queue (rho = {rho:.3f})")
    b = 1.0
    for k in range(1, servers + 1):
        b = a * b / (k + a * b)
    p_wait = b / (1.0 - rho * (1.0 - b))
    return p_wait, p_wait / (servers / mean_service - arrival_rate)
