"""An error type for schema validators that know which field broke a rule.

A model validator sees the whole model, so pydantic reports its errors at the model's
location (``groups.youth.household_persons``). Raising :class:`FieldValueError` instead of
``ValueError`` lets the validator name the field inside the model
(``probabilities``), and :mod:`sim.loader` then points at that field's line in the file.
"""

from __future__ import annotations

from typing import Any

_UNSET: Any = object()


class FieldValueError(ValueError):
    """A validation rule broken by one field, named relative to the validated model.

    Parameters
    ----------
    message
        What is wrong, in plain words, without the field name.
    *path
        Keys from the validated model down to the offending field.
    value
        The value to show as ``(got ...)``; by default the value found at ``path``.
    """

    def __init__(self, message: str, *path: str | int, value: Any = _UNSET):
        super().__init__(message)
        self.path: tuple[str | int, ...] = path
        self.value = value

    @property
    def has_value(self) -> bool:
        """Whether an explicit value to show was given."""
        return self.value is not _UNSET


class InvariantError(RuntimeError):
    """A model invariant broke; the message names the seed and replication to reproduce it."""
