"""The scenario schema, section by section: frozen pydantic specs, no runtime state.

The running model (``sim.model`` and its components) reads these specs but never defines
one, so runtime code imports no pydantic. :mod:`sim.scenario` assembles the sections into
the :class:`~sim.scenario.Scenario`.
"""

from sim.spec.base import F, Money, Rate, Share, Spec

__all__ = ["F", "Money", "Rate", "Share", "Spec"]
