"""Small Streamlit building blocks shared by the pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from dashboard.i18n import fmt_interval, fmt_value, t
from dashboard.tables import kpi_help, kpi_kind, kpi_label

#: plotly's toolbar: keep the PNG download, drop the rest of the clutter
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def chart(fig: go.Figure, key: str) -> None:
    """Show a figure full width with the PNG download button in its toolbar."""
    st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, width="stretch")


def kpi_cards(summary: dict[str, dict[str, Any]], kpis: Sequence[str], lang: str, per_row: int = 3) -> None:
    """KPI cards: the mean large, its 95 % interval below, the definition as help."""
    for start in range(0, len(kpis), per_row):
        cols = st.columns(per_row)
        for col, kpi in zip(cols, kpis[start : start + per_row], strict=False):
            v = summary.get(kpi)
            if v is None:
                continue
            kind = kpi_kind(kpi)
            with col:
                st.metric(
                    kpi_label(kpi, lang),
                    fmt_value(v["mean"], kind, lang),
                    help=kpi_help(kpi, lang),
                    border=True,
                )
                st.caption(t("kpi.ci", lang, ci=fmt_interval(v["ci95"][0], v["ci95"][1], kind, lang)))


def coming_soon(page: str, lang: str) -> None:
    """A page whose analysis lands with a later issue."""
    st.title(t(f"nav.{page}", lang))
    st.info(t("coming.banner", lang), icon=":material/construction:")
    st.markdown(t(f"coming.{page}", lang))
