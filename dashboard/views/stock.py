"""Placeholder page: the analysis lands with a later issue."""

from dashboard import state, ui

ui.coming_soon("stock", state.lang())
